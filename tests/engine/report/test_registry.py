"""One registry of output formats: each renderer registered with its media type, extension
and function, imported only when its format is rendered."""

from __future__ import annotations

import ast
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

import chuyendoiso.engine.report as report
from chuyendoiso.engine.domain.errors import ValidationError
from chuyendoiso.engine.report import FORMATS, Renderer, ReportDocument, register_renderer, render
from chuyendoiso.engine.report.render import _REGISTRY

PACKAGE_DIR = Path(report.__file__).parent
HEAVY = ("PIL", "docx", "weasyprint")


def tiny_document() -> ReportDocument:
    return ReportDocument(
        issuing_parent="UBND TỈNH",
        issuing_body="SỞ",
        number="Số: /BC-S",
        place_and_date="Thái Nguyên, ngày 01 tháng 01 năm 2026",
        title="BÁO CÁO",
        subtitle="Thử",
        opening=("Mở đầu.",),
        sections=(),
    )


def shout(doc: ReportDocument) -> str:
    return doc.title.upper() + " ✓"


@pytest.fixture
def registry() -> Iterator[None]:
    saved = dict(_REGISTRY)
    yield
    _REGISTRY.clear()
    _REGISTRY.update(saved)


def test_importing_the_package_loads_no_renderer_library():
    code = (
        "import sys, chuyendoiso.engine.report as r; "
        f"print(sorted(m for m in {HEAVY!r} if m in sys.modules)); print(','.join(r.FORMATS))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    loaded, formats = result.stdout.splitlines()
    assert loaded == "[]"
    assert formats == "md,html,docx,pdf"


def test_each_format_has_its_media_type_extension_and_function():
    for fmt, renderer in FORMATS.items():
        assert renderer.format == fmt and renderer.extension == fmt
        assert renderer.media_type and callable(renderer.load())
    assert FORMATS["pdf"].media_type == "application/pdf"
    assert FORMATS["md"].media_type.startswith("text/markdown")


def test_text_output_is_written_as_utf8():
    doc = tiny_document()
    markdown = render(doc, "md")
    assert markdown == report.render_markdown(doc).encode("utf-8")


def test_an_unknown_format_lists_the_formats_there_are():
    with pytest.raises(ValidationError) as caught:
        render(tiny_document(), "xlsx")
    assert caught.value.extra == {
        "field": "format",
        "value": "xlsx",
        "allowed": ["md", "html", "docx", "pdf"],
    }


@pytest.mark.usefixtures("registry")
def test_a_registered_format_is_listed_and_rendered():
    register_renderer(Renderer("txt", "text/plain; charset=utf-8", "txt", f"{__name__}:shout"))
    assert "txt" in FORMATS  # the view of the registry is live
    assert render(tiny_document(), "txt") == "BÁO CÁO ✓".encode()


@pytest.mark.usefixtures("registry")
def test_a_renderer_needs_a_format_and_a_function():
    with pytest.raises(ValueError):
        register_renderer(Renderer("txt", "text/plain", "txt", "no_colon_here"))
    with pytest.raises(ValueError):
        register_renderer(Renderer("", "text/plain", "txt", f"{__name__}:shout"))
    assert "txt" not in FORMATS


def renderer_imports(name: str) -> set[str]:
    tree = ast.parse((PACKAGE_DIR / f"{name}.py").read_text(encoding="utf-8"))
    return {
        node.module.rsplit(".", 1)[-1]
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom) and node.module
    }


@pytest.mark.parametrize("name", ["render_markdown", "render_html", "render_docx"])
def test_a_renderer_imports_no_other_renderer(name):
    others = {path.stem for path in PACKAGE_DIR.glob("render_*.py")} - {name}
    assert renderer_imports(name) & others == set()


def test_the_pdf_is_the_html_laid_out():
    assert renderer_imports("render_pdf") & {"render_docx", "render_markdown"} == set()
    assert "render_html" in renderer_imports("render_pdf")
