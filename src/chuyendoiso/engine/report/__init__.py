"""The narrative report: composed from analytics results (``compose``) in the province's
wording (``wording``, from data/report/vi/) into a ``ReportDocument``, and rendered by the
renderer registered for a format (``render``: MD, HTML, DOCX, PDF).
Import from this package, not from its modules. Importing it loads no renderer's library
(Pillow, python-docx, WeasyPrint): each is imported when its format is first rendered.
"""

from chuyendoiso.engine.report.compose import ReportRequest, compose_report, report_symbol
from chuyendoiso.engine.report.document import Chart, ChartSeries, ReportDocument, Section
from chuyendoiso.engine.report.render import (
    FORMATS,
    Renderer,
    register_renderer,
    render,
    renderer_for,
)
from chuyendoiso.engine.report.render_html import render_html, report_css
from chuyendoiso.engine.report.render_markdown import render_markdown
from chuyendoiso.engine.report.wording import LevelLetterhead, Templates

__all__ = [
    "FORMATS",
    "Chart",
    "ChartSeries",
    "LevelLetterhead",
    "Renderer",
    "ReportDocument",
    "ReportRequest",
    "Section",
    "Templates",
    "compose_report",
    "register_renderer",
    "render",
    "render_html",
    "render_markdown",
    "renderer_for",
    "report_css",
    "report_symbol",
]
