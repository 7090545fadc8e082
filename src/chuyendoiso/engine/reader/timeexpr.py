"""Periods and dates written in Vietnamese: where they are and which period they name.

6 tháng đầu năm 2024 -> 2024S1; quý II/2024 -> 2024Q2; tháng 5/2024 -> 202405; năm 2023;
từ ngày 01/01/2024-26/5/2024 and từ ngày 01/01 đến ngày 27/5/2024 -> a date range;
tính đến ngày 15/4/2024, đến 19/5/2024 -> a day "as of"; từ đầu năm đến nay -> from the
start of the year to a cut-off; lũy kế -> cumulative. Dates are day/month/year. Each
alternative is bounded, so one pass over the text is linear in its length.
"""

from __future__ import annotations

import datetime as dt
import re
from calendar import monthrange
from dataclasses import dataclass
from functools import lru_cache

from chuyendoiso.engine.domain.errors import ValidationError
from chuyendoiso.engine.domain.periods import Calendar, Period, PeriodType, parse_period
from chuyendoiso.engine.reader.normalize import fold

_DATE_PARTIAL = r"[0-9]{1,2}\s*/\s*[0-9]{1,2}(?:\s*/\s*[0-9]{4})?"
_DATE = r"[0-9]{1,2}\s*[/.]\s*[0-9]{1,2}\s*[/.]\s*[0-9]{4}"
_LONG_DATE = r"ngày\s+[0-9]{1,2}\s+tháng\s+[0-9]{1,2}\s+năm\s+[0-9]{4}"
_TO = r"\s*(?:-|đến|tới)\s*(?:hết\s+)?(?:ngày\s+)?"
_UNTIL = r"(?:tính\s+(?:đến|tới)|lũy\s+kế\s+(?:đến|tới)|cho\s+(?:đến|tới)|đến|tới)\s+(?:hết\s+)?"

_ALTERNATIVES = (
    ("range", rf"(?:từ\s+(?:ngày\s+)?{_DATE_PARTIAL}|(?:ngày\s+)?{_DATE}){_TO}{_DATE}"),
    (
        "month_range",
        r"từ\s+tháng\s+[0-9]{1,2}(?:\s*/\s*[0-9]{4}|\s+năm\s+[0-9]{4})?\s*(?:-|đến|tới)\s*"
        r"(?:hết\s+)?tháng\s+[0-9]{1,2}\s*(?:/|năm)\s*[0-9]{4}",
    ),
    ("to_day", rf"từ\s+đầu\s+năm(?:\s+[0-9]{{4}})?{_TO}{_DATE}"),
    (
        "to_now",
        r"từ\s+đầu\s+năm(?:\s+[0-9]{4})?\s+(?:đến|tới)\s+(?:nay|hiện\s+nay|hiện\s+tại"
        r"|thời\s+điểm\s+(?:hiện\s+tại|báo\s+cáo|này))",
    ),
    ("as_of", rf"{_UNTIL}(?:ngày\s+)?(?:{_DATE}|{_LONG_DATE})"),
    ("as_of_month", rf"{_UNTIL}(?:cuối\s+)?tháng\s+[0-9]{{1,2}}\s*(?:/|năm)\s*[0-9]{{4}}"),
    (
        "as_of_year",
        r"(?:tính\s+(?:đến|tới)|đến|tới)\s+(?:hết|cuối)\s+năm\s+[0-9]{4}"
        r"|(?:(?:at|by)\s+)?the\s+end\s+of\s+[0-9]{4}",
    ),
    ("date", rf"{_LONG_DATE}|ngày\s+{_DATE}"),
    ("months", r"(?:[0-9]{1,2}|sáu|chín|ba)\s+tháng\s+(?:(?:đầu|cuối)\s+)?năm(?:\s+[0-9]{4})?"),
    ("short", r"6t\s+(?:đầu|cuối)\s+[0-9]{4}|q[1-4]\s*/\s*[0-9]{4}|t[0-9]{1,2}\s*/\s*[0-9]{4}"),
    ("quarter", r"quý\s+(?:iv|i{1,3}|[1-4])(?![^\W_])(?:\s*(?:/|năm)\s*[0-9]{4})?"),
    ("month", r"tháng\s+[0-9]{1,2}\s*(?:/|năm)\s*[0-9]{4}"),
    ("month_label", r"tháng\s+[0-9]{1,2}(?=\s*:)"),  # "(tháng 1: 109.425 hồ sơ; ...)"
    ("years", r"giai\s+đoạn\s+[0-9]{4}\s*-\s*[0-9]{4}"),
    (
        "year",
        r"(?:cả\s+)?năm\s+[0-9]{4}|(?:in|for|during|throughout|from)\s+[0-9]{4}"
        # an index's edition: "DTI 2022", "(DTI) 2022"
        r"|(?:(?<=dti\s)|(?<=dti\)\s)|(?<=pci\s)|(?<=index\s))[0-9]{4}",
    ),
    ("cumulative", r"lũy\s+kế|luỹ\s+kế"),
    # the report's own period named without its number: "Trong năm, ...", "trong kỳ"
    (
        "this_period",
        r"(?:trong|cả)\s+(?:năm|tháng|quý|kỳ)(?![^\W_])(?!\s*(?:[0-9]|(?:iv|i{1,3})(?![^\W_])))",
    ),
)
# on folded text: "so với", "so cùng kỳ", "cùng kỳ" up to two words before
_BASELINE_BEFORE = re.compile(
    r"(?:so voi|so cung ky|cung ky)\s*(?:[a-z]+\s+){0,2}$|(?<![a-z])from\s+(?:[a-z0-9]+\s+){0,2}$"
)
_DATES = re.compile(r"([0-9]{1,2})\s*[/.]\s*([0-9]{1,2})(?:\s*[/.]\s*([0-9]{4}))?")
_NUMS = re.compile(r"[0-9]+")
_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4}
_WORD_NUMBERS = {"ba": 3, "sáu": 6, "sau": 6, "chín": 9, "chin": 9}


@lru_cache(maxsize=2)
def _pattern(folded: bool) -> re.Pattern[str]:
    body = "|".join(f"(?P<{name}>{alt})" for name, alt in _ALTERNATIVES)
    pattern = rf"(?<![^\W_])(?:{body})(?![0-9])"
    if folded:
        pattern = fold(pattern)
    return re.compile(pattern)


@dataclass(frozen=True)
class TimeExpr:
    start: int
    end: int
    kind: str  # one of the alternatives above
    text: str
    baseline: bool  # after "so với" / "cùng kỳ": the period compared with
    dates: tuple[tuple[int, int, int | None], ...] = ()  # (day, month, year or None)
    numbers: tuple[int, ...] = ()
    words: str = ""

    @property
    def as_of(self) -> bool:
        return self.kind in ("as_of", "as_of_month", "as_of_year")

    @property
    def to_date(self) -> bool:
        return self.kind in ("to_day", "to_now")

    @property
    def needs_year(self) -> bool:
        if self.kind in ("month_label", "this_period"):
            return True
        return self.kind in ("months", "quarter") and not any(n >= 1000 for n in self.numbers)

    def period(self, default_year: int | None = None) -> Period | None:
        """The period named, or None (no year, or dates that do not exist)."""
        try:
            return self._period(default_year)
        except (ValueError, OverflowError, ValidationError):
            return None

    def _year(self, default_year: int | None) -> int | None:
        years = [n for n in self.numbers if 1000 <= n <= 9999]
        return years[-1] if years else default_year

    def _period(self, default_year: int | None) -> Period | None:
        kind = self.kind
        if kind in ("range", "to_day", "as_of", "date"):
            return self._from_dates(default_year)
        if kind == "this_period":  # "trong năm": the year; else the report's period
            year = self._year(default_year)
            has_year = "năm" in self.words or "nam" in self.words
            return parse_period(str(year)) if year and has_year else None
        if kind == "month_label":
            year = self._year(default_year)
            return parse_period(f"{year}{self.numbers[0]:02d}") if year else None
        if kind in ("month_range", "as_of_month", "month", "short"):
            return self._from_months(default_year)
        if kind == "as_of_year":
            year = self._year(default_year)
            return _day(dt.date(year, 12, 31)) if year else None
        if kind == "months":
            return self._from_n_months(default_year)
        if kind == "quarter":
            year = self._year(default_year)
            roman = re.search(r"quý\s+(iv|i{1,3}|[1-4])", self.words) or re.search(
                r"quy\s+(iv|i{1,3}|[1-4])", self.words
            )
            if year is None or roman is None:
                return None
            index = _ROMAN.get(roman[1]) or int(roman[1])
            return parse_period(f"{year}Q{index}")
        if kind == "years":
            first, last = self.numbers[:2]
            return Period(PeriodType.RANGE, dt.date(first, 1, 1), dt.date(last, 12, 31), _CAL)
        if kind == "year":
            year = self._year(default_year)
            return parse_period(str(year)) if year else None
        return None

    def _from_dates(self, default_year: int | None) -> Period | None:
        dates = self.dates
        if not dates and len(self.numbers) >= 3:  # ngày 30 tháng 6 năm 2024
            dates = ((self.numbers[0], self.numbers[1], self.numbers[2]),)
        if not dates:
            return None
        *firsts, last = dates
        last_year = last[2] or default_year
        if last_year is None:
            return None
        end = dt.date(last_year, last[1], last[0])
        if self.kind == "to_day":
            return Period(PeriodType.RANGE, dt.date(end.year, 1, 1), end, _CAL)
        if not firsts:
            return _day(end)
        day, month, year = firsts[0]
        start = dt.date(year or end.year, month, day)
        if start == end:
            return _day(end)
        return _range_or_numbered(start, end)  # "từ 01/7 đến 30/9/2025" is 2025Q3

    def _from_months(self, default_year: int | None) -> Period | None:
        nums = list(self.numbers)
        if self.kind == "short":
            if self.words.startswith("6t"):
                half = 1 if ("đầu" in self.words or "dau" in self.words) else 2
                return parse_period(f"{nums[-1]}S{half}")
            if self.words.startswith("q"):
                return parse_period(f"{nums[-1]}Q{nums[0]}")
            return parse_period(f"{nums[-1]}{nums[0]:02d}")
        year = nums[-1]
        if self.kind == "month":
            return parse_period(f"{year}{nums[0]:02d}")
        if self.kind == "as_of_month":
            return _day(dt.date(year, nums[0], monthrange(year, nums[0])[1]))
        first_month = nums[0]
        first_year = nums[1] if len(nums) == 4 else year
        last_month = nums[-2]
        start = dt.date(first_year, first_month, 1)
        end = dt.date(year, last_month, monthrange(year, last_month)[1])
        return _range_or_numbered(start, end)

    def _from_n_months(self, default_year: int | None) -> Period | None:
        head = self.words.split()[0]
        count = int(head) if head.isdigit() else _WORD_NUMBERS.get(head, 0)
        year = self._year(default_year)
        if year is None or not 1 <= count <= 12:
            return None
        last = "cuối" in self.words or "cuoi" in self.words
        if last:
            start = dt.date(year, 12 - count + 1, 1)
            end = dt.date(year, 12, 31)
        else:
            start = dt.date(year, 1, 1)
            end = dt.date(year, count, monthrange(year, count)[1])
        return _range_or_numbered(start, end)


_CAL = Calendar.CALENDAR


def _day(day: dt.date) -> Period:
    return Period(PeriodType.DAY, day, day, _CAL)


def span(start: dt.date, end: dt.date) -> Period:
    """The period from ``start`` to ``end``: a year, half, quarter or month when it is one."""
    return _range_or_numbered(start, end)


def _range_or_numbered(start: dt.date, end: dt.date) -> Period:
    """A year, half, quarter or month when the dates are exactly one, else a range."""
    year = end.year
    if start.year == year and start.day == 1 and end.day == monthrange(year, end.month)[1]:
        months = end.month - start.month + 1
        if months == 12:
            return parse_period(str(year))
        if months == 6 and start.month in (1, 7):
            return parse_period(f"{year}S{1 if start.month == 1 else 2}")
        if months == 3 and start.month in (1, 4, 7, 10):
            return parse_period(f"{year}Q{(start.month - 1) // 3 + 1}")
        if months == 1:
            return parse_period(f"{year}{start.month:02d}")
    return Period(PeriodType.RANGE, start, end, _CAL)


def find_time_expressions(key: str, *, folded: bool) -> list[TimeExpr]:
    """Every period or date expression of ``key`` (the lower-case or folded text)."""
    found: list[TimeExpr] = []
    for match in _pattern(folded).finditer(key):
        kind = match.lastgroup or ""
        words = match.group()
        before = fold(key[max(0, match.start() - 30) : match.start()])
        dates: tuple[tuple[int, int, int | None], ...] = ()
        if kind in ("range", "to_day", "as_of", "date") and ("/" in words or "." in words):
            dates = tuple(
                (int(m[1]), int(m[2]), int(m[3]) if m[3] else None) for m in _DATES.finditer(words)
            )
        found.append(
            TimeExpr(
                start=match.start(),
                end=match.end(),
                kind=kind,
                text=words,
                baseline=bool(_BASELINE_BEFORE.search(before)) or words.startswith("from"),
                dates=dates,
                numbers=tuple(int(n) for n in _NUMS.findall(words)[:6]),
                words=words,
            )
        )
    return found
