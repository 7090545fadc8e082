"""Record schemas: the columns a source's export must have, their types and their rules.

A schema is derived from a record dataclass (``records.py``): each field's type gives the
column type, ``X | None`` makes the column optional, a ``StrEnum`` lists the allowed
values, and ``Annotated[..., column(...)]`` adds the description and the role (key, org
unit).
The dataclass is the documentation; the SQL checks are generated from the schema.
"""

from __future__ import annotations

import dataclasses
import types
import typing
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum
from typing import Any


class ColumnType(StrEnum):
    TEXT = "text"
    CHOICE = "choice"  # text among a fixed list (a StrEnum), compared in lower case
    TIMESTAMP = "timestamp"  # local time of Việt Nam, YYYY-MM-DD[ HH:MM[:SS[.ffffff]]]
    DATE = "date"  # YYYY-MM-DD
    BOOLEAN = "boolean"
    INTEGER = "integer"
    AMOUNT = "amount"  # exact decimal, 2 places (VND has none in practice), never negative


class Role(StrEnum):
    PLAIN = "plain"
    KEY = "key"  # the record's identifier: required, unique within a run
    ORG_UNIT = "org_unit"  # an org unit code, checked against the known units


@dataclass(frozen=True)
class Column:
    name: str
    type: ColumnType
    required: bool
    description_vi: str
    description_en: str
    role: Role = Role.PLAIN
    choices: tuple[str, ...] = ()

    @property
    def is_temporal(self) -> bool:
        return self.type in (ColumnType.TIMESTAMP, ColumnType.DATE)


@dataclass(frozen=True)
class RecordSchema:
    name: str
    description_vi: str
    description_en: str
    columns: tuple[Column, ...]

    @property
    def key(self) -> Column:
        return next(c for c in self.columns if c.role is Role.KEY)

    def column(self, name: str) -> Column | None:
        return next((c for c in self.columns if c.name == name), None)

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns)


@dataclass(frozen=True)
class ColumnInfo:
    """What a record field's ``Annotated`` metadata says about its column."""

    vi: str
    en: str
    role: Role = Role.PLAIN


def column(vi: str, en: str, *, role: Role = Role.PLAIN) -> ColumnInfo:
    """Metadata for ``Annotated[type, column(...)]``: the description and the role."""
    return ColumnInfo(vi, en, role)


_SCALARS: dict[type, ColumnType] = {
    str: ColumnType.TEXT,
    datetime: ColumnType.TIMESTAMP,
    date: ColumnType.DATE,
    bool: ColumnType.BOOLEAN,
    int: ColumnType.INTEGER,
    Decimal: ColumnType.AMOUNT,
}


def schema_of(record: type[Any], name: str) -> RecordSchema:
    """The schema of a record dataclass (first docstring paragraph: Vietnamese, then English)."""
    hints = typing.get_type_hints(record, include_extras=True)
    columns = tuple(_column(f.name, hints[f.name]) for f in dataclasses.fields(record))
    keys = [c for c in columns if c.role is Role.KEY]
    if len(keys) != 1 or not keys[0].required:
        raise TypeError(f"{record.__name__} needs exactly one required key column")
    vi, _, en = (record.__doc__ or "").strip().partition("\n\n")
    return RecordSchema(name, " ".join(vi.split()), " ".join(en.split()), columns)


def _column(name: str, hint: Any) -> Column:
    info = ColumnInfo("", "")
    if typing.get_origin(hint) is typing.Annotated:
        hint, *extras = typing.get_args(hint)
        info = next((e for e in extras if isinstance(e, ColumnInfo)), info)
    required = True
    if isinstance(hint, types.UnionType) or typing.get_origin(hint) is typing.Union:
        args = [a for a in typing.get_args(hint) if a is not type(None)]
        required = len(args) == len(typing.get_args(hint))
        hint = args[0]
    choices: tuple[str, ...] = ()
    if isinstance(hint, type) and issubclass(hint, StrEnum):
        kind, choices = ColumnType.CHOICE, tuple(member.value for member in hint)
    elif hint in _SCALARS:
        kind = _SCALARS[hint]
    else:
        raise TypeError(f"column {name}: unsupported type {hint!r}")
    return Column(
        name=name,
        type=kind,
        required=required,
        description_vi=info.vi,
        description_en=info.en,
        role=info.role,
        choices=choices,
    )
