"""Record checks as SQL: each column read into its type, and the first reason a record breaks.

Text (CSV, JSON Lines, text columns of Parquet) must match a strict pattern before it is
cast, so that DuckDB and Spark accept and reject exactly the same values; a column stored
in its own type (a Parquet timestamp) is taken as it is. The reason of a record is the
first problem found, column by column in schema order (docs/sources.md lists them).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from chuyendoiso.engine.sources.expressions import literal, quote
from chuyendoiso.engine.sources.schema import Column, ColumnType, RecordSchema, Role


class Physical(StrEnum):
    """How a column is stored in one input file."""

    TEXT = "text"
    TIMESTAMP = "timestamp"  # with or without time zone
    DATE = "date"
    BOOLEAN = "boolean"
    INTEGER = "integer"
    DECIMAL = "decimal"
    FLOAT = "float"
    OTHER = "other"  # lists, structs, binary: never valid


@dataclass(frozen=True)
class FileScan:
    """One registered input file: its index, its view, the columns it stores and the view
    of its malformed records (None when there are none)."""

    index: int
    view: str
    physical: dict[str, Physical]
    malformed: str | None = None
    key_complete: bool = False  # the file's statistics show no missing or empty key


class Reason(StrEnum):
    MALFORMED_LINE = "malformed_line"  # a CSV record that cannot be read (csv_records)
    MISSING_ID = "missing_id"
    MISSING_VALUE = "missing_value"
    INVALID_DATE = "invalid_date"
    INVALID_VALUE = "invalid_value"
    UNKNOWN_ORG_UNIT = "unknown_org_unit"
    NEGATIVE_AMOUNT = "negative_amount"
    DUPLICATE_ID = "duplicate_id"


TIMESTAMP_PATTERN = (
    r"^[0-9]{4}-[0-9]{2}-[0-9]{2}"
    r"([ T]([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9](\.[0-9]{1,6})?)?)?$"
)
DATE_PATTERN = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"
INTEGER_PATTERN = r"^[+-]?[0-9]{1,18}$"
AMOUNT_PATTERN = r"^[+-]?[0-9]+(\.[0-9]+)?([eE][+-]?[0-9]+)?$"
TRUE_WORDS = ("true", "t", "1", "yes", "y", "có", "co")
FALSE_WORDS = ("false", "f", "0", "no", "n", "không", "khong")
AMOUNT_TYPE = "DECIMAL(18, 2)"

_SQL_TYPES = {
    ColumnType.TEXT: "VARCHAR",
    ColumnType.CHOICE: "VARCHAR",
    ColumnType.TIMESTAMP: "TIMESTAMP",
    ColumnType.DATE: "DATE",
    ColumnType.BOOLEAN: "BOOLEAN",
    ColumnType.INTEGER: "BIGINT",
    ColumnType.AMOUNT: AMOUNT_TYPE,
}


def sql_type(column: Column | None) -> str:
    """The SQL type of a column's values (a timestamp when there is no column)."""
    return "TIMESTAMP" if column is None else _SQL_TYPES[column.type]


def text_of(source: str) -> str:
    """A stored value as trimmed text, NULL when empty."""
    return f"NULLIF(TRIM(CAST({source} AS VARCHAR)), '')"


def key_of(source: str) -> str:
    """A key as stored (not trimmed: ids compare exactly), NULL when empty."""
    return f"NULLIF(CAST({source} AS VARCHAR), '')"


def _matches(text: str, pattern: str) -> str:
    return f"regexp_matches({text}, {literal(pattern)})"


def _words(text: str, words: tuple[str, ...]) -> str:
    return f"LOWER({text}) IN ({', '.join(literal(w) for w in words)})"


def typed(column: Column, physical: Physical | None) -> tuple[str, bool]:
    """SQL for the column in its type, and whether a stored value can fail to convert.

    ``physical`` None means the file has no such column.
    """
    source = quote(column.name)
    if physical is None:
        return f"CAST(NULL AS {_SQL_TYPES[column.type]})", False
    if physical is Physical.OTHER:
        return f"CAST(NULL AS {_SQL_TYPES[column.type]})", True
    text = text_of(source)
    match column.type:
        case ColumnType.TEXT if column.role is Role.KEY:
            return key_of(source), False
        case ColumnType.TEXT:
            return text, False
        case ColumnType.CHOICE:
            return f"LOWER({text})", False
        case ColumnType.TIMESTAMP | ColumnType.DATE:
            return _temporal(column.type, physical, source, text)
        case ColumnType.BOOLEAN:
            if physical is Physical.BOOLEAN:
                return source, False
            if physical is Physical.INTEGER:
                return f"CASE WHEN {source} = 1 THEN TRUE WHEN {source} = 0 THEN FALSE END", True
            true, false = _words(text, TRUE_WORDS), _words(text, FALSE_WORDS)
            return f"CASE WHEN {true} THEN TRUE WHEN {false} THEN FALSE END", True
        case ColumnType.INTEGER:
            if physical is Physical.INTEGER:
                return f"CAST({source} AS BIGINT)", False
            if physical in (Physical.DECIMAL, Physical.FLOAT):
                whole = f"{source} = FLOOR({source})"
                return f"CASE WHEN {whole} THEN TRY_CAST({source} AS BIGINT) END", True
            digits = _matches(text, INTEGER_PATTERN)
            return f"CASE WHEN {digits} THEN TRY_CAST({text} AS BIGINT) END", True
        case ColumnType.AMOUNT:
            if physical in (Physical.INTEGER, Physical.DECIMAL, Physical.FLOAT):
                return f"TRY_CAST({source} AS {AMOUNT_TYPE})", True
            cast = f"TRY_CAST({text} AS {AMOUNT_TYPE})"
            return f"CASE WHEN {_matches(text, AMOUNT_PATTERN)} THEN {cast} END", True
    raise AssertionError(column.type)  # pragma: no cover - every type is handled above


def _temporal(kind: ColumnType, physical: Physical, source: str, text: str) -> tuple[str, bool]:
    sql_type = _SQL_TYPES[kind]
    if physical in (Physical.TIMESTAMP, Physical.DATE):
        return f"CAST({source} AS {sql_type})", False
    if physical is not Physical.TEXT:
        return f"CAST(NULL AS {sql_type})", True
    pattern = TIMESTAMP_PATTERN if kind is ColumnType.TIMESTAMP else DATE_PATTERN
    return f"CASE WHEN {_matches(text, pattern)} THEN TRY_CAST({text} AS {sql_type}) END", True


def key_expression(schema: RecordSchema, physical: dict[str, Physical]) -> str:
    """The key of a record of a file with these columns (the duplicate search reads no more)."""
    key = schema.key
    expression, _ = typed(key, physical.get(key.name))
    return expression


def typed_select(
    schema: RecordSchema,
    physical: dict[str, Physical],
    view: str,
    file_index: int,
    *,
    check_key: bool = False,
) -> str:
    """One file's records with typed columns, their stored text (``_raw_*``) and a reason.

    The key's own problems (missing, repeated) are found apart, from the key column alone
    (``keys``), unless ``check_key``: then a missing key is the first reason here.
    """
    inner = [f"{file_index} AS _file", "_row"]
    reasons: list[tuple[str, Reason, Column]] = []
    if check_key:
        reasons.append((f"{quote(schema.key.name)} IS NULL", Reason.MISSING_ID, schema.key))
    for column in schema.columns:
        kind = physical.get(column.name)
        expression, can_fail = typed(column, kind)
        name, raw_name = quote(column.name), quote("_raw_" + column.name)
        inner.append(f"{expression} AS {name}")
        raw = text_of(name) if kind is not None else "CAST(NULL AS VARCHAR)"
        inner.append(f"{raw} AS {raw_name}")
        if can_fail:
            invalid = Reason.INVALID_DATE if column.is_temporal else Reason.INVALID_VALUE
            reasons.append((f"{raw_name} IS NOT NULL AND {name} IS NULL", invalid, column))
        if column.required and column.role is not Role.KEY:  # keys: see keys.py
            reasons.append((f"{name} IS NULL", Reason.MISSING_VALUE, column))
        if column.type is ColumnType.CHOICE:
            choices = ", ".join(literal(c) for c in column.choices)
            reasons.append((f"{name} NOT IN ({choices})", Reason.INVALID_VALUE, column))
        if column.role is Role.ORG_UNIT:
            unknown = f"{name} IS NOT NULL AND {quote('_known_' + column.name)}.code IS NULL"
            reasons.append((unknown, Reason.UNKNOWN_ORG_UNIT, column))
        if column.type is ColumnType.AMOUNT:
            reasons.append((f"{name} < 0", Reason.NEGATIVE_AMOUNT, column))
    reason = " ".join(f"WHEN {cond} THEN {literal(r.value)}" for cond, r, _ in reasons)
    where = " ".join(f"WHEN {cond} THEN {literal(c.name)}" for cond, _, c in reasons)
    joins = "".join(
        f" LEFT JOIN known_units AS {quote('_known_' + c.name)}"
        f" ON {quote('_known_' + c.name)}.code = r.{quote(c.name)}"
        for c in schema.columns
        if c.role is Role.ORG_UNIT
    )
    return (
        f"SELECT r.*, CASE {reason} END AS _reason, CASE {where} END AS _column, "
        f"CAST(NULL AS VARCHAR) AS _detail FROM (SELECT {', '.join(inner)} FROM {view}) AS r{joins}"
    )


def malformed_select(schema: RecordSchema, view: str, file_index: int) -> str:
    """One file's malformed records (``view``: ``_row``, ``_detail``), with the columns of
    :func:`typed_select` (no values, reason ``malformed_line``)."""
    columns = "".join(
        f", CAST(NULL AS {_SQL_TYPES[c.type]}) AS {quote(c.name)}"
        f", CAST(NULL AS VARCHAR) AS {quote('_raw_' + c.name)}"
        for c in schema.columns
    )
    return (
        f"SELECT {file_index} AS _file, _row{columns}, "
        f"{literal(Reason.MALFORMED_LINE.value)} AS _reason, CAST(NULL AS VARCHAR) AS _column, "
        f"_detail FROM {view}"
    )
