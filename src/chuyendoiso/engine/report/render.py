"""One registry of the report's output formats, and one entry point to render in any of them.

Each renderer registers its format: the media type, the file extension and the function that
writes the document, named as ``"module:function"`` so that its module is imported on first
use only (Pillow, python-docx and WeasyPrint are heavy). A function returns text (written
as UTF-8) or bytes. ``FORMATS`` is a live, read-only view of the registry, in the order the
formats were registered.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from types import MappingProxyType

from chuyendoiso.engine.domain.errors import ValidationError
from chuyendoiso.engine.report.document import ReportDocument

RenderFunction = Callable[[ReportDocument], str | bytes]


@dataclass(frozen=True)
class Renderer:
    format: str  # "docx", as asked for
    media_type: str  # sent as the Content-Type of a download
    extension: str  # of the file written, without the dot
    function: str  # "package.module:function", imported on first use

    def load(self) -> RenderFunction:
        module_name, _, name = self.function.partition(":")
        found: RenderFunction = getattr(importlib.import_module(module_name), name)
        return found


_REGISTRY: dict[str, Renderer] = {}
FORMATS: Mapping[str, Renderer] = MappingProxyType(_REGISTRY)


def register_renderer(renderer: Renderer) -> Renderer:
    """Add an output format; registering a format again replaces its renderer."""
    if not renderer.format or ":" not in renderer.function:
        raise ValueError(f"a renderer needs a format and a 'module:function': {renderer}")
    _REGISTRY[renderer.format] = renderer
    return renderer


def renderer_for(fmt: str) -> Renderer:
    """The renderer of a format, or a ``ValidationError`` listing the formats there are."""
    try:
        return _REGISTRY[fmt]
    except KeyError:
        raise ValidationError(
            f"Định dạng không hỗ trợ / unsupported format: {fmt}",
            field="format",
            value=fmt,
            allowed=list(_REGISTRY),
        ) from None


def render(doc: ReportDocument, fmt: str) -> bytes:
    output = renderer_for(fmt).load()(doc)
    return output.encode("utf-8") if isinstance(output, str) else output


_HERE = "chuyendoiso.engine.report"
for _renderer in (
    Renderer(
        "md", "text/markdown; charset=utf-8", "md", f"{_HERE}.render_markdown:render_markdown"
    ),
    Renderer("html", "text/html; charset=utf-8", "html", f"{_HERE}.render_html:render_html"),
    Renderer(
        "docx",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "docx",
        f"{_HERE}.render_docx:render_docx",
    ),
    Renderer("pdf", "application/pdf", "pdf", f"{_HERE}.render_pdf:render_pdf"),
):
    register_renderer(_renderer)
