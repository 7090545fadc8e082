"""Run the statements of ``plan`` on DuckDB: files are scanned, never loaded whole.

DuckDB reads the files itself (``read_parquet``, ``read_csv``, ``read_json``) and
aggregates in SQL, so memory stays within ``memory_limit`` whatever the input size; what
does not fit (the sort of key hashes for duplicates) spills to a folder in the workdir.
Settings: ``CDS_DUCKDB_MEMORY_LIMIT`` (default 2GB) and ``CDS_DUCKDB_THREADS`` (default:
all cores).
"""

from __future__ import annotations

import os
import re
import tempfile
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import duckdb

from chuyendoiso.engine.domain.periods import Period
from chuyendoiso.engine.sources.checks import FileScan, Physical
from chuyendoiso.engine.sources.csv_records import stage_csv
from chuyendoiso.engine.sources.definitions import KeyPolicy, SourceDefinition
from chuyendoiso.engine.sources.expressions import literal, quote
from chuyendoiso.engine.sources.inputs import Format, InputFile, SourceInputError, one_line
from chuyendoiso.engine.sources.keys import DuplicateSearch, ledger_sql
from chuyendoiso.engine.sources.ledger import Ledger, LedgerPart
from chuyendoiso.engine.sources.plan import (
    AGGREGATING,
    CHECKING_KEYS,
    RunOutcome,
    frame_columns,
    readable,
    run_steps,
)
from chuyendoiso.engine.sources.quarantine import write_quarantine
from chuyendoiso.engine.sources.results import AggregateRow

LOCAL_TIME_ZONE = "Asia/Ho_Chi_Minh"
DEFAULT_MEMORY_LIMIT = "2GB"

_PHYSICAL = (
    (re.compile(r"^(VARCHAR|JSON|UUID)"), Physical.TEXT),
    (re.compile(r"^TIMESTAMP"), Physical.TIMESTAMP),
    (re.compile(r"^DATE$"), Physical.DATE),
    (re.compile(r"^BOOLEAN$"), Physical.BOOLEAN),
    (re.compile(r"^(U?(TINY|SMALL|BIG|HUGE)?INT(EGER)?)$"), Physical.INTEGER),
    (re.compile(r"^DECIMAL"), Physical.DECIMAL),
    (re.compile(r"^(FLOAT|DOUBLE|REAL)$"), Physical.FLOAT),
)


def physical_of(sql_type: str) -> Physical:
    for pattern, physical in _PHYSICAL:
        if pattern.match(sql_type.upper()):
            return physical
    return Physical.OTHER


def connect(workdir: Path) -> duckdb.DuckDBPyConnection:
    """An in-memory connection with bounded memory, spilling to ``workdir``."""
    connection = duckdb.connect(":memory:")
    spill = workdir / "duckdb-spill"
    spill.mkdir(parents=True, exist_ok=True)
    memory = os.environ.get("CDS_DUCKDB_MEMORY_LIMIT", DEFAULT_MEMORY_LIMIT)
    threads = int(os.environ.get("CDS_DUCKDB_THREADS", "0")) or os.cpu_count() or 1
    for statement in (
        f"SET memory_limit = {literal(memory)}",
        f"SET threads = {threads}",
        f"SET temp_directory = {literal(str(spill))}",
        "SET preserve_insertion_order = false",
        # progress is tracked (for query_progress) but printed through the caller's callback
        "SET enable_progress_bar = true",
        "SET enable_progress_bar_print = false",
        f"SET TimeZone = {literal(LOCAL_TIME_ZONE)}",
    ):
        connection.execute(statement)
    return connection


def _reader(file: InputFile, columns: list[str]) -> str:
    """Parquet and JSON Lines are scanned where they are (CSV files are staged first)."""
    path = literal(str(file.path))
    match file.format:
        case Format.PARQUET:
            return (
                "SELECT file_row_number + 1 AS _row, * EXCLUDE (file_row_number) "
                f"FROM read_parquet({path}, file_row_number = true)"
            )
        case Format.JSONL:
            spec = ", ".join(f"{literal(c)}: 'VARCHAR'" for c in columns)
            return (
                "SELECT ordinality AS _row, * FROM read_json("
                f"{path}, format = 'newline_delimited', columns = {{{spec}}}) WITH ORDINALITY"
            )
    raise AssertionError(file.format)  # pragma: no cover


def register_file(
    connection: duckdb.DuckDBPyConnection,
    definition: SourceDefinition,
    file: InputFile,
    index: int,
    staging: Path,
) -> FileScan:
    """Create the view ``f{index}`` over one file (and ``m{index}`` over its malformed CSV
    records, staged in ``staging``); raise if the file cannot be read as records."""
    raw, view, malformed = f"r{index}", f"f{index}", None
    written: list[str] | None = None  # the names in the file, when DuckDB may rename some
    try:
        if file.format is Format.CSV:
            staged = stage_csv(connection, file, index, staging)
            reader = f"SELECT * FROM read_parquet({literal(str(staged.records))})"
            written = list(staged.header)
            if staged.malformed is not None:
                malformed = f"m{index}"
                connection.execute(
                    f"CREATE TEMP VIEW {malformed} AS "
                    f"SELECT * FROM read_parquet({literal(str(staged.malformed))})"
                )
        else:
            names = [definition.export_name(c) for c in definition.schema.names]
            reader = _reader(file, names)
            if file.format is Format.PARQUET:
                written = parquet_names(connection, file.path)
        connection.execute(f"CREATE TEMP VIEW {raw} AS {reader}")
        described = connection.execute(f"DESCRIBE SELECT * FROM {raw}").fetchall()
    except duckdb.Error as exc:
        raise unreadable(file, exc) from exc
    stored = {str(row[0]): physical_of(str(row[1])) for row in described if row[0] != "_row"}
    matched, physical = frame_columns(definition, file, stored, written)
    columns = "".join(f", {quote(actual)} AS {quote(name)}" for name, actual in matched.items())
    connection.execute(f"CREATE TEMP VIEW {view} AS SELECT _row{columns} FROM {raw}")
    complete = False
    if file.format is Format.PARQUET and definition.key_policy is KeyPolicy.TRUSTED:
        complete = _key_complete(connection, file, matched.get(definition.schema.key.name))
    return FileScan(
        index=index, view=view, physical=physical, malformed=malformed, key_complete=complete
    )


def _key_complete(connection: duckdb.DuckDBPyConnection, file: InputFile, key: str | None) -> bool:
    """Whether a Parquet file's statistics show a key in every record: no null and, as the
    smallest value is not empty, no empty text (a key is compared as stored, untrimmed)."""
    if key is None:
        return False
    found = connection.execute(
        "SELECT COUNT(*) > 0 AND bool_and(stats_null_count = 0 AND stats_min_value > '') "
        "FROM parquet_metadata(?) WHERE path_in_schema = ? AND type = 'BYTE_ARRAY'",
        [str(file.path), key],
    ).fetchone()
    return bool(found and found[0])


def parquet_names(connection: duckdb.DuckDBPyConnection, path: Path) -> list[str]:
    """The top-level column names of a Parquet file as written: DuckDB reads ``id`` and
    ``ID`` as ``id`` and ``ID_1``."""
    rows = connection.execute(
        "SELECT name, COALESCE(num_children, 0) FROM parquet_schema(?) ORDER BY column_id",
        [str(path)],
    ).fetchall()
    names, pending = [], [int(rows[0][1])] if rows else []  # children left at each depth
    for name, children in rows[1:]:
        while pending and pending[-1] == 0:
            pending.pop()
        if len(pending) == 1:
            names.append(str(name))
        pending[-1] -= 1
        if children:
            pending.append(int(children))
    return names


def unreadable(file: InputFile, exc: Exception) -> SourceInputError:
    return SourceInputError(
        "Không đọc được tệp / cannot read the file",
        file=str(file.path),
        format=file.format.value,
        detail=one_line(str(exc)),
    )


def run(
    definition: SourceDefinition,
    files: list[InputFile],
    period: Period,
    *,
    known_units: set[str],
    workdir: Path,
    quarantine_path: Path,
    progress: Callable[[str], None],
    ledger: Ledger | None = None,
) -> RunOutcome:
    """Aggregate rows of the run and what else it wrote (see ``plan.run_steps``)."""
    to_read = readable(files)
    if not to_read:
        return RunOutcome([])
    connection = connect(workdir)
    staging = tempfile.TemporaryDirectory(prefix="csv-staging-", dir=workdir)
    try:
        connection.execute(
            "CREATE TEMP TABLE known_units AS SELECT DISTINCT unnest(?::VARCHAR[]) AS code",
            [sorted(known_units)],
        )
        connection.execute(
            "CREATE TEMP TABLE input_files AS "
            "SELECT unnest(?::INTEGER[]) AS _file, unnest(?::VARCHAR[]) AS path",
            [[i for i, _ in enumerate(files)], [str(f.path) for f in files]],
        )
        folder = Path(staging.name)
        scans = [register_file(connection, definition, f, i, folder) for i, f in to_read]
        try:
            steps = _Steps(connection, definition, quarantine_path, progress)
            return run_steps(definition, scans, period, steps, progress, ledger)
        except duckdb.Error as exc:
            raise SourceInputError(
                "Không đọc được dữ liệu đầu vào / cannot read the input",
                files=[str(f.path) for _, f in to_read],
                detail=one_line(str(exc)),
            ) from exc
    finally:
        connection.close()
        staging.cleanup()


@dataclass
class _Steps:
    """The statements of ``plan`` on one connection, with a moving progress bar."""

    connection: duckdb.DuckDBPyConnection
    definition: SourceDefinition
    quarantine_path: Path
    progress: Callable[[str], None]
    search: DuplicateSearch = DuplicateSearch.SORT  # sorting hashes is fastest here
    engine: str = "duckdb"

    def view(self, name: str, sql: str) -> None:
        self.connection.execute(f"CREATE TEMP VIEW {quote(name)} AS {sql}")

    def materialise(self, name: str, sql: str) -> int:
        with _watch(self.connection, CHECKING_KEYS, self.progress):
            self.connection.execute(f"CREATE TEMP TABLE {quote(name)} AS {sql}")
        return _count(self.connection, name)

    def aggregate(self, sql: str) -> list[AggregateRow]:
        with _watch(self.connection, AGGREGATING, self.progress):
            return [AggregateRow.of(row) for row in self.connection.execute(sql).fetchall()]

    def write_quarantine(self, sql: str, rows: int) -> None:
        cursor = self.connection.execute(sql)
        columns = [str(d[0]) for d in cursor.description or ()]
        write_quarantine(self.quarantine_path, columns, _batches(cursor))

    def fetch(self, sql: str) -> list[tuple[object, ...]]:
        return [tuple(row) for row in self.connection.execute(sql).fetchall()]

    def write_by_file(self, sql: str, folder: Path) -> str:
        with _watch(self.connection, CHECKING_KEYS, self.progress):
            self.connection.execute(
                f"COPY ({sql}) TO {literal(str(folder))} "
                "(FORMAT parquet, PARTITION_BY (_file), OVERWRITE_OR_IGNORE)"
            )
        if not any(folder.glob("*/*.parquet")):
            return f"SELECT * FROM ({sql}) AS nothing WHERE 1 = 0"
        files = literal(str(folder / "*" / "*.parquet"))
        return (
            "SELECT * REPLACE (CAST(_file AS INTEGER) AS _file) "
            f"FROM read_parquet({files}, hive_partitioning = true)"
        )

    def register_ledger(self, parts: list[LedgerPart]) -> None:
        def reader(files: list[str]) -> str:
            return f"read_parquet([{', '.join(literal(f) for f in files)}])"

        self.view("ledger", ledger_sql(self.definition, parts, reader, self.engine))


def _batches(cursor: duckdb.DuckDBPyConnection, size: int = 10_000) -> Iterator[tuple[object, ...]]:
    """The rows of a statement, fetched a batch at a time (never all at once)."""
    while batch := cursor.fetchmany(size):
        yield from batch


@contextmanager
def _watch(
    connection: duckdb.DuckDBPyConnection, step: str, progress: Callable[[str], None]
) -> Iterator[None]:
    """Report how far DuckDB is through the statement run inside, twice a second, so that
    a long run shows a moving percentage (``query_progress`` may be read from another thread)."""
    done = threading.Event()

    def poll() -> None:
        while not done.wait(0.5):
            percent = connection.query_progress()
            if percent >= 0:
                progress(f"{step} {_bar(percent)} {percent:5.1f}%")

    watcher = threading.Thread(target=poll, daemon=True)
    watcher.start()
    try:
        yield
    finally:
        done.set()
        watcher.join()


def _bar(percent: float, width: int = 20) -> str:
    filled = min(width, max(0, round(percent / 100 * width)))
    return "[" + "#" * filled + "." * (width - filled) + "]"


def _count(connection: duckdb.DuckDBPyConnection, table: str) -> int:
    found = connection.execute(f"SELECT COUNT(*) FROM {quote(table)}").fetchone()
    return int(found[0]) if found else 0
