"""A figure as a rollup keeps it, and back: a plain mapping of text and integers.

The rollup (chuyendoiso.analytics.rollup) keeps the figures the engine computed, by
indicator, unit and period; what it keeps is read back into the same ``Figure``, field for
field. The indicator, the unit and the period asked for are the rollup's key, not part of
the record. A period without an identifier that reads back into it (a free date range) is
not kept: ``keepable`` says which are.
"""

from __future__ import annotations

import datetime as dt
import functools
from decimal import Decimal
from typing import Any

from chuyendoiso.engine.analytics.aggregate import Figure
from chuyendoiso.engine.domain.datavalues import Origin, Qualifier
from chuyendoiso.engine.domain.errors import CdsError
from chuyendoiso.engine.domain.periods import Calendar, Period, parse_period

Record = dict[str, Any]
_DECIMALS = ("value", "numerator", "denominator", "change_stated", "level_stated")
_INTEGERS = ("decimals", "scale", "reporting_units", "expected_units")


def figure_record(figure: Figure) -> Record:
    """What the rollup keeps of ``figure`` (its indicator, unit and period are the key)."""
    record: Record = {name: _text(getattr(figure, name)) for name in _DECIMALS}
    record |= {name: getattr(figure, name) for name in _INTEGERS}
    record["own_period"] = [figure.own_period.id, figure.own_period.calendar.value]
    record["qualifier"] = figure.qualifier.value
    record["origins"] = sorted(origin.value for origin in figure.origins)
    record["reference_date"] = figure.reference_date and figure.reference_date.isoformat()
    return record


def figure_of(record: Record, *, indicator: str, unit: str, period: Period) -> Figure:
    """The figure ``figure_record`` kept, for the key it was kept under."""
    reference = record["reference_date"]
    own_id, own_calendar = record["own_period"]
    return Figure(
        indicator=indicator,
        unit=unit,
        period=period,
        value=Decimal(record["value"]),
        own_period=_period(own_id, own_calendar),
        numerator=_decimal(record["numerator"]),
        denominator=_decimal(record["denominator"]),
        qualifier=Qualifier(record["qualifier"]),
        decimals=int(record["decimals"]),
        scale=int(record["scale"]),
        reference_date=dt.date.fromisoformat(reference) if reference else None,
        origins=frozenset(Origin(each) for each in record["origins"]),
        reporting_units=int(record["reporting_units"]),
        expected_units=int(record["expected_units"]),
        change_stated=_decimal(record["change_stated"]),
        level_stated=_decimal(record["level_stated"]),
    )


def keepable(period: Period) -> bool:
    """The period reads back from its identifier and calendar (every type but a free
    range does)."""
    try:
        return _period(period.id, period.calendar.value) == period
    except CdsError:
        return False


@functools.lru_cache(maxsize=4096)
def _period(period_id: str, calendar: str) -> Period:
    return parse_period(period_id, Calendar(calendar))


def _text(value: Decimal | None) -> str | None:
    return None if value is None else str(value)


def _decimal(text: str | None) -> Decimal | None:
    return None if text is None else Decimal(text)
