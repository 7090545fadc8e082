#!/usr/bin/env python
"""Country-wide analytics on a national-scale synthetic dataset.

The dataset: the real org units of every province (the 34 provinces from 1 July 2025
with their 3,321 communes, loaded with ``orgunits_load_provinces``), a synthetic
catalogue of 60 indicators in 6 pillars (BENCH_P1..P6; per pillar 5 flows, 3 stocks, one
flow ratio and one stock ratio), and a value for every commune, indicator and month over
36 months (2023-01..2025-12): about 7.2 million rows, written straight into
``datavalues_datavalue`` (COPY on PostgreSQL, executemany on SQLite).

The values sit on the post-2025 communes for all 36 months, also before those communes
existed: this is a benchmark of aggregation, not a realistic history.

Then it times the goal query, ``pillar_by_province(pillar, <calendar year>)`` for every
pillar (goal: < 200 ms on PostgreSQL; SQLite is shown for reference), and one province's
general analytics (``analytics_for`` + ``figure`` for a pillar's indicators).

A loaded dataset is reused when its size matches the options, so only the first run loads.
The databases are the bench's own: PostgreSQL ``cds_bench`` (created if missing) and a
SQLite file under the temporary folder. A database migrated before an index was declared
on DataValue (0001_initial is regenerated until the first release) gets it built, in place
of the index it replaces, so that the timings are the product's.

    .venv/bin/python bench/national_analytics.py --database both
    .venv/bin/python bench/national_analytics.py --explain
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

DEFAULT_PG_URL = "postgres://postgres@127.0.0.1:5432/cds_bench"
DEFAULT_SQLITE_DIR = Path(tempfile.gettempdir()) / "cds_bench"
GOAL_SECONDS = 0.200
TABLE = "datavalues_datavalue"
MANIFEST = "bench_dataset"  # the bench's own bookkeeping table in the bench database
PREFIX = "BENCH"
PER_PILLAR = 10
# the kind of each position in a pillar
KINDS = ["flow"] * 5 + ["stock"] * 3 + ["ratio_flow", "ratio_stock"]
FIRST_MONTH = (2023, 1)


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=(
            "Load a national-scale synthetic dataset (every commune x N indicators x N months) "
            "and time pillar_by_province for each pillar (goal: < 200 ms on PostgreSQL) and one "
            "province's analytics."
        )
    )
    parser.add_argument(
        "--database",
        choices=["sqlite", "postgres", "both"],
        default="postgres",
        help="which database to run on (default: postgres; both = sqlite, then postgres)",
    )
    parser.add_argument("--provinces", type=int, default=34, help="first N of the 34 (default 34)")
    parser.add_argument("--indicators", type=int, default=60, help="indicators, 10 per pillar")
    parser.add_argument("--months", type=int, default=36, help="months from 2023-01 (default 36)")
    parser.add_argument("--repeat", type=int, default=5, help="timed runs per query (default 5)")
    parser.add_argument(
        "--year",
        type=int,
        help="calendar year asked for (default: the last whole year of the months loaded)",
    )
    parser.add_argument(
        "--province",
        default="19",
        help="province of the general-analytics timing (default 19, Thái Nguyên)",
    )
    parser.add_argument("--pg-url", default=DEFAULT_PG_URL, help=f"default {DEFAULT_PG_URL}")
    parser.add_argument(
        "--sqlite-dir",
        type=Path,
        default=DEFAULT_SQLITE_DIR,
        help=f"folder of the SQLite bench database (default {DEFAULT_SQLITE_DIR})",
    )
    parser.add_argument(
        "--reload", action="store_true", help="load the values again even if they match"
    )
    parser.add_argument(
        "--explain",
        action="store_true",
        help="print the query plans (EXPLAIN ANALYZE, BUFFERS on PostgreSQL; EXPLAIN QUERY "
        "PLAN on SQLite) of the SQL that pillar_by_province issues for the first pillar",
    )
    parser.add_argument(
        "--skip-analytics", action="store_true", help="do not time the province analytics"
    )
    args = parser.parse_args(argv)
    if not 1 <= args.provinces <= 34:
        parser.error("--provinces must be 1..34")
    if args.indicators < 1 or args.months < 1 or args.repeat < 1:
        parser.error("--indicators, --months and --repeat must be at least 1")
    return args


# --- one process per database -------------------------------------------------------------


def run_children(args: argparse.Namespace, argv: list[str]) -> int:
    """--database both: this script once per database, each in its own process (Django
    settings name one database per process)."""
    rest = [a for a in argv if not a.startswith("--database")]
    if "--database" in argv:  # "--database both" as two tokens
        index = argv.index("--database")
        rest = argv[:index] + argv[index + 2 :]
    status = 0
    for database in ("sqlite", "postgres"):
        print(f"\n===== {database} =====", flush=True)
        command = [sys.executable, __file__, "--database", database, *rest]
        status |= subprocess.call(command)
    return status


def setup_django(args: argparse.Namespace) -> None:
    os.environ["DJANGO_SETTINGS_MODULE"] = "chuyendoiso.config.settings.dev"
    if args.database == "postgres":
        create_pg_database(args.pg_url)
        os.environ["DATABASE_URL"] = args.pg_url
    else:
        os.environ.pop("DATABASE_URL", None)
        args.sqlite_dir.mkdir(parents=True, exist_ok=True)
        os.environ["CDS_DATA_DIR"] = str(args.sqlite_dir)
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)
    ensure_model_indexes()


def ensure_model_indexes() -> None:
    """Build the indexes DataValue declares that the table lacks (a bench database keeps its
    values across runs, and 0001_initial is regenerated until the first release), dropping
    the index each replaces (same key columns, another name); VACUUM (ANALYZE) after. A
    column the table lacks stops the script: the database has to be loaded again."""
    from django.db import connection, models

    from chuyendoiso.datavalues.models import DataValue

    with connection.cursor() as cursor:
        columns = {c.name for c in connection.introspection.get_table_description(cursor, TABLE)}
        present = connection.introspection.get_constraints(cursor, TABLE)
    lacking = [f.column for f in DataValue._meta.concrete_fields if f.column not in columns]
    if lacking:
        sys.exit(
            f"the bench database lacks the column(s) {', '.join(lacking)} of DataValue "
            "(0001_initial was regenerated): remove the bench database (DROP DATABASE "
            "cds_bench; rm -r /tmp/cds_bench) and make load_postgres and load_sqlite in this "
            "script write the new columns"
        )
    missing = [index for index in DataValue._meta.indexes if index.name not in present]
    if not missing:
        return
    started = time.perf_counter()
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET maintenance_work_mem = '1GB'")
    with connection.schema_editor() as editor:
        for index in missing:
            key = [DataValue._meta.get_field(name).column for name in index.fields]
            for name, info in present.items():
                if info["index"] and not info["unique"] and info["columns"] == key:
                    editor.remove_index(DataValue, models.Index(fields=index.fields, name=name))
                    print(f"dropped index {name} (replaced by {index.name})")
            editor.add_index(DataValue, index)
            print(f"built index {index.name} declared on DataValue", flush=True)
    with connection.cursor() as cursor:
        postgres = connection.vendor == "postgresql"
        cursor.execute(f"VACUUM (ANALYZE) {TABLE}" if postgres else "ANALYZE")
    print(f"  in {time.perf_counter() - started:.0f} s, with VACUUM (ANALYZE) / ANALYZE")


def create_pg_database(url: str) -> None:
    import psycopg
    from psycopg import sql

    server, name = url.rsplit("/", 1)
    with psycopg.connect(f"{server}/postgres", autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
            print(f"created PostgreSQL database {name}")


# --- progress -----------------------------------------------------------------------------


class Progress:
    """Prints how far a long step is, at most every few seconds."""

    def __init__(self, label: str, total: int, every: float = 5.0) -> None:
        self.label, self.total, self.every = label, total, every
        self.started = self.last = time.perf_counter()

    def update(self, done: int) -> None:
        now = time.perf_counter()
        if now - self.last < self.every:
            return
        self.last = now
        rate = done / (now - self.started)
        eta = (self.total - done) / rate if rate else 0
        print(
            f"  {self.label}: {done:,}/{self.total:,} ({100 * done / self.total:.0f}%), "
            f"{rate:,.0f}/s, ~{eta:.0f} s left",
            flush=True,
        )

    def elapsed(self) -> float:
        return time.perf_counter() - self.started


# --- the dataset --------------------------------------------------------------------------


@dataclass(frozen=True)
class BenchIndicator:
    id: int
    code: str
    pillar: str
    kind: str  # flow | stock | ratio_flow | ratio_stock
    position: int  # 0.. over all indicators, seeds the values


@dataclass(frozen=True)
class Month:
    id: str  # 202301
    start: dt.date
    end: dt.date


@dataclass(frozen=True)
class Dataset:
    provinces: list[str]
    communes: list[int]  # org unit ids of the post-2025 communes
    indicators: list[BenchIndicator]
    months: list[Month]

    @property
    def rows(self) -> int:
        return len(self.communes) * len(self.indicators) * len(self.months)

    def spec(self) -> str:
        return json.dumps(
            {
                "provinces": self.provinces,
                "communes": len(self.communes),
                "indicators": [i.code for i in self.indicators],
                "months": [self.months[0].id, self.months[-1].id],
                "rows": self.rows,
                "layout": "month, commune, indicator",
            },
            sort_keys=True,
        )

    def pillars(self) -> list[str]:
        return sorted({i.pillar for i in self.indicators})


def bench_months(count: int) -> list[Month]:
    from chuyendoiso.engine.domain.periods import parse_period

    year, month = FIRST_MONTH
    months = []
    for _ in range(count):
        period = parse_period(f"{year:04d}{month:02d}")
        months.append(Month(period.id, period.start, period.end))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


def ensure_orgunits(codes: list[str]) -> list[int]:
    """Load the provinces not in the database yet; the ids of their post-2025 communes."""
    from chuyendoiso.orgunits.models import OrgUnit
    from chuyendoiso.orgunits.services import orgunits_load_provinces

    present = set(
        OrgUnit.objects.filter(level=OrgUnit.Level.PROVINCE, code__in=codes)
        .exclude(structure=OrgUnit.Structure.BEFORE_2025)
        .values_list("code", flat=True)
    )
    missing = [code for code in codes if code not in present]
    if missing:
        print(f"loading the org units of {len(missing)} provinces…", flush=True)
        started = time.perf_counter()
        counts = orgunits_load_provinces(acting_user=None, province_codes=missing)
        print(f"  {counts} in {time.perf_counter() - started:.1f} s")
    return list(
        OrgUnit.objects.filter(
            level=OrgUnit.Level.COMMUNE,
            structure=OrgUnit.Structure.FROM_2025,
            province__code__in=codes,
        )
        .order_by("province__code", "code")
        .values_list("id", flat=True)
    )


def ensure_catalog(count: int) -> list[BenchIndicator]:
    """BENCH_P1..: 10 indicators per pillar (5 flows, 3 stocks, 2 ratios), imported with
    catalog_import (adds or updates by code)."""
    from chuyendoiso.catalog.models import Indicator
    from chuyendoiso.catalog.services import catalog_import
    from chuyendoiso.engine.domain import catalog as engine

    pillars, indicators = [], []
    for position in range(count):
        number, slot = divmod(position, PER_PILLAR)
        pillar = f"{PREFIX}_P{number + 1}"
        if slot == 0:
            pillars.append(
                engine.Pillar(
                    pillar, f"Trụ cột thử {number + 1}", f"Bench pillar {number + 1}", 100 + number
                )
            )
        kind = KINDS[slot]
        ratio = kind.startswith("ratio")
        indicators.append(
            engine.Indicator(
                code=f"{pillar}_{slot + 1:02d}",
                name_vi=f"Chỉ tiêu thử {position + 1} ({kind})",
                name_en=f"Bench indicator {position + 1} ({kind})",
                pillar=pillar,
                unit=engine.MeasureUnit.PERCENT if ratio else engine.MeasureUnit.COUNT,
                value_type=engine.ValueType.RATIO if ratio else engine.ValueType.COUNT,
                aggregation_org=engine.OrgAggregation.RATIO if ratio else engine.OrgAggregation.SUM,
                aggregation_time=(
                    engine.TimeAggregation.STOCK
                    if kind in ("stock", "ratio_stock")
                    else engine.TimeAggregation.FLOW
                ),
            )
        )
    wanted = {i.code for i in indicators}
    if set(Indicator.objects.filter(code__in=wanted).values_list("code", flat=True)) != wanted:
        catalog_import(
            acting_user=None,
            catalog=engine.Catalog(pillars=tuple(pillars), indicators=tuple(indicators)),
        )
    ids = dict(Indicator.objects.filter(code__in=wanted).values_list("code", "id"))
    return [
        BenchIndicator(ids[ind.code], ind.code, ind.pillar, KINDS[n % PER_PILLAR], n)
        for n, ind in enumerate(indicators)
    ]


# --- synthetic values ---------------------------------------------------------------------


def synthetic_value(kind: str, commune: int, indicator: int, month: int) -> tuple[str, int, int]:
    """(value, numerator, denominator) as integers and text, deterministic; parts are 0 for
    counts. Flows vary month to month, stocks grow, ratios are 30..95 %."""
    if kind == "flow":
        return str(1 + (commune * 7919 + indicator * 104729 + month * 1301) % 500), 0, 0
    if kind == "stock":
        return str(100 + (commune * 37 + indicator * 101) % 5000 + 3 * month), 0, 0
    denominator = 200 + (commune * 13 + indicator * 7 + month) % 800
    numerator = denominator * (30 + (commune + indicator * 3 + month) % 66) // 100
    hundredths = (numerator * 20000 + denominator) // (2 * denominator)  # half-up, 2 decimals
    return f"{hundredths // 100}.{hundredths % 100:02d}", numerator, denominator


def synthetic_rows(data: Dataset) -> Iterator[tuple[int, int, Month, str, int, int, int]]:
    """(indicator id, org unit id, month, value, numerator, denominator, decimals), laid out
    as monthly reporting would: month by month, each commune with all its indicators."""
    for m, month in enumerate(data.months):
        for c, org_id in enumerate(data.communes):
            for ind in data.indicators:
                value, num, den = synthetic_value(ind.kind, c, ind.position, m)
                yield ind.id, org_id, month, value, num, den, 2 if num else 0


COLUMNS = (
    "indicator_id", "org_unit_id", "period", "calendar", "period_type", "start_date",
    "end_date", "category_option_id", "value", "numerator", "denominator", "qualifier",
    "decimals", "scale", "origin", "source", "comment", "created_at", "updated_at", "status",
)  # fmt: skip
SOURCE = "bench/national_analytics.py"


def load_values(data: Dataset) -> None:
    from django.db import connection

    only_bench(connection)
    write_manifest(connection, None)
    started = time.perf_counter()
    if connection.vendor == "postgresql":
        load_postgres(connection, data)
    else:
        load_sqlite(connection, data)
    write_manifest(connection, data.spec())
    print(f"loaded {data.rows:,} values in {time.perf_counter() - started:.0f} s (total)")


def only_bench(connection) -> None:
    """Refuse to empty a table holding anything but bench values."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT COUNT(*) FROM {TABLE} v JOIN catalog_indicator i ON i.id = v.indicator_id "
            "WHERE i.code NOT LIKE %s",
            [f"{PREFIX}%"],
        )
        (others,) = cursor.fetchone()
    if others:
        sys.exit(f"{TABLE} holds {others} values that are not bench values: not touching it")


def load_postgres(connection, data: Dataset) -> None:
    """One transaction: drop the secondary indexes and constraints, TRUNCATE, COPY, build
    them again (a sort per index instead of 7 million index insertions), VACUUM ANALYZE."""
    connection.ensure_connection()
    raw = connection.connection
    now = dt.datetime.now(dt.UTC).isoformat()
    with raw.transaction(), raw.cursor() as cur:
        cur.execute("SET LOCAL maintenance_work_mem = '1GB'")
        secondary = pg_secondary_definitions(cur)
        for drop, _ in secondary:
            cur.execute(drop)
        cur.execute(f"TRUNCATE {TABLE}")
        progress = Progress("COPY", data.rows)
        copy_sql = f"COPY {TABLE} ({', '.join(COLUMNS)}) FROM STDIN"
        with cur.copy(copy_sql) as copy:
            lines, done = [], 0
            for ind, org, month, value, num, den, decimals in synthetic_rows(data):
                parts = f"{num}\t{den}" if num else "\\N\t\\N"
                lines.append(
                    f"{ind}\t{org}\t{month.id}\tcalendar\tmonth\t{month.start}\t{month.end}\t\\N\t"
                    f"{value}\t{parts}\texact\t{decimals}\t1\tsynthetic\t{SOURCE}\t\t{now}\t{now}"
                    "\tapproved\n"
                )
                if len(lines) == 50_000:
                    copy.write("".join(lines))
                    done += len(lines)
                    lines = []
                    progress.update(done)
            copy.write("".join(lines))
        print(f"  COPY of {data.rows:,} rows: {progress.elapsed():.0f} s", flush=True)
        create_timed(cur.execute, [create for _, create in secondary])
    started = time.perf_counter()
    with raw.cursor() as cur:
        cur.execute(f"VACUUM (ANALYZE) {TABLE}")
        cur.execute("ANALYZE")
    print(f"  VACUUM (ANALYZE): {time.perf_counter() - started:.0f} s", flush=True)


def create_timed(execute: Callable[[str], object], statements: list[str]) -> None:
    """Run each CREATE (index or constraint) after a bulk load, printing how long it took."""
    for create in statements:
        started = time.perf_counter()
        execute(create)
        print(f"  {create[:90]}…: {time.perf_counter() - started:.0f} s", flush=True)


def pg_secondary_definitions(cur) -> list[tuple[str, str]]:
    """(drop, create) of every index and unique/foreign-key constraint of the table except
    the primary key; creation order: indexes, unique constraints, foreign keys."""
    cur.execute(
        "SELECT conname, pg_get_constraintdef(oid), contype FROM pg_constraint "
        "WHERE conrelid = %s::regclass AND contype IN ('u', 'f') ORDER BY contype DESC",
        [TABLE],
    )
    constraints = cur.fetchall()
    cur.execute(
        "SELECT i.indexname, i.indexdef FROM pg_indexes i WHERE i.tablename = %s "
        "AND i.indexname NOT IN (SELECT conname FROM pg_constraint WHERE conrelid = %s::regclass)",
        [TABLE, TABLE],
    )
    indexes = cur.fetchall()
    return [(f'DROP INDEX "{name}"', definition) for name, definition in indexes] + [
        (
            f'ALTER TABLE {TABLE} DROP CONSTRAINT "{name}"',
            f'ALTER TABLE {TABLE} ADD CONSTRAINT "{name}" {definition}',
        )
        for name, definition, _ in constraints
    ]


def load_sqlite(connection, data: Dataset) -> None:
    """executemany in transactions of a million rows, journal and sync off, foreign keys off,
    the secondary indexes dropped during the load and built again after; then ANALYZE."""
    connection.ensure_connection()
    raw = connection.connection
    raw.execute("PRAGMA foreign_keys = OFF")
    raw.execute("PRAGMA journal_mode = OFF")
    raw.execute("PRAGMA synchronous = OFF")
    raw.execute("PRAGMA cache_size = -2000000")  # 2 GB
    raw.execute("PRAGMA temp_store = MEMORY")
    indexes = raw.execute(
        "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = ? "
        "AND sql IS NOT NULL",
        [TABLE],
    ).fetchall()
    for name, _ in indexes:
        raw.execute(f'DROP INDEX "{name}"')
    raw.execute(f"DELETE FROM {TABLE}")
    now = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M:%S.%f")
    insert = (
        f"INSERT INTO {TABLE} ({', '.join(COLUMNS)}) VALUES "
        "(?, ?, ?, 'calendar', 'month', ?, ?, NULL, ?, ?, ?, 'exact', ?, 1, 'synthetic', ?, '', "
        "?, ?, 'approved')"
    )
    progress = Progress("INSERT", data.rows)
    batch, done = [], 0
    raw.execute("BEGIN")
    for ind, org, month, value, num, den, decimals in synthetic_rows(data):
        batch.append(
            (
                ind, org, month.id, month.start.isoformat(), month.end.isoformat(),
                f"{value}0000" if num else f"{value}.000000",
                f"{num}.000000" if num else None, f"{den}.000000" if num else None,
                decimals, SOURCE, now, now,
            )
        )  # fmt: skip
        if len(batch) == 100_000:
            raw.executemany(insert, batch)
            done += len(batch)
            batch = []
            progress.update(done)
            if done % 1_000_000 == 0:
                raw.execute("COMMIT")
                raw.execute("BEGIN")
    raw.executemany(insert, batch)
    raw.execute("COMMIT")
    print(f"  INSERT of {data.rows:,} rows: {progress.elapsed():.0f} s", flush=True)
    create_timed(raw.execute, [create for _, create in indexes])
    started = time.perf_counter()
    raw.execute("ANALYZE")
    print(f"  ANALYZE: {time.perf_counter() - started:.0f} s", flush=True)
    raw.execute("PRAGMA journal_mode = DELETE")
    raw.execute("PRAGMA synchronous = FULL")
    raw.execute("PRAGMA foreign_keys = ON")


def read_manifest(connection) -> str | None:
    with connection.cursor() as cursor:
        cursor.execute(f"CREATE TABLE IF NOT EXISTS {MANIFEST} (spec text NOT NULL)")
        cursor.execute(f"SELECT spec FROM {MANIFEST}")
        row = cursor.fetchone()
    return row[0] if row else None


def write_manifest(connection, spec: str | None) -> None:
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {MANIFEST}")
        if spec is not None:
            cursor.execute(f"INSERT INTO {MANIFEST} (spec) VALUES (%s)", [spec])


def ensure_dataset(args: argparse.Namespace) -> Dataset:
    from django.db import connection

    from chuyendoiso.engine.domain.adminunits_package import all_new_province_codes

    provinces = all_new_province_codes()[: args.provinces]
    data = Dataset(
        provinces=provinces,
        communes=ensure_orgunits(provinces),
        indicators=ensure_catalog(args.indicators),
        months=bench_months(args.months),
    )
    print(
        f"dataset: {len(provinces)} provinces, {len(data.communes):,} communes (after 2025), "
        f"{len(data.indicators)} indicators in {len(data.pillars())} pillars, "
        f"{len(data.months)} months {data.months[0].id}..{data.months[-1].id} "
        f"= {data.rows:,} values"
    )
    print(
        "  (synthetic values on the post-2025 communes for every month, also before they "
        "existed: a benchmark of aggregation, not a history)"
    )
    if not args.reload and read_manifest(connection) == data.spec():
        print("  values already loaded: reused")
    else:
        load_values(data)
    return data


# --- timing -------------------------------------------------------------------------------


def timed(function: Callable[[], object], repeat: int) -> tuple[float, list[float], object]:
    """(warm-up seconds, timed runs, last result)."""
    started = time.perf_counter()
    result = function()
    first = time.perf_counter() - started
    runs = []
    for _ in range(repeat):
        started = time.perf_counter()
        result = function()
        runs.append(time.perf_counter() - started)
    return first, runs, result


def ms(seconds: float) -> str:
    return f"{seconds * 1000:,.0f} ms"


def time_pillars(data: Dataset, period, repeat: int) -> float:
    """Times pillar_by_province(pillar, period) for every pillar, checking each result for
    completeness; returns the worst pillar's median."""
    from chuyendoiso.analytics.selectors import pillar_by_province

    months = sum(1 for m in data.months if period.start <= m.start and m.end <= period.end)
    communes = len(data.communes)
    print(
        f"\npillar_by_province(<pillar>, {period.id}), {repeat} runs after a warm-up "
        f"(load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs)"
    )
    header = (
        f"{'pillar':<10} {'flows':>5} {'stocks':>6} {'rows read':>10} {'figures':>7} "
        f"{'warm-up':>9} {'median':>9} {'max':>9} {'median/goal':>11}"
    )
    print(header)
    print("-" * len(header))
    medians = []
    for pillar in data.pillars():
        inds = [i for i in data.indicators if i.pillar == pillar]
        stocks = sum(1 for i in inds if i.kind in ("stock", "ratio_stock"))
        flows = len(inds) - stocks
        # flows over the period, stocks in its last month (found with a few index entries)
        rows_read = flows * communes * months + stocks * communes
        first, runs, result = timed(lambda p=pillar: pillar_by_province(p, period), repeat)
        check_figures(result, data, inds)
        median = statistics.median(runs)
        medians.append(median)
        print(
            f"{pillar:<10} {flows:>5} {stocks:>6} {rows_read:>10,} {len(result):>7} "
            f"{ms(first):>9} {ms(median):>9} {ms(max(runs)):>9} {median / GOAL_SECONDS:>11.2f}"
        )
    return max(medians)


def print_summary(worst: float, vendor: str) -> None:
    where = "" if vendor == "postgresql" else " (this is SQLite: for reference only)"
    verdict = "meets" if worst < GOAL_SECONDS else "misses"
    print(
        f"\ngoal: pillar_by_province < {GOAL_SECONDS * 1000:.0f} ms on PostgreSQL{where}\n"
        f"  worst pillar median {ms(worst)} = {worst / GOAL_SECONDS:.2f} x goal "
        f"({verdict} it on {vendor}; load average now {os.getloadavg()[0]:.1f})"
    )


def check_figures(result, data: Dataset, inds: list[BenchIndicator]) -> None:
    expected = len(data.provinces) * len(inds)
    if len(result) != expected or sum(f.communes for f in result) != len(data.communes) * len(inds):
        print(f"  !! {len(result)} figures, expected {expected} (every province x indicator)")


def time_province_analytics(data: Dataset, year: int, code: str, repeat: int) -> None:
    """analytics_for(province, year) + figure() for the first pillar's indicators, and a
    check that the engine agrees with pillar_by_province."""
    from chuyendoiso.analytics.selectors import analytics_for, pillar_by_province
    from chuyendoiso.engine.domain.adminunits import MERGER_DATE
    from chuyendoiso.engine.domain.periods import parse_period
    from chuyendoiso.orgunits.models import OrgUnit

    period = parse_period(str(year))
    unit = (
        OrgUnit.objects.filter(level=OrgUnit.Level.PROVINCE, code=code)
        .exclude(structure=OrgUnit.Structure.BEFORE_2025)
        .first()
    )
    if unit is None or code not in data.provinces:
        print(f"\nprovince {code} is not in the dataset: analytics not timed")
        return
    if period.end < MERGER_DATE:
        print(
            f"\n{period.id}: the post-2025 communes holding the values did not exist yet and "
            "the analytics engine honours validity dates: analytics not timed (use --year 2025)"
        )
        return
    pillar = data.pillars()[0]
    codes = [i.code for i in data.indicators if i.pillar == pillar]
    communes = OrgUnit.objects.filter(
        province=unit, level=OrgUnit.Level.COMMUNE, structure=OrgUnit.Structure.FROM_2025
    ).count()
    loads, figures = [], []
    for run in range(repeat + 1):
        started = time.perf_counter()
        analytics = analytics_for(unit, start=period.start, end=period.end)
        loaded = time.perf_counter()
        values = {c: analytics.figure(c, str(unit.pk), period) for c in codes}
        if run:  # the first run is the warm-up
            loads.append(loaded - started)
            figures.append(time.perf_counter() - loaded)
    rows = communes * len(data.indicators) * 12
    print(
        f"\none province's general analytics: {unit.code} {unit.name}, {communes} communes, "
        f"{period.id}, pillar {pillar} ({len(codes)} indicators); {repeat} runs after a warm-up"
    )
    print(
        f"  analytics_for (all org units + ~{rows:,} values of all indicators): "
        f"median {ms(statistics.median(loads))}, max {ms(max(loads))}"
    )
    print(
        f"  figure() x {len(codes)}: median {ms(statistics.median(figures))}, "
        f"max {ms(max(figures))}"
    )
    national = {
        f.indicator: f.value for f in pillar_by_province(pillar, period) if f.province == unit.code
    }
    agree = all(values[c] is not None and values[c].value == national.get(c) for c in codes)
    print(f"  same figures as pillar_by_province: {'yes' if agree else 'NO'}")
    if not agree:
        for c in codes:
            print(f"    {c}: engine {values[c] and values[c].value} national {national.get(c)}")


def explain(data: Dataset, period) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from chuyendoiso.analytics.selectors import pillar_by_province

    pillar = data.pillars()[0]
    print(f"\nquery plans of pillar_by_province({pillar!r}, {period.id})")
    connection.queries_log.clear()  # a full log would make the capture come back empty
    with CaptureQueriesContext(connection) as captured:
        pillar_by_province(pillar, period)
    postgres = connection.vendor == "postgresql"
    prefix = "EXPLAIN (ANALYZE, BUFFERS) " if postgres else "EXPLAIN QUERY PLAN "
    for query in captured.captured_queries:
        if TABLE not in query["sql"]:
            continue
        print(f"\n-- {query['time']} s\n{query['sql']}")
        with connection.cursor() as cursor:
            cursor.execute(prefix + query["sql"])
            for row in cursor.fetchall():
                print("   ", " | ".join(str(c) for c in row))


def describe_database(args: argparse.Namespace) -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SHOW server_version")
            version = f"PostgreSQL {cursor.fetchone()[0]}"
            cursor.execute(
                f"SELECT pg_size_pretty(pg_table_size('{TABLE}')), "
                f"pg_size_pretty(pg_indexes_size('{TABLE}')), current_setting('shared_buffers'), "
                "current_setting('work_mem'), current_setting('max_parallel_workers_per_gather')"
            )
            table, indexes, buffers, work_mem, workers = cursor.fetchone()
            print(
                f"{version}: table {table}, indexes {indexes}; shared_buffers {buffers}, "
                f"work_mem {work_mem}, parallel workers per gather {workers}"
            )
            cursor.execute(
                "SELECT indexrelid::regclass::text, pg_relation_size(indexrelid) "
                "FROM pg_index WHERE indrelid = %s::regclass ORDER BY 1",
                [TABLE],
            )
        else:
            cursor.execute("SELECT sqlite_version()")
            path = args.sqlite_dir / "chuyendoiso.sqlite3"
            size = path.stat().st_size / 2**30 if path.exists() else 0
            print(f"SQLite {cursor.fetchone()[0]}: {path} ({size:.2f} GiB)")
            cursor.execute(
                "SELECT d.name, SUM(d.pgsize) FROM dbstat d "
                "JOIN sqlite_master m ON m.name = d.name WHERE m.type = 'index' "
                "AND m.tbl_name = %s GROUP BY d.name ORDER BY 1",
                [TABLE],
            )
        sizes = [f"{name} {size / 2**20:,.0f} MB" for name, size in cursor.fetchall()]
        print("  indexes: " + ", ".join(sizes))


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    args = parse_args(argv)
    if args.database == "both":
        return run_children(args, argv)
    setup_django(args)
    data = ensure_dataset(args)
    last = data.months[-1]
    year = args.year or (last.start.year if last.start.month == 12 else last.start.year - 1)
    if year < data.months[0].start.year:
        sys.exit("no whole calendar year in the months loaded: use --months 12 or more")
    from django.db import connection

    from chuyendoiso.engine.domain.periods import parse_period

    describe_database(args)
    period = parse_period(str(year))
    worst = time_pillars(data, period, args.repeat)
    if args.explain:
        explain(data, period)
    print_summary(worst, connection.vendor)
    if not args.skip_analytics:
        time_province_analytics(data, year, args.province, args.repeat)
    return 0


if __name__ == "__main__":
    sys.exit(main())
