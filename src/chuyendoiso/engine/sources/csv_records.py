"""CSV files read record by record: a record that cannot be read is set aside, not the file.

Both engines read a CSV file the same way, through DuckDB's reader in one pass, into two
Parquet files in the run's staging folder: the records read (``_row``, the record's number
in the file, and every column of the header, as text) and, when there are any, the
malformed records (``_row``, ``_detail``: DuckDB's message), which the run quarantines as
``malformed_line``. A line over ``MAX_LINE_BYTES``, a record with too many or too few
fields, a value after a closing quote or a quote never closed (which runs to the end of
the file) is malformed; a file that is not UTF-8 or whose header cannot be read is not
CSV at all and stops the run.

Why one reader for both engines: Spark's reader fails the whole file on a value over its
limit and reads other malformed records differently, so the figures would differ. DuckDB
2.0.1 has two gaps, one per mode: its parallel reader silently drops a line longer than its
buffer (``BUFFER_BYTES``), its single-threaded reader a quote never closed at the end of the
file. A file with a stretch of half a buffer without a line break (so possibly a line over
the buffer) is read by one thread, any other in parallel.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass, replace
from pathlib import Path

import duckdb

from chuyendoiso.engine.sources.expressions import literal, quote
from chuyendoiso.engine.sources.inputs import InputFile, SourceInputError, one_line

MAX_LINE_BYTES = 2_000_000  # DuckDB's default; a longer line is a bad record, never read whole
# DuckDB's buffer (its default is 16 x the line size): 4 x keeps a run with a 50 MB line
# under 200 MB, and the threshold of a single-threaded read at 4 MB without a line break
BUFFER_BYTES = 4 * MAX_LINE_BYTES
NOT_UTF8 = "INVALID ENCODING"  # DuckDB's error types: bytes that are not UTF-8,
TOO_LONG = "LINE SIZE OVER MAXIMUM"  # a line over MAX_LINE_BYTES


@dataclass(frozen=True)
class StagedCsv:
    records: Path  # Parquet: _row and the header's columns, as text
    malformed: Path | None  # Parquet: _row, _detail; None when every record was read
    header: tuple[str, ...] = ()  # the header's names as written, in the order of the columns


def header_of(file: InputFile) -> list[str]:
    """The column names of the file's first line as written (a BOM is dropped, a blank name
    is ``column<position>``); raise when the first line is not a CSV header."""
    with file.path.open("rb") as handle:
        first = handle.readline(MAX_LINE_BYTES + 1)
    try:
        names = next(csv.reader([first.decode("utf-8-sig")], strict=True), [])
    except (UnicodeDecodeError, csv.Error) as exc:
        raise _no_header(file, str(exc)) from exc
    if len(first) > MAX_LINE_BYTES or not any(n.strip() for n in names):
        raise _no_header(file, repr(first[:200]))
    return [name if name.strip() else f"column{position}" for position, name in enumerate(names, 1)]


def unique_names(names: list[str]) -> list[str]:
    """The names told apart as DuckDB needs them, which ignores letter case: a name seen
    before (in any case) gets ``_1``, ``_2``... (matching still sees the names as written)."""
    used: set[str] = set()
    unique = []
    for name in names:
        candidate, count = name, 0
        while candidate.lower() in used:
            count += 1
            candidate = f"{name}_{count}"
        used.add(candidate.lower())
        unique.append(candidate)
    return unique


def has_very_long_line(path: Path) -> bool:
    """Whether some stretch of ``BUFFER_BYTES // 2`` bytes has no line break: a line longer
    than the buffer always holds one (read a chunk at a time, never the whole file)."""
    with path.open("rb") as handle:
        while chunk := handle.read(BUFFER_BYTES // 2):
            if len(chunk) == BUFFER_BYTES // 2 and b"\n" not in chunk:
                return True
    return False


def _no_header(file: InputFile, detail: str) -> SourceInputError:
    return SourceInputError(
        "Không đọc được dòng tiêu đề của tệp CSV / cannot read the CSV file's header",
        file=str(file.path),
        format=file.format.value,
        detail=one_line(detail),
    )


def stage_csv(
    connection: duckdb.DuckDBPyConnection, file: InputFile, index: int, folder: Path
) -> StagedCsv:
    """Read ``file`` once into Parquet files in ``folder`` (see the module docstring)."""
    header = header_of(file)
    spec = ", ".join(f"{literal(name)}: 'VARCHAR'" for name in unique_names(header))
    rejects, scans = f"csv_rejects_{index}", f"csv_reject_scans_{index}"
    parallel = "false" if has_very_long_line(file.path) else "true"
    reader = (
        f"read_csv({literal(str(file.path))}, header = true, auto_detect = false, "
        f"columns = {{{spec}}}, delim = ',', quote = '\"', escape = '\"', "
        f"parallel = {parallel}, max_line_size = {MAX_LINE_BYTES}, "
        f"buffer_size = {BUFFER_BYTES}, store_rejects = true, "
        f"rejects_table = {literal(rejects)}, rejects_scan = {literal(scans)})"
    )
    read = folder / f"{index}-read.parquet"
    connection.execute(
        "COPY (SELECT ordinality AS _row, * EXCLUDE (ordinality) "
        f"FROM {reader} WITH ORDINALITY) TO {literal(str(read))} (FORMAT parquet)"
    )
    try:
        staged = _number(connection, file, index, folder, read, rejects)
        return replace(staged, header=tuple(header))
    finally:
        connection.execute(f"DROP TABLE IF EXISTS {quote(rejects)}")
        connection.execute(f"DROP TABLE IF EXISTS {quote(scans)}")


def _number(
    connection: duckdb.DuckDBPyConnection,
    file: InputFile,
    index: int,
    folder: Path,
    read: Path,
    rejects: str,
) -> StagedCsv:
    """Give the records read their number in the file, counting the malformed ones.

    DuckDB numbers the records it reads (ordinality) and names the line of each one it
    rejects (the header is line 1). A record read after ``j`` rejected ones is record
    ``ordinality + j``: the ``j``-th rejected record ``q_j`` comes after ``q_j - j`` records
    read, so ``j`` is found by an as-of join on ``q_j - j`` (a few rows).
    """
    table = quote(rejects)
    found = connection.execute(
        f"SELECT line, error_message FROM {table} WHERE error_type = {literal(NOT_UTF8)} LIMIT 1"
    ).fetchone()
    if found is not None:
        raise SourceInputError(
            "Tệp không phải UTF-8 / the file is not UTF-8 encoded",
            file=str(file.path),
            line=int(found[0]),
            detail=one_line(str(found[1])),
        )
    counted = connection.execute(f"SELECT COUNT(*) FROM {table}").fetchone()
    if not counted or not counted[0]:
        return StagedCsv(records=read, malformed=None)
    malformed, numbered = (
        folder / f"{index}-malformed.parquet",
        folder / f"{index}-numbered.parquet",
    )
    connection.execute(
        # a record missing fields has one error per missing field, the first says how many;
        # a line over the limit may also have errors from its parts, its size says why
        f"CREATE TEMP TABLE csv_malformed AS SELECT line - 1 AS _row, "
        f"arg_min(error_message, CASE WHEN error_type = {literal(TOO_LONG)} THEN -1 "
        f"ELSE COALESCE(column_idx, 0) END) AS _detail "
        f"FROM {table} GROUP BY line"
    )
    try:
        connection.execute(f"COPY csv_malformed TO {literal(str(malformed))} (FORMAT parquet)")
        shifts = (
            "SELECT _row - j AS after, MAX(j) AS j FROM "
            "(SELECT _row, ROW_NUMBER() OVER (ORDER BY _row) AS j FROM csv_malformed) AS m "
            "GROUP BY _row - j"
        )
        connection.execute(
            "COPY (SELECT r._row + COALESCE(s.j, 0) AS _row, r.* EXCLUDE (_row) "
            f"FROM read_parquet({literal(str(read))}) AS r "
            f"ASOF LEFT JOIN ({shifts}) AS s ON r._row > s.after) "
            f"TO {literal(str(numbered))} (FORMAT parquet)"
        )
    finally:
        connection.execute("DROP TABLE csv_malformed")
    read.unlink()
    return StagedCsv(records=numbered, malformed=malformed)
