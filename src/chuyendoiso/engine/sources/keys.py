"""The record-id checks of a run, by the source's key policy (SQL in DuckDB's dialect).

``unique``: a key seen earlier (files in path order, then rows; an earlier run's accepted
records come first) is a ``duplicate_id``. ``latest``: the records of one key are versions;
the latest by ``latest_by`` is kept (NULL oldest; on a tie the later file by path, then the
later row) and the others are ``superseded``. ``trusted``: nothing is searched (a missing
key is found by the record checks).

Repeated keys are found without a hash table of every key: the key column is read alone
and hashed; hashes seen twice (a sort or a grouping), hashes found in the ledger of earlier
runs and a mark for a missing key are the candidates; only their records are read again
and their keys compared exactly. Tables, in order: ``dup_candidates``, ``key_rows`` (and
``ledger_rows``), ``repeated_keys``, ``key_ranks``, ``key_problems``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum

from chuyendoiso.engine.sources.checks import (
    FileScan,
    Physical,
    Reason,
    key_expression,
    sql_type,
    typed,
)
from chuyendoiso.engine.sources.definitions import KeyPolicy, SourceDefinition
from chuyendoiso.engine.sources.expressions import literal
from chuyendoiso.engine.sources.ledger import LedgerPart

SUPERSEDED = "superseded"  # not a quarantine reason: an earlier version of a kept record


class DuplicateSearch(StrEnum):
    SORT = "sort"  # sort the key hashes and compare neighbours (fastest on DuckDB)
    GROUP = "group"  # group by key hash (scales out on Spark)


NO_KEY = 0  # the hash given to a missing key, so that one pass over the keys finds both
# DuckDB's string hash alone lets similar ids collide (26 pairs among 10 million generated
# dossier ids, each costing a second pass over the keys); hashing the key with itself
# shifted by one character left none.
KEY_HASH = "hash(k, substr(k, 2))"


def hashed() -> str:
    """The hash of the key ``k`` (``NO_KEY`` when it is missing)."""
    return f"CASE WHEN k IS NULL THEN {NO_KEY} ELSE {KEY_HASH} END"


def version_expression(definition: SourceDefinition, physical: dict[str, Physical]) -> str:
    """The ``latest_by`` value of a record, typed (NULL when missing or unreadable)."""
    column = definition.schema.column(definition.latest_by or "")
    if column is None:
        return "CAST(NULL AS TIMESTAMP)"
    expression, _ = typed(column, physical.get(column.name))
    return expression


def keys_sql(definition: SourceDefinition, scans: list[FileScan]) -> str:
    """``(_file, _row, k, h[, v])`` of every record: its key, the key's hash and, for the
    ``latest`` policy, its version."""
    latest = definition.key_policy is KeyPolicy.LATEST
    selects = " UNION ALL ".join(
        f"SELECT {s.index} AS _file, _row, {key_expression(definition.schema, s.physical)} AS k"
        + (f", {version_expression(definition, s.physical)} AS v" if latest else "")
        + f" FROM {s.view}"
        for s in scans
    )
    return f"SELECT *, {hashed()} AS h FROM ({selects}) AS k"


def candidates_sql(run_keys: str, search: DuplicateSearch, *, with_ledger: bool) -> str:
    """Hashes of keys found more than once or in the ledger, and ``NO_KEY`` if a key is
    missing. Different keys may share a hash: the keys themselves are compared later."""
    if search is DuplicateSearch.GROUP:
        sql = f"SELECT h FROM ({run_keys}) AS k GROUP BY h HAVING COUNT(*) > 1 OR h = {NO_KEY}"
    else:
        sql = (
            "SELECT DISTINCT h FROM "
            f"(SELECT h, LAG(h) OVER (ORDER BY h) AS previous FROM ({run_keys}) AS k) AS s "
            f"WHERE h = previous OR h = {NO_KEY}"
        )
    if with_ledger:
        sql += f" UNION SELECT DISTINCT h FROM ({run_keys}) AS k WHERE h IN (SELECT h FROM ledger)"
    return sql


def key_rows_sql(run_keys: str) -> str:
    """The records whose key hash is a candidate (a few)."""
    return f"SELECT * FROM ({run_keys}) AS k WHERE h IN (SELECT h FROM dup_candidates)"


LEDGER_ROWS_SQL = "SELECT * FROM ledger WHERE h IN (SELECT h FROM dup_candidates)"


def repeated_keys_sql(*, with_ledger: bool) -> str:
    keys = "SELECT k FROM key_rows"
    if with_ledger:
        keys += " UNION ALL SELECT k FROM ledger_rows"
    return f"SELECT k FROM ({keys}) AS k WHERE k IS NOT NULL GROUP BY k HAVING COUNT(*) > 1"


def key_ranks_sql(definition: SourceDefinition, *, with_ledger: bool) -> str:
    """``(_file, _row, path, n)``: each occurrence of a repeated key among records passing
    every other check, and ledger entries (``_file`` -1), numbered: 1 is the one kept."""
    latest = definition.key_policy is KeyPolicy.LATEST
    version = ", r.v" if latest else ""
    run = (
        f"SELECT r._file, r._row, r.k{version}, i.path FROM key_rows AS r "
        "JOIN checked AS c ON c._file = r._file AND c._row = r._row "
        "JOIN input_files AS i ON i._file = r._file "
        "WHERE c._reason IS NULL AND r.k IN (SELECT k FROM repeated_keys)"
    )
    if with_ledger:
        run += (
            f" UNION ALL SELECT -1 AS _file, _row, k{', v' if latest else ''}, path "
            "FROM ledger_rows WHERE k IN (SELECT k FROM repeated_keys)"
        )
    # unique: the first occurrence is kept, an earlier run's before any of this run's;
    # latest: the latest version, then the later file by path, then the later row
    order = "v DESC NULLS LAST, path DESC, _row DESC" if latest else "_file, _row"
    return (
        "SELECT _file, _row, path, "
        f"ROW_NUMBER() OVER (PARTITION BY k ORDER BY {order}) AS n FROM ({run}) AS r"
    )


def key_problems_sql(definition: SourceDefinition, *, with_ranks: bool) -> str:
    """``(_file, _row, reason)`` of this run's records whose key is missing, repeated
    (``duplicate_id``) or an earlier version (``superseded``)."""
    missing = literal(Reason.MISSING_ID.value)
    sql = f"SELECT _file, _row, {missing} AS reason FROM key_rows WHERE k IS NULL"
    if with_ranks:
        latest = definition.key_policy is KeyPolicy.LATEST
        reason = literal(SUPERSEDED if latest else Reason.DUPLICATE_ID.value)
        sql += f" UNION ALL SELECT _file, _row, {reason} FROM key_ranks WHERE n > 1 AND _file >= 0"
    return sql


OUTVOTED_SQL = "SELECT DISTINCT path FROM key_ranks WHERE n > 1 AND _file < 0"

Materialise = Callable[[str, str], int]


@dataclass(frozen=True)
class KeyFindings:
    problems: bool  # some record has a missing, repeated or superseded key (``key_problems``)
    outvoted: bool  # some earlier run's kept record is superseded by one of this run's


def find_key_problems(
    definition: SourceDefinition,
    run_keys: str,
    search: DuplicateSearch,
    materialise: Materialise,
    *,
    with_ledger: bool = False,
) -> KeyFindings:
    """Materialise the tables of the key checks with ``materialise(name, sql) -> rows``;
    ``run_keys`` gives ``(_file, _row, k, h[, v])`` of every record of the run."""
    if definition.key_policy is KeyPolicy.TRUSTED:
        return KeyFindings(False, False)
    candidates = candidates_sql(run_keys, search, with_ledger=with_ledger)
    if not materialise("dup_candidates", candidates):
        return KeyFindings(False, False)
    materialise("key_rows", key_rows_sql(run_keys))
    if with_ledger:
        materialise("ledger_rows", LEDGER_ROWS_SQL)
    repeats = materialise("repeated_keys", repeated_keys_sql(with_ledger=with_ledger)) > 0
    if repeats:
        materialise("key_ranks", key_ranks_sql(definition, with_ledger=with_ledger))
    problems = materialise("key_problems", key_problems_sql(definition, with_ranks=repeats)) > 0
    outvoted = (
        repeats
        and with_ledger
        and definition.key_policy is KeyPolicy.LATEST
        and materialise("outvoted", OUTVOTED_SQL) > 0
    )
    return KeyFindings(problems, outvoted)


def ledger_sql(
    definition: SourceDefinition,
    prior: list[LedgerPart],
    reader: Callable[[list[str]], str],
    engine: str,
) -> str:
    """The view ``ledger(_row, k, h[, v], path)``: the accepted keys of the prior files.

    ``reader(files)`` gives a table expression over Parquet files; a part hashed by the
    other engine is hashed again.
    """
    latest = definition.key_policy is KeyPolicy.LATEST
    version = ", v" if latest else ""
    selects = []
    for part in prior:
        if not part.keys:  # a file with no record
            continue
        h = "h" if part.engine == engine else f"{hashed()} AS h"
        sql = (
            f"SELECT _row, k, {h}{version}, {literal(part.path)} AS path "
            f"FROM {reader(part.keys)} AS p"
        )
        if part.excluded:
            sql += f" WHERE _row NOT IN (SELECT _row FROM {reader(part.excluded)} AS x)"
        selects.append(sql)
    if selects:
        return " UNION ALL ".join(selects)
    version_type = sql_type(definition.schema.column(definition.latest_by or ""))
    empty_version = f", CAST(NULL AS {version_type}) AS v" if latest else ""
    return (
        "SELECT CAST(NULL AS BIGINT) AS _row, CAST(NULL AS VARCHAR) AS k, "
        f"CAST(NULL AS BIGINT) AS h{empty_version}, CAST(NULL AS VARCHAR) AS path "
        "WHERE 1 = 0"
    )
