"""What every renderer of the report lays out the same way: the measures of an
administrative document (Nghị định 30/2020/NĐ-CP, Phụ lục I), the numbering of the charts'
captions and the way a chart's figure is written.

Plain data and string work only: the renderers import this module, never one another.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from chuyendoiso.engine.domain.vnnumbers import format_number
from chuyendoiso.engine.report.document import ReportDocument


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


def format_value(value: Decimal) -> str:
    """A figure as stated: as many decimals as the Decimal carries (89.44 -> "89,44")."""
    exponent = value.as_tuple().exponent
    decimals = -exponent if isinstance(exponent, int) and exponent < 0 else 0
    return format_number(value, decimals)
