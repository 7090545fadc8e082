"""What the audit keeps of a value: the name of its history (its key as text) and its
fields as text, before and after a change."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from chuyendoiso.audit.services import Change
from chuyendoiso.datavalues.services.resolve import Resolved, key_columns
from chuyendoiso.engine.domain import datavalues as engine
from chuyendoiso.engine.domain.periods import Calendar

# the fields an audit row keeps of a value, besides its key
_KEPT = tuple(each.name for each in engine.VALUE_FIELDS if each.name not in engine.KEY_FIELDS)


def key_text(row: Resolved) -> str:
    value = row.value
    return _named(
        row.indicator.code,
        row.org_unit.code,
        row.period.id,
        value.category_option,
        row.period.calendar.value,
        value.status,
    )


def value_key_text(value: engine.DataValue) -> str:
    """How an audit row names a value (the key of its history): INDICATOR/UNIT/PERIOD, then
    the option, and the calendar and status when they are not the usual ones."""
    return _named(
        value.indicator,
        value.org_unit,
        value.period,
        value.category_option,
        value.calendar,
        value.status,
    )


def _named(
    indicator: str, unit: str, period: str, option: str, calendar: str, status: engine.Status
) -> str:
    parts = [indicator, unit, period]
    if option:
        parts.append(option)
    if calendar != Calendar.CALENDAR.value:
        parts.append(f"calendar={calendar}")
    if status is not engine.Status.APPROVED:
        parts.append(f"status={status.value}")
    return "/".join(parts)


def snapshot(value: engine.DataValue) -> dict[str, Any]:
    """What an audit row keeps of a value: every field but its key, as text."""
    return {name: _text(getattr(value, name)) for name in _KEPT}


def stated(value: engine.DataValue) -> dict[str, Any]:
    """A value as stated, without the file it came from: the same figure read again from
    another file (an export) is not a change of it."""
    return {name: text for name, text in snapshot(value).items() if name != "source"}


def changes(
    rows: list[Resolved],
    previous: Mapping[tuple[object, ...], engine.DataValue],
    source_name: str,
) -> Iterator[Change]:
    """(key, before, after) of each written value that is new or differs from the stored one."""
    for row in rows:
        stored = previous.get(key_columns(row))
        before = None if stored is None else snapshot(stored)
        after = snapshot(row.value)
        if before != after:
            yield key_text(row), before, after | {"source_name": source_name}


def _text(given: object) -> str | None:
    return None if given is None else engine.field_text(given)
