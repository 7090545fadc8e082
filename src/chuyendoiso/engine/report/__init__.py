"""The narrative report: composed from analytics results (``compose``) into a
``ReportDocument`` and rendered to MD, HTML, DOCX and PDF (``render``).
Import from this package, not from its modules.
"""

from chuyendoiso.engine.report.compose import ReportRequest, Templates, compose_report
from chuyendoiso.engine.report.document import Chart, ChartSeries, ReportDocument, Section
from chuyendoiso.engine.report.render import FORMATS, render
from chuyendoiso.engine.report.render_html import render_html, report_css
from chuyendoiso.engine.report.render_markdown import render_markdown

__all__ = [
    "FORMATS",
    "Chart",
    "ChartSeries",
    "ReportDocument",
    "ReportRequest",
    "Section",
    "Templates",
    "compose_report",
    "render",
    "render_html",
    "render_markdown",
    "report_css",
]
