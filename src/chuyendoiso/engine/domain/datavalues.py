"""Data values: one figure of an indicator for an org unit and a period."""

from __future__ import annotations

import datetime as dt
import types
import typing
from collections.abc import Iterable, Mapping
from dataclasses import MISSING, dataclass, field, fields
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum

from chuyendoiso.engine.domain.catalog import Category, Indicator, MeasureUnit, ValueType

# The magnitudes a figure can be stated in (1, nghìn, triệu, tỷ, nghìn tỷ, triệu tỷ): the ones
# engine.vnnumbers has a word for.
SCALES = (1, 10**3, 10**6, 10**9, 10**12, 10**15)
# What the database keeps exactly (numeric(28, 6)): more would be rounded or refused.
MAX_DIGITS = 28
MAX_DECIMAL_PLACES = 6


class Qualifier(StrEnum):
    """How the figure was stated: exactly, or with a word that bounds it."""

    EXACT = "exact"
    GAN = "gan"  # gần: nearly
    HON = "hon"  # hơn: more than
    TREN = "tren"  # trên: over
    KHOANG = "khoang"  # khoảng: about

    @property
    def word_vi(self) -> str:
        return _QUALIFIER_WORDS[self]


_QUALIFIER_WORDS = {
    Qualifier.EXACT: "",
    Qualifier.GAN: "gần",
    Qualifier.HON: "hơn",
    Qualifier.TREN: "trên",
    Qualifier.KHOANG: "khoảng",
}


class Status(StrEnum):
    """Whether a figure counts: a draft (for example read from a document) waits for a
    reviewer and is left out of analytics, reports and exports until approved."""

    DRAFT = "draft"
    APPROVED = "approved"


@dataclass(frozen=True)
class Unapproved:
    """The drafts that a report or a page of a unit and period leaves out: how many values,
    of how many units, and the names of their indicators (in catalogue order)."""

    values: int = 0
    units: int = 0
    indicators: tuple[str, ...] = ()


class Origin(StrEnum):
    REPORTED = "reported"  # stated by a reporting unit or a published report
    DERIVED = "derived"  # computed from a reported comparison (for example a same-period value)
    COMPUTED = "computed"  # computed by a source connector from the raw records of a system
    SYNTHETIC = "synthetic"  # generated for the demo; never real data


@dataclass(frozen=True)
class DataValue:
    """The one definition of a data value's fields: the database row, the values file and the
    analytics follow it (docs/datavalues.md). The fields are in the order of a file's columns."""

    indicator: str
    org_unit: str
    period: str
    # keyword-only, so that it may stand before ``value`` without making it optional
    category_option: str = field(default="", kw_only=True)  # "" is the total; else CAT:OPTION
    value: Decimal
    calendar: str = "calendar"  # the calendar the period id is read in (engine.periods.Calendar)
    status: Status = Status.APPROVED
    numerator: Decimal | None = None
    denominator: Decimal | None = None
    qualifier: Qualifier = Qualifier.EXACT
    decimals: int = 0  # decimals shown when reported (89,44% -> 2)
    scale: int = 1  # magnitude the figure was stated in (6,6 triệu -> 1_000_000)
    reference_date: dt.date | None = None
    origin: Origin = Origin.REPORTED
    source: str = ""
    comment: str = ""
    # a comparison with the same period of the previous year, as the report stated it:
    change_stated: Decimal | None = None  # "tăng 71,79%" -> 71.79; "giảm 3%" -> -3
    level_stated: Decimal | None = None  # "bằng 76,6% so với cùng kỳ" -> 76.6


# what identifies a value: there is at most one value (one draft, one approved) per key
KEY_FIELDS = ("indicator", "org_unit", "period", "calendar", "category_option", "status")


@dataclass(frozen=True)
class ValueField:
    """A field of :class:`DataValue` as a file or a database column holds it."""

    name: str
    kind: type  # str, int, Decimal, dt.date, or the StrEnum the field is one of
    optional: bool  # may be None
    default: object  # dataclasses.MISSING when the field must be given

    @property
    def required(self) -> bool:
        return self.default is MISSING


def _value_fields() -> tuple[ValueField, ...]:
    hints = typing.get_type_hints(DataValue)
    described = []
    for each in fields(DataValue):
        hint = hints[each.name]
        kinds = typing.get_args(hint) if isinstance(hint, types.UnionType) else (hint,)
        [kind] = [k for k in kinds if k is not type(None)]
        described.append(ValueField(each.name, kind, type(None) in kinds, each.default))
    return tuple(described)


VALUE_FIELDS = _value_fields()
_DECIMAL_FIELDS = tuple(each.name for each in VALUE_FIELDS if each.kind is Decimal)


def category_option_code(category: str, option: str) -> str:
    """The code a value gives its category option by: CATEGORY:OPTION."""
    return f"{category}:{option}"


def field_text(value: object) -> str:
    """A field as a file writes it: "" for none, a decimal without exponent, a date in ISO."""
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return plain_decimal(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)  # a StrEnum gives its value


def check_data_value(indicator: Indicator, value: DataValue) -> list[tuple[str, str]]:
    """The problems of one value against its indicator, as (field, reason) pairs."""
    problems: list[tuple[str, str]] = []
    if value.value < 0:
        problems.append(("value", "giá trị không được âm / value must not be negative"))
    if indicator.value_type is ValueType.COUNT and value.value != value.value.to_integral_value():
        problems.append(("value", "số lượng phải là số nguyên / a count must be a whole number"))
    if indicator.unit is MeasureUnit.PERCENT and value.value > 100:
        problems.append(("value", "tỷ lệ phần trăm phải từ 0 đến 100 / a percentage is 0..100"))
    problems += _check_parts(indicator, value)
    if value.category_option:
        category, _, option = value.category_option.partition(":")
        if category not in indicator.categories or not option:
            allowed = ", ".join(indicator.categories) or "không có / none"
            problems.append(
                (
                    "category_option",
                    f"phân tổ '{value.category_option}' không áp dụng; có: {allowed}",
                )
            )
    if value.decimals < 0 or value.decimals > 6:
        problems.append(("decimals", "số chữ số thập phân phải từ 0 đến 6"))
    if value.scale not in SCALES:
        allowed = ", ".join(str(scale) for scale in SCALES)
        problems.append(("scale", f"bậc độ lớn phải là một trong / scale one of: {allowed}"))
    for name in _DECIMAL_FIELDS:
        number = getattr(value, name)
        if isinstance(number, Decimal) and (reason := decimal_too_long(number)):
            problems.append((name, reason))
    return problems


def decimal_too_long(number: Decimal) -> str:
    """Why ``number`` cannot be stored exactly, or "" when it can."""
    if not number.is_finite():
        return "không phải số / not a number"
    _, digits, exponent = number.normalize().as_tuple()
    places = max(0, -int(exponent))
    whole = max(0, len(digits) + int(exponent))
    if places > MAX_DECIMAL_PLACES:
        return (
            f"tối đa {MAX_DECIMAL_PLACES} chữ số thập phân "
            f"/ at most {MAX_DECIMAL_PLACES} decimal places"
        )
    if whole > MAX_DIGITS - MAX_DECIMAL_PLACES:
        return (
            f"tối đa {MAX_DIGITS - MAX_DECIMAL_PLACES} chữ số phần nguyên "
            f"/ at most {MAX_DIGITS - MAX_DECIMAL_PLACES} digits before the decimal point"
        )
    return ""


def _check_parts(indicator: Indicator, value: DataValue) -> list[tuple[str, str]]:
    has_parts = value.numerator is not None or value.denominator is not None
    if indicator.value_type is not ValueType.RATIO:
        if has_parts:
            return [
                ("numerator", "chỉ chỉ tiêu tỷ lệ mới có tử số, mẫu số / only ratios have parts")
            ]
        return []
    if value.numerator is None or value.denominator is None:
        return (
            [] if not has_parts else [("denominator", "cần cả tử số và mẫu số / need both parts")]
        )
    if value.denominator <= 0:
        return [("denominator", "mẫu số phải lớn hơn 0 / denominator must be positive")]
    if value.numerator < 0:
        return [("numerator", "tử số không được âm / numerator must not be negative")]
    computed = ratio_percent(value.numerator, value.denominator, value.decimals)
    if computed != value.value:
        return [
            (
                "value",
                f"{value.numerator}/{value.denominator} = {computed}%, không khớp {value.value}% "
                "/ the parts do not give the stated percentage",
            )
        ]
    return []


def ratio_percent(numerator: Decimal, denominator: Decimal, decimals: int) -> Decimal:
    """numerator / denominator in percent, rounded half-up to ``decimals`` as officials round."""
    exact = numerator * 100 / denominator
    return exact.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)


def plain_decimal(value: Decimal) -> str:
    """A decimal without exponent or trailing zeros: 1567705, 89.44, 389000000000000."""
    return format(value.normalize(), "f")


def check_parts_add_up(
    values: Iterable[DataValue], categories: Mapping[str, Category]
) -> list[tuple[DataValue, str]]:
    """Disaggregated parts against their total, for values of one indicator, unit and period.

    The parts of one category may never exceed the total; when every option of the
    category is given, they must equal it. Percentages are not additive and are skipped
    by the caller. Returns (a value of the group, reason) pairs.
    """
    totals: dict[tuple[str, str, str, str], DataValue] = {}
    parts: dict[tuple[str, str, str, str, str], dict[str, DataValue]] = {}
    for value in values:
        key = (value.indicator, value.org_unit, value.period, value.calendar)
        if not value.category_option:
            totals[key] = value
            continue
        category, _, option = value.category_option.partition(":")
        parts.setdefault((*key, category), {})[option] = value
    problems: list[tuple[DataValue, str]] = []
    for (indicator, org_unit, period, calendar, category), options in parts.items():
        total = totals.get((indicator, org_unit, period, calendar))
        if total is None or category not in categories:
            continue
        given = sum((part.value for part in options.values()), Decimal(0))
        complete = set(categories[category].option_codes()) <= set(options)
        if given > total.value or (complete and given != total.value):
            detail = " + ".join(f"{code} {plain_decimal(p.value)}" for code, p in options.items())
            problems.append(
                (
                    next(iter(options.values())),
                    f"tổng các phần theo '{category}' ({detail} = {plain_decimal(given)}) "
                    f"không khớp tổng {plain_decimal(total.value)} / parts do not add up",
                )
            )
    return problems
