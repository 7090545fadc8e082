"""The reported province figures the demo series are built around.

A flow stated for a single day is read as counted from 1 January.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from chuyendoiso.engine.demo.geography import PROVINCE
from chuyendoiso.engine.demo.months import index_of, time_of
from chuyendoiso.engine.domain.adminunits import MERGER_DATE
from chuyendoiso.engine.domain.catalog import Catalog
from chuyendoiso.engine.domain.datavalues import DataValue, Origin
from chuyendoiso.engine.domain.periods import Calendar, Period, PeriodType, parse_period

_DAYS_PER_MONTH = 365.25 / 12
_WHOLE_MONTHS = (PeriodType.YEAR, PeriodType.HALF, PeriodType.QUARTER, PeriodType.MONTH)

Window = tuple[int, int]  # first and last month index, inclusive


@dataclass(frozen=True)
class Anchor:
    """A reported province figure, as a point the series must follow."""

    value: DataValue
    period: Period

    @property
    def as_of(self) -> dt.date:
        return self.value.reference_date or self.period.end

    @property
    def before_merger(self) -> bool:
        return self.as_of < MERGER_DATE

    @property
    def span(self) -> tuple[dt.date, dt.date]:
        if self.period.type is PeriodType.DAY:  # a flow "as of" a day: since 1 January
            return dt.date(self.period.end.year, 1, 1), self.period.end
        return self.period.start, self.period.end

    @property
    def centre(self) -> float:
        start, end = self.span
        return (time_of(start) + time_of(end)) / 2

    @property
    def months(self) -> float:
        start, end = self.span
        return ((end - start).days + 1) / _DAYS_PER_MONTH

    @property
    def window(self) -> Window | None:
        """The calendar months the figure covers exactly, if it covers whole months."""
        if self.period.calendar is not Calendar.CALENDAR or self.period.type not in _WHOLE_MONTHS:
            return None
        return index_of(self.period.start), index_of(self.period.end)

    @property
    def parts(self) -> tuple[Decimal, Decimal] | None:
        num, den = self.value.numerator, self.value.denominator
        if num is None or den is None or den <= 0 or not 0 <= num <= den:
            return None
        return num, den


def province_anchors(catalog: Catalog, reported: Sequence[DataValue]) -> dict[str, list[Anchor]]:
    """The reported totals at "19" of each catalogue indicator, oldest first."""
    codes = {indicator.code for indicator in catalog.indicators}
    found: dict[str, list[Anchor]] = {}
    for value in reported:
        if (
            value.org_unit == PROVINCE
            and not value.category_option
            and value.origin is not Origin.SYNTHETIC
            and value.indicator in codes
            and value.value >= 0
        ):
            period = parse_period(value.period, Calendar(value.calendar))
            found.setdefault(value.indicator, []).append(Anchor(value, period))
    for anchors in found.values():
        anchors.sort(key=lambda a: (a.as_of, a.period.start, a.period.id, a.value.value))
    return found
