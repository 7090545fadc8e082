"""One entry point for every output format of the report."""

from __future__ import annotations

from chuyendoiso.engine.domain.errors import ValidationError
from chuyendoiso.engine.report.document import ReportDocument

FORMATS = {
    "md": ("text/markdown; charset=utf-8", "md"),
    "html": ("text/html; charset=utf-8", "html"),
    "docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", "docx"),
    "pdf": ("application/pdf", "pdf"),
}


def render(doc: ReportDocument, fmt: str) -> bytes:
    # imported here: each renderer pulls a heavy library (matplotlib, python-docx, WeasyPrint)
    if fmt == "md":
        from chuyendoiso.engine.report.render_markdown import render_markdown

        return render_markdown(doc).encode("utf-8")
    if fmt == "html":
        from chuyendoiso.engine.report.render_html import render_html

        return render_html(doc).encode("utf-8")
    if fmt == "docx":
        from chuyendoiso.engine.report.render_docx import render_docx

        return render_docx(doc)
    if fmt == "pdf":
        from chuyendoiso.engine.report.render_pdf import render_pdf

        return render_pdf(doc)
    raise ValidationError(
        f"Định dạng không hỗ trợ / unsupported format: {fmt}",
        field="format",
        value=fmt,
        allowed=sorted(FORMATS),
    )
