"""Numbers written the way Vietnamese officials write them (locale rules from Babel).

1.567.705 thuê bao, 89,44%, 07 doanh nghiệp, khoảng 389 nghìn tỷ đồng,
88.020/98.408 đảng viên (đạt 89,44%), tăng 9% so với cùng kỳ năm 2023.
Rounding is always half up, as official reports round (Babel and Python's own
``round`` would round half to even).
"""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal

from babel.numbers import format_decimal

from chuyendoiso.engine.domain.datavalues import SCALES, Qualifier, ratio_percent

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


def format_number(value: Decimal | int, decimals: int = 0) -> str:
    """Group thousands with '.', separate decimals with ',', keep ``decimals`` digits."""
    pattern = "#,##0" + ("." + "0" * decimals if decimals else "")
    return str(format_decimal(round_half_up(value, decimals), format=pattern, locale="vi"))


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


# --- reading what people type ------------------------------------------------------------------

_GROUPED = re.compile(r"\d{1,3}(\.\d{3})+")  # 1.567.705
_PLAIN = re.compile(r"\d+")


def parse_number(text: str) -> tuple[Decimal, int]:
    """A figure typed in Vietnamese notation, with the number of decimals it was typed with:
    "1.567.705" -> 1567705; "89,44" -> 89.44 (2); "1.567,5" -> 1567.5; a trailing "%" and
    spaces around are allowed. Raises ``ValueError`` with the reason for anything else, in
    particular what reads differently in English notation ("1.5", "1,234", "89.44")."""
    written = text.strip().removesuffix("%").strip()
    sign, body = ("-", written[1:]) if written.startswith("-") else ("", written)
    whole, comma, fraction = body.partition(",")
    if comma and not _PLAIN.fullmatch(fraction):
        raise ValueError(_NOT_A_NUMBER.format(text=text))
    if comma and "." not in whole and len(fraction) == 3:
        raise ValueError(
            f"'{text}' có thể là {whole}{fraction} hoặc {whole},{fraction}: viết "
            f"{format_number(Decimal(whole + fraction))} hoặc {whole},{fraction}0 "
            "/ ambiguous: thousands are grouped with '.', decimals follow ','"
        )
    if _GROUPED.fullmatch(whole):
        whole = whole.replace(".", "")
    elif not _PLAIN.fullmatch(whole):
        if re.fullmatch(r"\d+\.\d+", whole):
            raise ValueError(
                f"'{text}': dấu thập phân là dấu phẩy, ví dụ {whole.replace('.', ',')} "
                "/ decimals follow a comma in Vietnamese notation"
            )
        raise ValueError(_NOT_A_NUMBER.format(text=text))
    return Decimal(f"{sign}{whole}.{fraction}" if comma else f"{sign}{whole}"), len(fraction)


_NOT_A_NUMBER = (
    "'{text}' không phải số (ví dụ 1.567.705 hoặc 89,44) "
    "/ not a number in Vietnamese notation (1.567.705, 89,44)"
)
