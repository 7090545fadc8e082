"""The SQL statements of one run, generated once in DuckDB's dialect (Spark gets them transpiled).

An engine registers, for each input file ``k``, a view ``f{k}`` with the file's columns plus
``_row`` (1-based record number), for a CSV file with malformed records a view ``m{k}``
with their ``_row`` and ``_detail`` (see ``csv_records``), and the tables
``known_units(code)`` and ``input_files(_file, path)``. Then it runs, in order:

1. ``checked``: every record typed, with the first reason it breaks the schema (a view);
2. the key checks of the source's key policy (``keys``): the records whose key is missing,
   repeated or superseded (``key_problems``, a few), reading the key column alone; with a
   ledger the keys are written out first (``ledger``) and checked against earlier runs';
3. the aggregate: per file, reason and org unit, the row counts and every metric's measure;
4. the quarantine: the rejected records with their file, row, reason and stored values
   (written by ``quarantine.write_quarantine``), and the ledger's excluded rows.

``run_steps`` runs steps 1-4 through an engine's :class:`Steps`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from typing import Protocol

from chuyendoiso.engine.domain.periods import Period
from chuyendoiso.engine.sources import grouped
from chuyendoiso.engine.sources.checks import (
    FileScan,
    Physical,
    Reason,
    malformed_select,
    typed_select,
)
from chuyendoiso.engine.sources.definitions import (
    KeyPolicy,
    Measure,
    MetricDefinition,
    SourceDefinition,
    Window,
    normal_name,
)
from chuyendoiso.engine.sources.expressions import DIALECT, literal, parse_filter, quote
from chuyendoiso.engine.sources.inputs import InputFile, SourceInputError
from chuyendoiso.engine.sources.keys import (
    SUPERSEDED,
    DuplicateSearch,
    KeyFindings,
    find_key_problems,
    keys_sql,
)
from chuyendoiso.engine.sources.ledger import Ledger, LedgerPart, parts
from chuyendoiso.engine.sources.results import AggregateRow


def match_columns(
    definition: SourceDefinition, file: InputFile, stored: dict[str, Physical]
) -> tuple[dict[str, str], dict[str, Physical]]:
    """The file's column for each schema column, and how each is stored.

    A schema column is looked for under its export name (``definition.columns``, else its
    own); letter case, surrounding spaces and a byte-order mark in a header are ignored;
    other columns are left out. A file without a required column, or with two columns that
    could both be one schema column (``id`` and ``ID``), cannot be read as records.
    """
    return frame_columns(definition, file, stored)


def frame_columns(
    definition: SourceDefinition,
    file: InputFile,
    frame: dict[str, Physical],
    written: list[str] | None = None,
) -> tuple[dict[str, str], dict[str, Physical]]:
    """:func:`match_columns` over a file read into a frame whose columns (``frame``, in
    order) may be named apart from the names written in the file (``written``, in the same
    order): a reader renames repeated names and names that differ only in letter case
    (``ID`` read as ``ID_1``). Returns the frame's column for each schema column, and how
    each is stored."""
    pairs = list(zip(written, frame, strict=True)) if written is not None else []
    pairs = pairs or [(name, name) for name in frame]
    by_normal: dict[str, list[tuple[str, str]]] = {}
    for name, column in pairs:
        by_normal.setdefault(normal_name(name), []).append((name, column))
    schema = definition.schema
    wanted = {c.name: normal_name(definition.export_name(c.name)) for c in schema.columns}
    clashes = [by_normal[n] for n in wanted.values() if len(by_normal.get(n, ())) > 1]
    if clashes:
        raise SourceInputError(
            "Tệp có nhiều cột cùng có thể là một cột của lược đồ (trùng tên, hoặc chỉ khác "
            "chữ hoa, chữ thường hay khoảng trắng) / several columns of the file could be "
            "the same column",
            file=str(file.path),
            columns=[", ".join(repr(name) for name, _ in found) for found in clashes],
        )
    matched = {name: by_normal[n][0][1] for name, n in wanted.items() if n in by_normal}
    missing = [
        _as_exported(definition, c.name)
        for c in schema.columns
        if c.required and c.name not in matched
    ]
    if missing:
        raise SourceInputError(
            "Tệp thiếu cột bắt buộc / the file lacks required columns",
            file=str(file.path),
            columns=missing,
        )
    return matched, {name: frame[column] for name, column in matched.items()}


def check_columns(definition: SourceDefinition, file: InputFile, written: list[str]) -> None:
    """Raise as :func:`frame_columns` would for a file whose columns are ``written``, before
    a reader that refuses names differing only in case (Spark) sees it."""
    frame_columns(definition, file, {f"c{i}": Physical.OTHER for i in range(len(written))}, written)


def _as_exported(definition: SourceDefinition, column: str) -> str:
    """A schema column as a message names it: the export's name, then the schema's."""
    export = definition.export_name(column)
    return column if export == column else f"{export} ({column})"


def checked_sql(definition: SourceDefinition, scans: list[FileScan]) -> str:
    trusted = definition.key_policy is KeyPolicy.TRUSTED  # no key pass: check missing here
    selects = [
        typed_select(definition.schema, s.physical, s.view, s.index, check_key=trusted)
        for s in scans
    ]
    selects += [
        malformed_select(definition.schema, s.malformed, s.index) for s in scans if s.malformed
    ]
    return "\nUNION ALL\n".join(selects)


def _flagged(definition: SourceDefinition, with_key_problems: bool) -> str:
    """Every record with its final reason and column (NULL when accepted)."""
    if not with_key_problems:
        return "SELECT checked.*, _reason AS _final, _column AS _final_column FROM checked"
    missing, key = literal(Reason.MISSING_ID.value), literal(definition.schema.key.name)
    return (
        "SELECT c.*, "
        f"CASE WHEN k.reason = {missing} THEN k.reason ELSE COALESCE(c._reason, k.reason) END "
        "AS _final, "
        f"CASE WHEN k.reason = {missing} OR c._reason IS NULL AND k.reason IS NOT NULL "
        f"THEN {key} ELSE c._column END AS _final_column "
        "FROM checked AS c LEFT JOIN key_problems AS k ON c._file = k._file AND c._row = k._row"
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


def filter_sql(metric: MetricDefinition, columns: tuple[str, ...]) -> str | None:
    """The metric's filter, checked and rendered in DuckDB's dialect (None without one)."""
    if not metric.filter:
        return None
    expression, problems = parse_filter(metric.filter, columns)
    if expression is None:  # definitions are checked when read; this is a programming error
        raise ValueError(f"{metric.indicator}: {'; '.join(problems)}")
    return expression.sql(dialect=DIALECT)


def _measure(metric: MetricDefinition, condition: str) -> str:
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


def aggregate_sql(definition: SourceDefinition, period: Period, *, with_key_problems: bool) -> str:
    """Rows ``(_file, _reason, _unit, _all_files, _rows, _active, m0, m1, ...)``.

    ``_all_files`` is 1 on run totals (``_file`` NULL), which exist only when some measure
    does not add up across files; ``_active`` counts accepted records in any metric's window.
    Each distinct window and filter is computed once per record (``_w*``, ``_f*``), and the
    aggregates only combine these flags.
    """
    columns = definition.schema.names
    unit = quote(definition.metrics[0].org_unit_column) if definition.metrics else "NULL"
    windows: dict[str, str] = {}
    filters: dict[str, str] = {}
    measures = []
    for i, metric in enumerate(definition.metrics):
        window = windows.setdefault(window_sql(metric, period), f"_w{len(windows)}")
        condition = window
        if (found := filter_sql(metric, columns)) is not None:
            condition += " AND " + filters.setdefault(found, f"_f{len(filters)}")
        measures.append(f", {_measure(metric, condition)} AS m{i}")
    flags = [f"f._final IS NULL AND ({sql}) AS {name}" for sql, name in windows.items()]
    flags += [f"COALESCE(({sql}), FALSE) AS {name}" for sql, name in filters.items()]
    active = " OR ".join(windows.values()) or "FALSE"
    keys = "_file, _final, _unit"
    if needs_run_totals(definition):
        grouping, all_files = f"GROUPING SETS (({keys}), (_final, _unit))", "GROUPING(_file)"
    else:
        grouping, all_files = keys, "0"
    flagged = _flagged(definition, with_key_problems)
    return (
        f"SELECT _file, _final AS _reason, _unit, {all_files} AS _all_files, "
        f"COUNT(*) AS _rows, COUNT(*) FILTER (WHERE {active}) AS _active"
        + "".join(measures)
        + f" FROM (SELECT f.*, CASE WHEN f._final IS NULL THEN {unit} END AS _unit"
        + "".join(f", {flag}" for flag in flags)
        + f" FROM ({flagged}) AS f) AS a GROUP BY {grouping}"
    )


def quarantine_sql(definition: SourceDefinition, *, with_key_problems: bool) -> str:
    raws = ", ".join(
        f"{quote('_raw_' + name)} AS {quote(name)}" for name in definition.schema.names
    )
    return (
        "SELECT i.path AS file, q._row AS row, q._final AS reason, q._final_column AS column, "
        f"q._detail AS detail, {raws} FROM ({_flagged(definition, with_key_problems)}) AS q "
        "JOIN input_files AS i ON i._file = q._file "
        f"WHERE q._final IS NOT NULL AND q._final <> {literal(SUPERSEDED)} "
        "ORDER BY q._file, q._row"
    )


def excluded_sql(definition: SourceDefinition, *, with_key_problems: bool) -> str:
    """``(_file, _row)`` of the records not accepted: what the ledger leaves out."""
    return (
        f"SELECT _file, _row FROM ({_flagged(definition, with_key_problems)}) AS q "
        "WHERE q._final IS NOT NULL"
    )


CHECKING_KEYS = "kiểm tra mã bản ghi / checking record ids"
AGGREGATING = "tổng hợp chỉ tiêu / aggregating"
WRITING_QUARANTINE = "ghi tệp cách ly / writing the quarantine file"


def readable(files: list[InputFile]) -> list[tuple[int, InputFile]]:
    """The files an engine registers, with their index: an empty file holds no record."""
    return [(i, f) for i, f in enumerate(files) if f.size > 0]


class Steps(Protocol):
    """What an engine does with the statements of a run (DuckDB dialect, see the module doc)."""

    search: DuplicateSearch
    engine: str  # whose hash the ledger's parts hold

    def view(self, name: str, sql: str) -> None: ...

    def materialise(self, name: str, sql: str) -> int: ...

    def aggregate(self, sql: str) -> list[AggregateRow]: ...

    def write_quarantine(self, sql: str, rows: int) -> None: ...

    def fetch(self, sql: str) -> list[tuple[object, ...]]: ...

    def write_by_file(self, sql: str, folder: Path) -> str:
        """Write the rows of ``sql`` as Parquet, one folder ``_file=N`` per file; return SQL
        reading them back (with ``_file``)."""

    def register_ledger(self, parts: list[LedgerPart]) -> None:
        """The view ``ledger(_row, k, h[, v], path)`` over the prior files' parts."""


@dataclass
class RunOutcome:
    """The aggregate rows of a run and what else it produced."""

    rows: list[AggregateRow]
    quarantined: bool = False  # a quarantine file was written
    outvoted: list[str] = field(default_factory=list)  # prior files whose kept records lost


def run_steps(
    definition: SourceDefinition,
    scans: list[FileScan],
    period: Period,
    steps: Steps,
    progress: Callable[[str], None],
    ledger: Ledger | None = None,
) -> RunOutcome:
    """Steps 1-4 over the registered files (the quarantine file only when some record is
    rejected; the ledger's parts only with a ledger)."""
    steps.view("checked", checked_sql(definition, scans))
    progress(CHECKING_KEYS)
    if definition.key_policy is KeyPolicy.TRUSTED:
        ledger = None  # a trusted source's ids are neither searched nor kept
    run_keys = keys_sql(definition, scans)
    if ledger is not None:
        run_keys = steps.write_by_file(run_keys, ledger.out / "keys")
        steps.register_ledger(parts(ledger))
    found: KeyFindings = find_key_problems(
        definition, run_keys, steps.search, steps.materialise, with_ledger=ledger is not None
    )
    with_key_problems = found.problems
    progress(AGGREGATING)
    if grouped.applies(definition):
        sql = grouped.grouped_aggregate_sql(
            definition, scans, period, key_problems=with_key_problems
        )
    else:
        sql = aggregate_sql(definition, period, with_key_problems=with_key_problems)
    rows = steps.aggregate(sql)
    outcome = RunOutcome(rows)
    if found.outvoted:
        outcome.outvoted = sorted(str(row[0]) for row in steps.fetch("SELECT path FROM outvoted"))
    rejected = sum(r.rows for r in rows if r.reason not in (None, SUPERSEDED) and not r.all_files)
    if rejected:
        progress(WRITING_QUARANTINE)
        steps.write_quarantine(
            quarantine_sql(definition, with_key_problems=with_key_problems), rejected
        )
        outcome.quarantined = True
    excluded = rejected or any(r.reason == SUPERSEDED for r in rows)
    if ledger is not None and excluded:
        sql = excluded_sql(definition, with_key_problems=with_key_problems)
        steps.write_by_file(sql, ledger.out / "excluded")
    return outcome
