"""Numbers written the way Vietnamese officials write them (locale rules from Babel).

1.567.705 thuê bao, 89,44%, 07 doanh nghiệp, khoảng 389 nghìn tỷ đồng,
88.020/98.408 đảng viên (đạt 89,44%), tăng 9% so với cùng kỳ năm 2023.
Rounding is always half up, as official reports round (Babel and Python's own
``round`` would round half to even).

``format_number`` also writes a number for a page shown in English (``locale="en"``:
1,567,705; 89.44); everything else here is the Vietnamese of reports and stays so.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from babel.numbers import format_decimal

from chuyendoiso.engine.domain.datavalues import SCALES, Qualifier, ratio_percent
from chuyendoiso.engine.domain.errors import ValidationError

SCALE_WORDS = dict(zip(SCALES[1:], ["nghìn", "triệu", "tỷ", "nghìn tỷ", "triệu tỷ"], strict=True))


def round_half_up(value: Decimal | int, decimals: int) -> Decimal:
    """``value`` rounded half up (away from zero on a tie) to ``decimals`` places."""
    if decimals < 0:
        raise ValueError(f"số chữ số thập phân không được âm / decimals must be >= 0: {decimals}")
    value = Decimal(value)
    if not value.is_finite():
        raise ValueError(f"không phải một số / not a finite number: {value}")
    rounded = value.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    return abs(rounded) if rounded == 0 else rounded  # never "-0"


def format_number(value: Decimal | int, decimals: int = 0, *, locale: str = "vi") -> str:
    """Keep ``decimals`` digits, rounded half up, grouped as ``locale`` writes numbers:
    Vietnamese groups thousands with '.' and separates decimals with ',' (1.567.705; 89,44),
    English the other way round (1,567,705; 89.44)."""
    pattern = "#,##0" + ("." + "0" * decimals if decimals else "")
    return str(format_decimal(round_half_up(value, decimals), format=pattern, locale=locale))


def format_count(value: Decimal | int, *, pad: bool = True) -> str:
    """A whole count; below ten with a leading zero when ``pad`` (07 doanh nghiệp)."""
    if Decimal(value) != Decimal(value).to_integral_value():
        raise ValueError(f"số lượng phải là số nguyên / a count must be a whole number: {value}")
    written = format_number(value)
    return "0" + written if pad and 0 < value < 10 else written


def format_scaled(value: Decimal | int, scale: int, decimals: int) -> str:
    """A figure stated in a magnitude word: 6,6 triệu; 389 nghìn tỷ. Scale 1 is plain."""
    if scale == 1:
        return format_number(value, decimals)
    if scale not in SCALE_WORDS:
        known = ", ".join(str(s) for s in [1, *SCALE_WORDS])
        raise ValueError(f"bậc độ lớn không hợp lệ / unknown scale {scale}; known: {known}")
    return f"{format_number(Decimal(value) / scale, decimals)} {SCALE_WORDS[scale]}"


def choose_scale(value: Decimal | int) -> int:
    """The magnitude an official would state a large amount in (1 when none is needed)."""
    for scale in (10**12, 10**9, 10**6):
        if abs(Decimal(value)) >= scale:
            return scale
    return 1


def format_percent(value: Decimal | int, decimals: int) -> str:
    """89,44%; 96%."""
    return format_number(value, decimals) + "%"


def format_figure(
    value: Decimal | int,
    *,
    decimals: int = 0,
    scale: int = 1,
    qualifier: Qualifier = Qualifier.EXACT,
    percent: bool = False,
    pad: bool = True,
) -> str:
    """The whole figure as stated: gần 140; trên 6,6 triệu; khoảng 389 nghìn tỷ; 07; 99,7%."""
    if percent and scale != 1:
        raise ValueError(
            f"tỷ lệ phần trăm không có bậc độ lớn / a percentage has no scale: {scale}"
        )
    if percent:
        number = format_percent(value, decimals)
    elif scale == 1 and decimals == 0 and Decimal(value) == Decimal(value).to_integral_value():
        number = format_count(value, pad=pad)
    else:
        number = format_scaled(value, scale, decimals)
    return f"{qualifier.word_vi} {number}" if qualifier.word_vi else number


def format_ratio(
    numerator: Decimal | int,
    denominator: Decimal | int,
    *,
    unit: str = "",
    percent: Decimal | None = None,
    decimals: int = 2,
) -> str:
    """88.020/98.408 đảng viên (đạt 89,44%); the percentage is computed when not given."""
    if denominator <= 0:
        raise ValueError(f"mẫu số phải lớn hơn 0 / denominator must be positive: {denominator}")
    if percent is None:
        percent = ratio_percent(Decimal(numerator), Decimal(denominator), decimals)
    parts = f"{format_number(numerator)}/{format_number(denominator)}"
    if unit:
        parts += f" {unit}"
    return f"{parts} (đạt {format_percent(percent, decimals)})"


def _short_percent(value: Decimal, decimals: int) -> str:
    """A percentage without trailing decimal zeros: 9,00 -> 9%; 71,80 -> 71,8%."""
    number = format_number(value, decimals)
    if "," in number:
        number = number.rstrip("0").rstrip(",")
    return number + "%"


def _same_period(year: int | None) -> str:
    return f"cùng kỳ năm {year}" if year is not None else "cùng kỳ"


def describe_change(percent_change: Decimal, decimals: int, year: int | None) -> str:
    """tăng 9% / giảm 3,5% so với cùng kỳ năm 2023; bằng cùng kỳ when it rounds to 0."""
    shown = round_half_up(percent_change, decimals)
    if shown == 0:
        return f"bằng {_same_period(year)}"
    word = "tăng" if shown > 0 else "giảm"
    return f"{word} {_short_percent(abs(shown), decimals)} so với {_same_period(year)}"


def describe_level(percent_of_previous: Decimal, decimals: int, year: int | None) -> str:
    """bằng 76,6% so với cùng kỳ năm 2023: the figure as a share of the same period."""
    return f"bằng {_short_percent(percent_of_previous, decimals)} so với {_same_period(year)}"


def format_change(
    current: Decimal | int,
    previous: Decimal | int,
    *,
    decimals: int = 2,
    year: int | None = None,
) -> str:
    """The change from the same period of the previous year, in words and percent."""
    if previous <= 0:
        raise ValueError(
            f"giá trị cùng kỳ phải lớn hơn 0 để tính tăng/giảm "
            f"/ the previous value must be positive to compute a change: {previous}"
        )
    change = (Decimal(current) - Decimal(previous)) * 100 / Decimal(previous)
    return describe_change(change, decimals, year)


# --- reading a figure typed into a form ------------------------------------------------------

_SPACES = str.maketrans("", "", " \u00a0\u202f")
_DIGITS = re.compile(r"[0-9]+")
_GROUPS = re.compile(r"[0-9]{1,3}(?:\.[0-9]{3})+")  # 1.567.705
_ENGLISH_GROUPS = re.compile(r"[1-9][0-9]{0,2}(?:,[0-9]{3})+")  # 1,234 or 1,567,705
_ENGLISH = re.compile(r"[1-9][0-9]{0,2}(?:,[0-9]{3})+(?:\.[0-9]+)?")  # 1,567,705.5
_HOW = "viết dấu chấm ngăn cách hàng nghìn và dấu phẩy trước phần thập phân: 1.567.705; 89,44"
_HOW_EN = "write '.' between thousands and ',' before decimals"


def typed_text(value: Decimal | int, decimals: int) -> str:
    """A figure as the form shows it for editing, read back by ``parse_typed_number`` to
    the same value: 1.567.705; 89,44; 1,2340 (1,234 alone would be refused as ambiguous)."""
    text = format_number(value, decimals)
    return text + "0" if _ENGLISH_GROUPS.fullmatch(text.lstrip("-")) else text


@dataclass(frozen=True)
class TypedNumber:
    """A figure as typed: its value and the decimals written (89,40 -> 2)."""

    value: Decimal
    decimals: int


def parse_typed_number(text: str) -> TypedNumber:
    """A figure typed in Vietnamese notation: ``1.567.705``, ``89,44``, ``1.234,5``, ``1234``
    (spaces between groups and a trailing ``%`` are ignored, a leading ``-`` is kept for the
    checks to refuse). The one reader of typed figures: the entry form and Excel files.

    Input that one reader would take for a whole number and another for a decimal is
    refused with how to write it: ``1.5`` (a dot marks thousands), ``1,234`` (English
    thousands, or 1,234?), ``1,234.5``. Raises ``ValidationError`` with the text as value.
    """
    given = text.strip()
    typed = given.translate(_SPACES).removesuffix("%")  # a percentage as a spreadsheet shows it
    sign = ""
    if typed[:1] in "-−":
        sign, typed = "-", typed[1:]
    if not typed:
        raise _typed_error(given, "chưa nhập số / no number")
    whole, comma, fraction = typed.partition(",")
    if _ENGLISH.fullmatch(typed) and (typed.count(",") > 1 or "." in typed):
        english = Decimal(typed.replace(",", ""))
        example = format_number(english, _places(typed))
        raise _typed_error(
            given,
            f"'{given}' viết theo kiểu tiếng Anh; hãy viết {sign}{example} "
            f"/ '{given}' is in English notation; write {sign}{example}",
        )
    if comma and "." not in whole and _ENGLISH_GROUPS.fullmatch(typed):
        as_whole = format_number(Decimal(typed.replace(",", "")))
        raise _typed_error(
            given,
            f"'{given}' có thể là {sign}{as_whole} hoặc số thập phân {sign}{typed}: nếu là số "
            f"nguyên hãy viết {sign}{as_whole}; nếu là số thập phân hãy thêm chữ số 0 ở cuối "
            f"({sign}{typed}0) / '{given}' is ambiguous: write {sign}{as_whole} for a whole "
            f"number, or add a trailing 0 for a decimal ({sign}{typed}0)",
        )
    if "." in whole and not _GROUPS.fullmatch(whole) and _DIGITS.fullmatch(fraction or "0"):
        as_decimal = whole.replace(".", ",") if whole.count(".") == 1 and not comma else ""
        suggestion = f"; nếu là số thập phân hãy viết {sign}{as_decimal}" if as_decimal else ""
        suggestion_en = f"; for a decimal write {sign}{as_decimal}" if as_decimal else ""
        raise _typed_error(
            given,
            f"'{given}': dấu chấm chỉ dùng để ngăn cách hàng nghìn{suggestion} ({_HOW}) "
            f"/ '{given}': a dot separates thousands only{suggestion_en}; {_HOW_EN}",
        )
    digits = whole.replace(".", "")
    if not _DIGITS.fullmatch(digits) or (comma and not _DIGITS.fullmatch(fraction)):
        raise _typed_error(
            given, f"'{given}' không phải một số ({_HOW}) / '{given}' is not a number; {_HOW_EN}"
        )
    return TypedNumber(Decimal(sign + digits + ("." + fraction if comma else "")), len(fraction))


def _places(english: str) -> int:
    """The decimals of a number in English notation (1,234.50 -> 2)."""
    return len(english.rpartition(".")[2]) if "." in english else 0


def _typed_error(text: str, reason: str) -> ValidationError:
    return ValidationError(reason, field="value", value=text)
