"""Values for tests of the conversions of a data value (file, database)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from enum import StrEnum
from typing import Any

from chuyendoiso.engine.domain.datavalues import VALUE_FIELDS, DataValue, ValueField

_SAMPLES: dict[type, Any] = {
    str: "x",
    int: 2,
    Decimal: Decimal("12.5"),
    dt.date: dt.date(2024, 12, 1),
}


def every_field_set(**given: Any) -> DataValue:
    """A value whose fields all differ from their defaults, but those ``given``: a field that a
    conversion leaves out or reads back wrong then shows."""
    return DataValue(**({each.name: _not_default(each) for each in VALUE_FIELDS} | given))


def at_default(value: DataValue) -> list[str]:
    """The fields of ``value`` left at their default."""
    return [each.name for each in VALUE_FIELDS if getattr(value, each.name) == each.default]


def _not_default(field: ValueField) -> Any:
    if issubclass(field.kind, StrEnum):
        return next(member for member in field.kind if member != field.default)
    return _SAMPLES[field.kind]
