"""The one conversion between a stored row (``models.DataValue``) and the engine's value.

Both ways follow the fields of the engine's ``DataValue`` (``VALUE_FIELDS``): a field is
the column of the same name. Spelt out here are only the fields stored as a foreign key
(the row holds the indicator, org unit and category option; the value holds their codes)
and the columns computed from the period. docs/datavalues.md says what a new field takes.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator, Sequence
from decimal import Decimal
from enum import StrEnum
from typing import Any, TypeVar

from django.db.models import QuerySet

from chuyendoiso.catalog.models import CategoryOption, Indicator
from chuyendoiso.datavalues.models import DataValue
from chuyendoiso.engine.domain import datavalues as engine
from chuyendoiso.engine.domain.errors import CdsError
from chuyendoiso.engine.domain.periods import Period
from chuyendoiso.orgunits.models import OrgUnit

# the fields held as a foreign key, and the lookups that give their code
RELATED: dict[str, tuple[str, ...]] = {
    "indicator": ("indicator__code",),
    "org_unit": ("org_unit__code",),
    "category_option": ("category_option__category__code", "category_option__code"),
}
# columns that are not fields of a value: computed from its period, or kept for the record
PERIOD_COLUMNS = ("period_type", "start_date", "end_date")
BOOKKEEPING_COLUMNS = ("id", "created_by", "created_at", "updated_at")
_T = TypeVar("_T")
logger = logging.getLogger(__name__)
# the lookups that name where a row is, for messages about it
_PLACE = {"indicator": "indicator__code", "org_unit": "org_unit__code", "period": "period"}
# what a row is read with, in the order of VALUE_FIELDS
LOOKUPS = tuple(
    lookup for each in engine.VALUE_FIELDS for lookup in RELATED.get(each.name, (each.name,))
)


def values_read(
    rows: QuerySet[DataValue], *extra: str
) -> Iterator[tuple[engine.DataValue, tuple[Any, ...]]]:
    """Each row of ``rows`` as the engine's value, with the row's ``extra`` lookups.

    One query, without model instances; the ordering and filters of ``rows`` apply.
    """
    width = len(LOOKUPS)
    for record in rows.values_list(*LOOKUPS, *extra):
        yield value_of(record[:width]), tuple(record[width:])


def values_read_skipping(
    rows: QuerySet[DataValue],
    convert: Callable[[engine.DataValue, tuple[Any, ...]], _T],
    *extra: str,
) -> Iterator[_T]:
    """``convert(value, extra)`` of each row of ``rows``, read as by ``values_read``.

    A row that cannot be read or converted (a period that is no period, a status that is no
    status: written around the services) is logged with its place (id, indicator, unit,
    period) and skipped, so that one bad row does not stop every report that reads it.
    """
    width = len(LOOKUPS)
    for record in rows.values_list(*LOOKUPS, "pk", *extra):
        try:
            converted = convert(value_of(record[:width]), tuple(record[width + 1 :]))
        except (CdsError, ValueError) as exc:
            where = {name: record[LOOKUPS.index(lookup)] for name, lookup in _PLACE.items()}
            logger.warning(
                "Bỏ qua số liệu không đọc được / skipped an unreadable data value: "
                "id=%s indicator=%s org_unit=%s period=%s: %s",
                record[width],
                *where.values(),
                exc,
                extra={"datavalue": {"id": record[width], **where}},
            )
            continue
        yield converted


def values_of(rows: QuerySet[DataValue]) -> list[engine.DataValue]:
    return [value for value, _ in values_read(rows)]


def value_of(record: Sequence[Any]) -> engine.DataValue:
    """The engine's value of a record read with LOOKUPS."""
    given: dict[str, Any] = {}
    position = 0
    for name, width, convert in _READERS:
        given[name] = convert(*record[position : position + width])
        position += width
    return engine.DataValue(**given)


def row_of(
    value: engine.DataValue,
    *,
    indicator: Indicator,
    org_unit: OrgUnit,
    category_option: CategoryOption | None,
    period: Period,
    created_by_id: int | None = None,
) -> DataValue:
    """The row that stores ``value``, given what its codes and period id resolve to."""
    return DataValue(
        **columns_of(value, period),
        indicator=indicator,
        org_unit=org_unit,
        category_option=category_option,
        created_by_id=created_by_id,
    )


def columns_of(value: engine.DataValue, period: Period) -> dict[str, Any]:
    """The columns of the row that stores ``value`` but its foreign keys and bookkeeping
    (what ``row_of`` sets from its arguments), by field name."""
    columns: dict[str, Any] = {name: _column(getattr(value, name)) for name in _OWN_COLUMNS}
    columns |= {
        "period": period.id,
        "calendar": period.calendar.value,
        "period_type": period.type.value,
        "start_date": period.start,
        "end_date": period.end,
    }
    return columns


# the fields of a value stored in a column of its own (not a foreign key)
_OWN_COLUMNS = tuple(each.name for each in engine.VALUE_FIELDS if each.name not in RELATED)


def _exact(number: Decimal) -> Decimal:
    """A stored decimal without the storage's trailing zeros (1830.000000 -> 1830,
    89.440000 -> 89.44), as it was given."""
    integral = number.to_integral_value()
    return integral if number == integral else number.normalize()


def _column(value: object) -> object:
    return value.value if isinstance(value, StrEnum) else value


def _option_code(category: str | None, option: str | None) -> str:
    return (
        "" if category is None or option is None else engine.category_option_code(category, option)
    )


def _reader(field: engine.ValueField) -> tuple[str, int, Callable[..., Any]]:
    """(name, lookups read, conversion of their values) of one field."""
    if field.name == "category_option":
        return field.name, 2, _option_code
    width = len(RELATED.get(field.name, (field.name,)))
    if issubclass(field.kind, StrEnum):
        return field.name, width, field.kind
    if field.kind is Decimal:
        return field.name, width, lambda number: None if number is None else _exact(number)
    return field.name, width, lambda stored: stored


_READERS = [_reader(each) for each in engine.VALUE_FIELDS]
