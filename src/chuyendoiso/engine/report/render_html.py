"""A report as HTML: A4 print CSS, the Nghị định 30 header, charts as inline SVG.

Nothing is loaded from elsewhere (no CDN, no font or image URL), so the page prints the same
on a closed network and WeasyPrint turns it into the PDF. ``LAYOUT`` holds the measures of
Nghị định 30/2020/NĐ-CP that the HTML and the DOCX renderers share.
"""

from __future__ import annotations

from dataclasses import dataclass

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape
from markupsafe import Markup

from chuyendoiso.engine.report.charts import render_chart_svg
from chuyendoiso.engine.report.document import ReportDocument, Section


@dataclass(frozen=True)
class Layout:
    """Page, type and spacing of an administrative document (Nghị định 30/2020/NĐ-CP, Phụ lục I)."""

    font: str = "Times New Roman"
    # Metric-compatible with Times New Roman, so lines break where Word breaks them.
    fallback_fonts: tuple[str, ...] = ("Liberation Serif", "Tinos", "TeX Gyre Termes")
    margin_top_mm: int = 20
    margin_bottom_mm: int = 20
    margin_left_mm: int = 30
    margin_right_mm: int = 15
    body_pt: int = 14
    agency_pt: int = 12  # issuing parent and body, national name
    motto_pt: int = 13
    number_pt: int = 13
    place_date_pt: int = 13
    caption_pt: int = 12
    recipients_label_pt: int = 12
    recipients_pt: int = 11
    page_number_pt: int = 13
    line_spacing: float = 1.2
    space_after_pt: int = 6
    first_line_indent_cm: float = 1.0
    left_column_cm: float = 7.0  # of the header and signature tables; the right gets the rest
    agency_rule_cm: float = 2.5  # the line under the issuing body: 1/3 to 1/2 of its name
    signature_space_pt: int = 60  # between the signer's role and name
    chart_width_cm: float = 15.0

    @property
    def text_width_cm(self) -> float:
        return (210 - self.margin_left_mm - self.margin_right_mm) / 10

    @property
    def css_font_stack(self) -> str:
        return ", ".join(f'"{name}"' for name in (self.font, *self.fallback_fonts)) + ", serif"


LAYOUT = Layout()

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


def chart_captions(doc: ReportDocument) -> list[str | None]:
    """Per section, the caption of its chart ("Biểu đồ 2. ..."), or None without a chart."""
    captions: list[str | None] = []
    count = 0
    for section in doc.sections:
        if section.chart is None:
            captions.append(None)
        else:
            count += 1
            captions.append(f"Biểu đồ {count}. {section.chart.title}")
    return captions


def render_html(doc: ReportDocument, *, standalone: bool = True) -> str:
    """The report as a whole HTML page, or (``standalone=False``) as the ``<article>`` alone,
    to embed in a page that also carries ``report_css()``."""
    sections = [
        (section, _figure(section, caption))
        for section, caption in zip(doc.sections, chart_captions(doc), strict=True)
    ]
    return _environment.get_template("report.html").render(
        part="html", doc=doc, sections=sections, standalone=standalone, layout=LAYOUT
    )


def report_css() -> str:
    """The stylesheet of the report's ``<article>`` (every rule under ``.report``), for a page
    that embeds ``render_html(doc, standalone=False)``."""
    return _environment.get_template("report.html").render(part="css", layout=LAYOUT).strip()


def _figure(section: Section, caption: str | None) -> _Figure | None:
    if section.chart is None or caption is None:
        return None
    return _Figure(caption, Markup(render_chart_svg(section.chart)))
