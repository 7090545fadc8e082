"""Reporting periods: DHIS2-style identifiers, calendar and Decree 09 dates, Vietnamese labels.

Identifiers: ``2024`` (year), ``2024S1`` (half; ``2024H1`` accepted), ``2024Q1`` (quarter),
``202401`` (month), ``20240415`` (day; ``2024-04-15`` accepted) and
``2024-01-01..2024-05-27`` (date range, both ends inclusive).

Two calendars give the same identifier different dates. ``CALENDAR`` periods are the usual
ones (statistics). ``ND09`` periods follow Nghị định 09/2019/NĐ-CP on administrative
reporting: the figures of month M are counted from the 15th of month M-1 to the 14th of M,
and halves, quarters and years are unions of such months. Days and ranges are the same dates
in both calendars.
"""

from __future__ import annotations

import re
from calendar import monthrange
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum
from functools import cached_property, lru_cache, total_ordering
from typing import assert_never

from chuyendoiso.engine.domain.errors import ValidationError


class Calendar(StrEnum):
    CALENDAR = "calendar"  # calendar months, as statistics use
    ND09 = "nd09"  # Decree 09/2019: from the 15th of the previous month to the 14th


class PeriodType(StrEnum):
    YEAR = "year"
    HALF = "half"
    QUARTER = "quarter"
    MONTH = "month"
    DAY = "day"
    RANGE = "range"


# Types numbered within a year, with how many of them a year holds.
_PER_YEAR = {
    PeriodType.YEAR: 1,
    PeriodType.HALF: 2,
    PeriodType.QUARTER: 4,
    PeriodType.MONTH: 12,
}
_TYPE_RANK = {period_type: rank for rank, period_type in enumerate(PeriodType)}
_ID_FORMS = "2024, 2024S1, 2024Q1, 202401, 20240415, 2024-01-01..2024-05-27"


@total_ordering
@dataclass(frozen=True)
class Period:
    """A reporting period; ``start`` and ``end`` are both inclusive.

    Build periods with :func:`parse_period` or :func:`period_for_date`; direct construction
    is checked, so the dates must be those of the type in the calendar.
    Periods sort by start, then end, then type and calendar.
    """

    type: PeriodType
    start: date
    end: date
    calendar: Calendar

    def __post_init__(self) -> None:
        if self.start > self.end:
            raise ValidationError(
                "Ngày kết thúc trước ngày bắt đầu / period ends before it starts",
                field="period",
                value=f"{self.start.isoformat()}..{self.end.isoformat()}",
            )
        if self.type is PeriodType.RANGE:
            return
        if self.type is PeriodType.DAY:
            expected: tuple[date, date] | None = (self.start, self.start)
        else:
            try:
                expected = _bounds(self.type, self.year, self.index, self.calendar)
            except ValueError:
                expected = None
        if (self.start, self.end) != expected:
            raise ValidationError(
                "Ngày không khớp với loại kỳ / dates do not match the period type",
                field="period",
                value=f"{self.start.isoformat()}..{self.end.isoformat()}",
                type=self.type.value,
                calendar=self.calendar.value,
            )

    @property
    def year(self) -> int:
        """The year the period is reported in: the year of its end (ND09 Q1 2024 starts in 2023)."""
        return self.end.year

    @property
    def index(self) -> int:
        """Position within the year: 1 for a year, 1-2 halves, 1-4 quarters, 1-12 months.

        0 for days and ranges, which are not numbered within a year.
        """
        if self.type in _PER_YEAR:
            return _index_of_month(self.type, self.end.month)
        return 0

    @cached_property  # read for every value of an import: worked out once per period
    def id(self) -> str:
        """The canonical identifier: 2024, 2024S1, 2024Q1, 202401, 20240415, or a date range."""
        match self.type:
            case PeriodType.YEAR:
                return f"{self.year:04d}"
            case PeriodType.HALF:
                return f"{self.year:04d}S{self.index}"
            case PeriodType.QUARTER:
                return f"{self.year:04d}Q{self.index}"
            case PeriodType.MONTH:
                return f"{self.year:04d}{self.index:02d}"
            case PeriodType.DAY:
                return self.start.isoformat().replace("-", "")
            case PeriodType.RANGE:
                return f"{self.start.isoformat()}..{self.end.isoformat()}"
            case _:
                assert_never(self.type)

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def contains(self, other: Period) -> bool:
        """Whether ``other`` lies wholly inside this period (calendars are not compared)."""
        return self.start <= other.start and other.end <= self.end

    def __lt__(self, other: object) -> bool:
        if not isinstance(other, Period):
            return NotImplemented
        return self._sort_key() < other._sort_key()

    def _sort_key(self) -> tuple[date, date, int, str]:
        return (self.start, self.end, _TYPE_RANK[self.type], self.calendar.value)

    def __str__(self) -> str:
        return self.id


# --- dates of numbered periods --------------------------------------------------------------


def _months_per(period_type: PeriodType) -> int:
    return 12 // _PER_YEAR[period_type]


def _index_of_month(period_type: PeriodType, month: int) -> int:
    return (month - 1) // _months_per(period_type) + 1


def _bounds(
    period_type: PeriodType, year: int, index: int, calendar: Calendar
) -> tuple[date, date]:
    """Start and end of a numbered period; ValueError if it does not exist."""
    if not 1 <= index <= _PER_YEAR[period_type]:
        raise ValueError(f"{period_type} {index} out of range")
    span = _months_per(period_type)
    first, last = (index - 1) * span + 1, index * span
    if calendar is Calendar.CALENDAR:
        return date(year, first, 1), date(year, last, monthrange(year, last)[1])
    # ND09: from the 15th of the month before the first month to the 14th of the last month.
    before = (year - 1, 12) if first == 1 else (year, first - 1)
    return date(*before, 15), date(year, last, 14)


def _numbered(period_type: PeriodType, year: int, index: int, calendar: Calendar) -> Period:
    start, end = _bounds(period_type, year, index, calendar)
    return Period(period_type, start, end, calendar)


def _day(d: date, calendar: Calendar) -> Period:
    return Period(PeriodType.DAY, d, d, calendar)


def _out_of_range(field: str, value: object) -> ValidationError:
    return ValidationError(
        "Ngoài phạm vi ngày hỗ trợ / outside the supported dates", field=field, value=value
    )


# --- parsing --------------------------------------------------------------------------------

_YEAR_RE = re.compile(r"(\d{4})", re.ASCII)
_HALF_RE = re.compile(r"(\d{4})[SH](\d)", re.ASCII)
_QUARTER_RE = re.compile(r"(\d{4})Q(\d)", re.ASCII)
_MONTH_RE = re.compile(r"(\d{4})(\d{2})", re.ASCII)
_DATE_RES = (
    re.compile(r"(\d{4})(\d{2})(\d{2})", re.ASCII),
    re.compile(r"(\d{4})-(\d{2})-(\d{2})", re.ASCII),
)


def parse_period(text: str, calendar: Calendar = Calendar.CALENDAR) -> Period:
    """Parse a period identifier (surrounding spaces and letter case do not matter)."""
    try:
        period = _parse(text.strip().upper(), calendar)
    except ValueError:  # a date that does not exist, such as 20240230
        period = None
    except ValidationError as exc:  # a range that ends before it starts
        raise ValidationError(exc.message, field="period", value=text) from exc
    if period is None:
        raise ValidationError(
            "Kỳ báo cáo không hợp lệ / invalid period",
            field="period",
            value=text,
            expected=_ID_FORMS,
        )
    return period


def _parse(text: str, calendar: Calendar) -> Period | None:
    if match := _YEAR_RE.fullmatch(text):
        return _numbered(PeriodType.YEAR, int(match[1]), 1, calendar)
    if match := _HALF_RE.fullmatch(text):
        return _numbered(PeriodType.HALF, int(match[1]), int(match[2]), calendar)
    if match := _QUARTER_RE.fullmatch(text):
        return _numbered(PeriodType.QUARTER, int(match[1]), int(match[2]), calendar)
    if match := _MONTH_RE.fullmatch(text):
        return _numbered(PeriodType.MONTH, int(match[1]), int(match[2]), calendar)
    if (day := _parse_date(text)) is not None:
        return _day(day, calendar)
    first, separator, last = text.partition("..")
    if separator:
        start, end = _parse_date(first), _parse_date(last)
        if start is not None and end is not None:
            return Period(PeriodType.RANGE, start, end, calendar)
    return None


def _parse_date(text: str) -> date | None:
    for pattern in _DATE_RES:
        if match := pattern.fullmatch(text):
            return date(int(match[1]), int(match[2]), int(match[3]))
    return None


# --- arithmetic -----------------------------------------------------------------------------


@lru_cache(maxsize=4096)  # asked for every unit a rule or a page reads
def same_period_last_year(p: Period) -> Period:
    """Cùng kỳ năm trước: the same period one year earlier (29 February becomes 28 February)."""
    try:
        if p.type in _PER_YEAR:
            return _numbered(p.type, p.year - 1, p.index, p.calendar)
        return Period(p.type, _year_earlier(p.start), _year_earlier(p.end), p.calendar)
    except (ValueError, OverflowError) as exc:
        raise _out_of_range("period", p.id) from exc


def _year_earlier(d: date) -> date:
    day = 28 if (d.month, d.day) == (2, 29) else d.day
    return date(d.year - 1, d.month, day)


@lru_cache(maxsize=4096)
def previous_period(p: Period) -> Period:
    """The period just before, of the same type; for a range, as long and ending the day before."""
    try:
        if p.type is PeriodType.RANGE:
            end = p.start - timedelta(days=1)
            return Period(p.type, end - timedelta(days=p.days - 1), end, p.calendar)
        return _step(p, -1)
    except (ValueError, OverflowError) as exc:
        raise _out_of_range("period", p.id) from exc


def _step(p: Period, delta: int) -> Period:
    """The period ``delta`` places after ``p`` (a day or a numbered period)."""
    if p.type is PeriodType.DAY:
        return _day(p.start + timedelta(days=delta), p.calendar)
    per_year = _PER_YEAR[p.type]
    year, position = divmod(p.year * per_year + p.index - 1 + delta, per_year)
    return _numbered(p.type, year, position + 1, p.calendar)


def period_for_date(d: date, type: PeriodType, calendar: Calendar) -> Period:
    """The period of the given type (not RANGE) that holds the day ``d``."""
    if type is PeriodType.DAY:
        return _day(d, calendar)
    if type not in _PER_YEAR:
        raise ValidationError(
            "Loại kỳ phải là năm, 6 tháng, quý, tháng hoặc ngày / "
            "type must be year, half, quarter, month or day",
            field="type",
            value=str(type),
        )
    year, month = d.year, d.month
    if calendar is Calendar.ND09 and d.day >= 15:  # counted in the next month's report
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    try:
        return _numbered(type, year, _index_of_month(type, month), calendar)
    except ValueError as exc:
        raise _out_of_range("date", d.isoformat()) from exc


def periods_within(p: Period, type: PeriodType) -> list[Period]:
    """The periods of the type (in p's calendar) lying wholly inside ``p``, in order."""
    found: list[Period] = []
    current = period_for_date(p.start, type, p.calendar)
    while current.start <= p.end:
        if p.contains(current):
            found.append(current)
        try:
            current = _step(current, 1)
        except (ValueError, OverflowError):  # past the last representable date
            break
    return found


# --- labels ---------------------------------------------------------------------------------

_ROMAN = ("I", "II", "III", "IV")
_MONTHS_EN = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def _month_vi(month: int) -> str:
    # Decree 30/2020/NĐ-CP: months 1 and 2 take a leading zero, the others do not.
    return f"{month:02d}" if month < 3 else str(month)


def format_date_vi(d: date) -> str:
    """A date as Vietnamese administrative documents write it: 01/01/2024, 27/5/2024."""
    return f"{d.day:02d}/{_month_vi(d.month)}/{d.year}"


def _format_date_en(d: date) -> str:
    return f"{d.day} {_MONTHS_EN[d.month - 1]} {d.year}"


def label_vi(p: Period, *, as_of: bool = False) -> str:
    """Vietnamese label: "quý I năm 2024"; ``as_of`` makes a day "tính đến ngày 15/4/2024".

    ``as_of`` changes only DAY labels: a stock counted on that day.
    """
    match p.type:
        case PeriodType.YEAR:
            return f"năm {p.year}"
        case PeriodType.HALF:
            return f"6 tháng {'đầu' if p.index == 1 else 'cuối'} năm {p.year}"
        case PeriodType.QUARTER:
            return f"quý {_ROMAN[p.index - 1]} năm {p.year}"
        case PeriodType.MONTH:
            return f"tháng {_month_vi(p.index)} năm {p.year}"
        case PeriodType.DAY:
            day = f"ngày {format_date_vi(p.start)}"
            return f"tính đến {day}" if as_of else day
        case PeriodType.RANGE:
            return f"từ ngày {format_date_vi(p.start)} đến ngày {format_date_vi(p.end)}"
        case _:
            assert_never(p.type)


def label_en(p: Period, *, as_of: bool = False) -> str:
    """English label: "Q1 2024"; ``as_of`` makes a day "as of 15 April 2024" (DAY only)."""
    match p.type:
        case PeriodType.YEAR:
            return str(p.year)
        case PeriodType.HALF:
            return f"{'first' if p.index == 1 else 'second'} half of {p.year}"
        case PeriodType.QUARTER:
            return f"Q{p.index} {p.year}"
        case PeriodType.MONTH:
            return f"{_MONTHS_EN[p.index - 1]} {p.year}"
        case PeriodType.DAY:
            day = _format_date_en(p.start)
            return f"as of {day}" if as_of else day
        case PeriodType.RANGE:
            return f"{_format_date_en(p.start)} to {_format_date_en(p.end)}"
        case _:
            assert_never(p.type)
