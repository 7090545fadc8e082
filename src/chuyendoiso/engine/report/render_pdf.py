"""A report as PDF: WeasyPrint lays out the HTML rendering (see docs/decisions/0004).

The fonts come from fontconfig: "Times New Roman" where it is installed, else a
metric-compatible face (Liberation Serif on Debian); WeasyPrint embeds a subset of each.
"""

from __future__ import annotations

from weasyprint import HTML  # type: ignore[import-untyped]

from chuyendoiso.engine.report.document import ReportDocument
from chuyendoiso.engine.report.render_html import render_html


def render_pdf(doc: ReportDocument) -> bytes:
    """The report as an A4 PDF with its fonts embedded."""
    pdf = HTML(string=render_html(doc, standalone=True, screen=False)).write_pdf()
    assert isinstance(pdf, bytes)
    return pdf
