"""The report as plain data, independent of any output format.

Composition (which figures, which sentences) produces a ``ReportDocument``; each
renderer (Markdown, HTML, DOCX, PDF) only lays it out.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal


@dataclass(frozen=True)
class ChartSeries:
    name: str
    values: tuple[Decimal | None, ...]  # one per label; None where there is no figure


@dataclass(frozen=True)
class Chart:
    """A bar chart: labels on the x axis (periods or units), one bar series per entry."""

    title: str
    labels: tuple[str, ...]
    series: tuple[ChartSeries, ...]
    unit_label: str = ""  # "hồ sơ", "%", ...
    note: str = ""  # e.g. "Số liệu giả lập" when any bar is synthetic


@dataclass(frozen=True)
class Section:
    number: str  # "1", "2", ... as printed before the title
    title: str
    paragraphs: tuple[str, ...]
    chart: Chart | None = None


@dataclass(frozen=True)
class ReportDocument:
    """An administrative report laid out after Nghị định 30/2020/NĐ-CP."""

    issuing_parent: str  # "UBND TỈNH THÁI NGUYÊN" (upper left, first line)
    issuing_body: str  # "SỞ KHOA HỌC VÀ CÔNG NGHỆ" (upper left, bold)
    number: str  # "Số:      /BC-SKHCN"
    place_and_date: str  # "Thái Nguyên, ngày 29 tháng 11 năm 2026"
    title: str  # "BÁO CÁO"
    subtitle: str  # "Kết quả chuyển đổi số 6 tháng đầu năm 2024"
    opening: tuple[str, ...]
    sections: tuple[Section, ...]
    recipients: tuple[str, ...] = ("Như trên;", "Lưu: VT.")
    signer_role: str = "GIÁM ĐỐC"
    signer_name: str = ""
    addressees: tuple[str, ...] = ()  # "Kính gửi: …", under the subtitle
    notes: tuple[str, ...] = field(default_factory=tuple)  # printed after the body, in italics

    NATIONAL_NAME = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    MOTTO = "Độc lập - Tự do - Hạnh phúc"
