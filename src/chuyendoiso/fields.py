"""Model fields shared by the apps."""

from __future__ import annotations

from decimal import Decimal
from typing import Any, TypedDict, TypeVar

from django.db import models

from chuyendoiso.engine.domain.datavalues import MAX_DECIMAL_PLACES, MAX_DIGITS


class DecimalSize(TypedDict):
    max_digits: int
    decimal_places: int


# the size of a figure, as the engine checks it (engine.domain.datavalues): numeric(28, 6)
AMOUNT = DecimalSize(max_digits=MAX_DIGITS, decimal_places=MAX_DECIMAL_PLACES)

_ST = TypeVar("_ST", contravariant=True)
_GT = TypeVar("_GT", covariant=True)


class ExactDecimalField(models.DecimalField[_ST, _GT]):
    """A decimal that no database turns into a float.

    PostgreSQL's ``numeric`` is exact. SQLite has no decimal type: Django stores a
    DecimalField there as a REAL and keeps 15 significant digits, so 389 nghìn tỷ đồng
    with cents, or a 20-digit amount, would come back altered. On SQLite this field is
    stored as text, written and read back digit for digit. Arithmetic on these values is
    done in Python with ``Decimal`` on SQLite (comparisons in SQL there would be textual).
    """

    def get_internal_type(self) -> str:
        # "TextField" keeps Django's SQLite float converter away from the value.
        return "TextField"

    def db_type(self, connection: Any) -> str:
        if connection.vendor == "sqlite":
            return "text"
        return f"numeric({self.max_digits}, {self.decimal_places})"

    def get_db_prep_value(self, value: Any, connection: Any, prepared: bool = False) -> Any:
        value = self.to_python(value)
        if value is None:
            return None
        if connection.vendor == "sqlite":
            return format(value.quantize(Decimal(1).scaleb(-self.decimal_places)), "f")
        return connection.ops.adapt_decimalfield_value(value, self.max_digits, self.decimal_places)

    def from_db_value(self, value: Any, expression: Any, connection: Any) -> Decimal | None:
        if value is None:
            return None
        return Decimal(value) if not isinstance(value, Decimal) else value
