"""A report as HTML: A4 print CSS, the Nghị định 30 header, charts as inline SVG.

Nothing is loaded from elsewhere (no CDN, no font or image URL), so the page prints the same
on a closed network and WeasyPrint turns it into the PDF. The measures of Nghị định
30/2020/NĐ-CP come from ``layout.LAYOUT``, which the DOCX renderer shares.
"""

from __future__ import annotations

from dataclasses import dataclass

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape
from markupsafe import Markup

from chuyendoiso.engine.report.document import ReportDocument, Section
from chuyendoiso.engine.report.layout import LAYOUT, chart_captions

_environment = Environment(
    loader=PackageLoader("chuyendoiso.engine.report", "templates"),
    autoescape=select_autoescape(default=True, default_for_string=True),
    undefined=StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
)


@dataclass(frozen=True)
class _Figure:
    caption: str
    svg: Markup


def render_html(doc: ReportDocument, *, standalone: bool = True, screen: bool = True) -> str:
    """The report as a whole HTML page, or (``standalone=False``) as the ``<article>`` alone,
    to embed in a page that also carries ``report_css()``; ``screen=False`` for print only
    (the PDF), without the rules of a screen's width."""
    sections = [
        (section, _figure(section, caption))
        for section, caption in zip(doc.sections, chart_captions(doc), strict=True)
    ]
    return _environment.get_template("report.html").render(
        part="html",
        doc=doc,
        sections=sections,
        standalone=standalone,
        screen=screen,
        layout=LAYOUT,
    )


def report_css() -> str:
    """The stylesheet of the report's ``<article>`` (every rule under ``.report``), for a page
    that embeds ``render_html(doc, standalone=False)``."""
    template = _environment.get_template("report.html")
    return template.render(part="css", screen=True, layout=LAYOUT).strip()


def _figure(section: Section, caption: str | None) -> _Figure | None:
    if section.chart is None or caption is None:
        return None
    # imported here: Pillow loads with it, and the page of the report loads this module
    from chuyendoiso.engine.report.charts import render_chart_svg

    return _Figure(caption, Markup(render_chart_svg(section.chart)))
