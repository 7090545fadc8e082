"""Calendar months as indexes (``year * 12 + month - 1``) and as a continuous scale."""

from __future__ import annotations

import datetime as dt
from calendar import monthrange

from chuyendoiso.engine.domain.adminunits import MERGER_DATE
from chuyendoiso.engine.domain.errors import ValidationError
from chuyendoiso.engine.domain.periods import PeriodType, parse_period

MERGER_MONTH = MERGER_DATE.year * 12 + MERGER_DATE.month - 1


def index_of(day: dt.date) -> int:
    return day.year * 12 + day.month - 1


def month_id(index: int) -> str:
    return f"{index // 12:04d}{index % 12 + 1:02d}"


def month_end(index: int) -> dt.date:
    year, month = index // 12, index % 12 + 1
    return dt.date(year, month, monthrange(year, month)[1])


def time_of(day: dt.date) -> float:
    """Months as a continuous scale: month index m covers [m, m + 1)."""
    return index_of(day) + (day.day - 0.5) / monthrange(day.year, day.month)[1]


def month_index(text: str, field: str) -> int:
    period = parse_period(text)
    if period.type is not PeriodType.MONTH:
        raise ValidationError("Cần một tháng / a month is expected", field=field, value=text)
    return index_of(period.start)
