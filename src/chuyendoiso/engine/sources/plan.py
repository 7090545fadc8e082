"""The SQL statements of one run, generated once in DuckDB's dialect (Spark gets them transpiled).

An engine registers, for each input file ``k``, a view ``f{k}`` with the file's columns plus
``_row`` (1-based record number), and the tables ``known_units(code)`` and
``input_files(_file, path)``. Then it runs, in order:

1. ``checked``: every record typed, with the first reason it breaks the schema (a view);
2. ``dup_candidates``: hashes of keys seen more than once, read from the key column
   alone (small; materialised);
3. ``duplicates``: the exact later occurrences of a key among valid records (small);
4. the aggregate: per file, reason and org unit, the row counts and every metric's measure;
5. the quarantine: the rejected records with their file, row, reason and stored values.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from enum import StrEnum

from chuyendoiso.engine.periods import Period
from chuyendoiso.engine.sources.checks import Physical, Reason, key_select, typed_select
from chuyendoiso.engine.sources.definitions import (
    Measure,
    MetricDefinition,
    SourceDefinition,
    Window,
)
from chuyendoiso.engine.sources.expressions import DIALECT, literal, parse_filter, quote


class DuplicateSearch(StrEnum):
    SORT = "sort"  # sort the key hashes and compare neighbours (fastest on DuckDB)
    GROUP = "group"  # group by key hash (scales out on Spark)


@dataclass(frozen=True)
class FileScan:
    """One registered input file: its index, its view and the columns it stores."""

    index: int
    view: str
    physical: dict[str, Physical]


def checked_sql(definition: SourceDefinition, scans: list[FileScan]) -> str:
    selects = [typed_select(definition.schema, s.physical, s.view, s.index) for s in scans]
    return "\nUNION ALL\n".join(selects)


def candidates_sql(
    definition: SourceDefinition, scans: list[FileScan], search: DuplicateSearch
) -> str:
    """Hashes of keys found more than once among all records (read from the key alone)."""
    schema = definition.schema
    keys = " UNION ALL ".join(key_select(schema, s.physical, s.view) for s in scans)
    hashes = f"SELECT hash(k) AS h FROM ({keys}) AS keys WHERE k IS NOT NULL"
    if search is DuplicateSearch.GROUP:
        return f"SELECT h FROM ({hashes}) AS k GROUP BY h HAVING COUNT(*) > 1"
    return (
        "SELECT DISTINCT h FROM "
        f"(SELECT h, LAG(h) OVER (ORDER BY h) AS previous FROM ({hashes}) AS k) AS s "
        "WHERE h = previous"
    )


def duplicates_sql(definition: SourceDefinition) -> str:
    key = quote(definition.schema.key.name)
    return (
        "SELECT _file, _row FROM ("
        f"SELECT _file, _row, ROW_NUMBER() OVER (PARTITION BY {key} ORDER BY _file, _row) AS n "
        f"FROM checked WHERE _reason IS NULL AND hash({key}) IN (SELECT h FROM dup_candidates)"
        ") AS d WHERE n > 1"
    )


def _flagged(definition: SourceDefinition, with_duplicates: bool) -> str:
    if not with_duplicates:
        return "SELECT checked.*, _reason AS _final, _column AS _final_column FROM checked"
    duplicate, key = literal(Reason.DUPLICATE_ID.value), literal(definition.schema.key.name)
    return (
        "SELECT c.*, "
        f"COALESCE(c._reason, CASE WHEN d._row IS NOT NULL THEN {duplicate} END) AS _final, "
        f"COALESCE(c._column, CASE WHEN d._row IS NOT NULL THEN {key} END) AS _final_column "
        "FROM checked AS c LEFT JOIN duplicates AS d ON c._file = d._file AND c._row = d._row"
    )


def _timestamp(day: object) -> str:
    return f"CAST({literal(f'{day} 00:00:00')} AS TIMESTAMP)"


def window_sql(metric: MetricDefinition, period: Period) -> str:
    """The condition placing a record's date in the period (ends inclusive, by day)."""
    column = quote(metric.date_column)
    after_end = _timestamp(period.end + timedelta(days=1))
    if metric.window is Window.TO_DATE:
        return f"{column} < {after_end}"
    return f"{column} >= {_timestamp(period.start)} AND {column} < {after_end}"


def _condition(metric: MetricDefinition, period: Period, columns: tuple[str, ...]) -> str:
    parts = ["_final IS NULL", f"({window_sql(metric, period)})"]
    if metric.filter:
        expression, problems = parse_filter(metric.filter, columns)
        if expression is None:  # definitions are checked when read; this is a programming error
            raise ValueError(f"{metric.indicator}: {'; '.join(problems)}")
        parts.append(f"({expression.sql(dialect=DIALECT)})")
    return " AND ".join(parts)


def measure_sql(metric: MetricDefinition, period: Period, columns: tuple[str, ...]) -> str:
    condition = _condition(metric, period, columns)
    match metric.measure:
        case Measure.COUNT:
            return f"COUNT(*) FILTER (WHERE {condition})"
        case Measure.SUM:
            return f"SUM({quote(metric.column or '')}) FILTER (WHERE {condition})"
        case Measure.COUNT_DISTINCT:
            return f"COUNT(DISTINCT {quote(metric.column or '')}) FILTER (WHERE {condition})"
    raise AssertionError(metric.measure)  # pragma: no cover


def needs_run_totals(definition: SourceDefinition) -> bool:
    """Whether run totals must be aggregated apart (distinct counts do not add up by file)."""
    return any(not m.measure.additive for m in definition.metrics)


def aggregate_sql(definition: SourceDefinition, period: Period, *, with_duplicates: bool) -> str:
    """Rows ``(_file, _reason, _unit, _all_files, _rows, _active, m0, m1, ...)``.

    ``_all_files`` is 1 on run totals (``_file`` NULL), which exist only when some measure
    does not add up across files; ``_active`` counts accepted records in any metric's window.
    """
    columns = definition.schema.names
    unit = quote(definition.metrics[0].org_unit_column) if definition.metrics else "NULL"
    windows = " OR ".join(f"({window_sql(m, period)})" for m in definition.metrics) or "FALSE"
    measures = [
        f"{measure_sql(m, period, columns)} AS m{i}" for i, m in enumerate(definition.metrics)
    ]
    keys = "_file, _final, _unit"
    if needs_run_totals(definition):
        grouping, all_files = f"GROUPING SETS (({keys}), (_final, _unit))", "GROUPING(_file)"
    else:
        grouping, all_files = keys, "0"
    flagged = _flagged(definition, with_duplicates)
    return (
        f"SELECT _file, _final AS _reason, _unit, {all_files} AS _all_files, "
        f"COUNT(*) AS _rows, COUNT(*) FILTER (WHERE _final IS NULL AND ({windows})) AS _active"
        + "".join(f", {m}" for m in measures)
        + f" FROM (SELECT f.*, CASE WHEN f._final IS NULL THEN {unit} END AS _unit "
        f"FROM ({flagged}) AS f) AS a GROUP BY {grouping}"
    )


def quarantine_sql(definition: SourceDefinition, *, with_duplicates: bool) -> str:
    raws = ", ".join(
        f"{quote('_raw_' + name)} AS {quote(name)}" for name in definition.schema.names
    )
    return (
        "SELECT i.path AS file, q._row AS row, q._final AS reason, q._final_column AS column, "
        f"{raws} FROM ({_flagged(definition, with_duplicates)}) AS q "
        "JOIN input_files AS i ON i._file = q._file "
        "WHERE q._final IS NOT NULL ORDER BY q._file, q._row"
    )
