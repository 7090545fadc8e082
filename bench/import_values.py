#!/usr/bin/env python
"""Bulk import with full validation: 100,000 values in one go, as a client would send them.

Self-contained: each database is a fresh one of the bench's own (PostgreSQL
``cds_bench_import``, dropped and created again; SQLite in a temporary folder), migrated,
with the Thái Nguyên org units and the catalogue loaded (no values). The payload: the
monthly one-stop-shop regime (BC_MOT_CUA_THANG: 12 indicators, two of them by channel, 16
values per unit and month) for every commune of the province before 2025 and as many
NĐ 09 months back from 2024-12 as make up ``--values`` values, figures that keep every
rule (parts add up, ratios match their numerator and denominator, counts within their
totals). It is imported as approved figures by a system administrator through the path
of ``POST /api/dataValueSets`` (``chuyendoiso.api.dhis2.import_payload``: the JSON read,
every value checked, the scope, the validation rules, the write and its audit rows).

Each input format is one function of ``FORMATS`` that builds its input and returns how to
import it, so that another format (an Excel workbook) slots in beside the JSON one.

Prints values per second, the import's seconds and the process's peak memory (VmHWM; each
database runs in its own process), and the ratios against the goal (issue 11: at least
5,000 values per second on PostgreSQL, under 500 MB). Nothing is asserted.

    .venv/bin/python bench/import_values.py --database both [--values 100000]
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

PG_SERVER = "postgres://postgres@127.0.0.1:5432"
PG_NAME = "cds_bench_import"
GOAL_PER_SECOND = 5000
GOAL_MB = 500
DATASET = "BC_MOT_CUA_THANG"
PROVINCE = "19"


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database", choices=["sqlite", "postgres", "both"], default="both")
    parser.add_argument("--values", type=int, default=100_000, help="values to import (100000)")
    parser.add_argument("--format", choices=["json", "xlsx", "both"], default="both", dest="fmt")
    parser.add_argument("--run", choices=["sqlite", "postgres"], help=argparse.SUPPRESS)
    parser.add_argument("--template", type=Path, help=argparse.SUPPRESS)
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> None:
    args = parse_args(argv)
    if args.template:  # a child process that writes the Excel template (see entry_template)
        write_filled_template(args.template, args.values)
        return
    if args.run:
        run(args)
        return
    databases = ["sqlite", "postgres"] if args.database == "both" else [args.database]
    formats = list(FORMATS) if args.fmt == "both" else [args.fmt]
    for database in databases:  # one process each: Django is set up once per process
        for fmt in formats:  # and per format: each one's peak memory is its own
            command = [sys.executable, __file__, "--run", database, "--values", str(args.values)]
            subprocess.run([*command, "--format", fmt], check=True)


def run(args: argparse.Namespace) -> None:
    setup(args.run)
    user = load_reference()
    describe, do_import = FORMATS[args.fmt](args.values, user)
    gc.collect()
    before = peak_mb()
    reset_peak()  # the peak from here on is the import's (the input stays resident)
    started = time.perf_counter()
    counted = do_import()
    seconds = time.perf_counter() - started
    per_second = counted / seconds
    peak = peak_mb()
    print(f"{args.run:8} {args.fmt:5} {describe}")
    print(
        f"{'':14} {counted:,} values in {seconds:.1f} s: {per_second:,.0f} values/s "
        f"(goal {GOAL_PER_SECOND:,}: ratio {per_second / GOAL_PER_SECOND:.2f}), "
        f"peak memory {peak:.0f} MB (goal < {GOAL_MB}: ratio {peak / GOAL_MB:.2f}; "
        f"{before:.0f} MB before the import)",
        flush=True,
    )


def setup(database: str) -> None:
    os.environ["DJANGO_SETTINGS_MODULE"] = "chuyendoiso.config.settings.dev"
    if database == "postgres":
        import psycopg

        with psycopg.connect(f"{PG_SERVER}/postgres", autocommit=True) as connection:
            connection.execute(f"DROP DATABASE IF EXISTS {PG_NAME}")
            connection.execute(f"CREATE DATABASE {PG_NAME}")
        os.environ["DATABASE_URL"] = f"{PG_SERVER}/{PG_NAME}"
    else:
        folder = Path(tempfile.mkdtemp(prefix="cds_bench_import_"))
        os.environ["DATABASE_URL"] = f"sqlite:///{folder / 'bench.sqlite3'}"
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)


def load_reference() -> Any:
    """The province's org units and the catalogue; the administrator who imports."""
    from django.contrib.auth import get_user_model

    from chuyendoiso.catalog.services import catalog_import
    from chuyendoiso.demo import catalog_path
    from chuyendoiso.engine.files.catalog_file import read_catalog
    from chuyendoiso.orgunits.services import orgunits_load_provinces

    orgunits_load_provinces(acting_user=None, province_codes=[PROVINCE])
    catalog_import(acting_user=None, catalog=read_catalog(catalog_path()))
    return get_user_model().objects.create_superuser("bench.admin", password="x")


# --- the dataValueSets payload -----------------------------------------------------------


def communes() -> list[str]:
    from chuyendoiso.orgunits.models import OrgUnit

    units = OrgUnit.objects.filter(level="commune", structure="before_2025")
    return list(units.order_by("code").values_list("code", flat=True))


def months(count: int) -> list[str]:
    """``count`` month ids back from 2024-12, oldest first (before the 2025 reorganisation)."""
    found, year, month = [], 2024, 12
    for _ in range(count):
        found.append(f"{year}{month:02d}")
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return found[::-1]


def unit_month_values(seed: int) -> list[dict[str, Any]]:
    """The 16 values of a unit and month, consistent with every rule of the catalogue."""
    received = 200 + seed % 400
    processed = received - seed % 50
    online = received * 3 // 5
    done_online = processed * 3 // 5
    counts = {
        "CQS_HS_DUNG_HAN": processed - seed % 7,
        "CQS_HS_TOAN_TRINH": processed // 2,
        "CQS_HS_KQ_DIEN_TU": processed // 3,
        "CQS_HS_SO_HOA": processed // 4,
    }
    entries = [
        _value("CQS_HS_TIEP_NHAN", received),
        _value("CQS_HS_TIEP_NHAN", online, "CHANNEL:ONLINE"),
        _value("CQS_HS_TIEP_NHAN", received - online, "CHANNEL:DIRECT"),
        _value("CQS_HS_DA_XU_LY", processed),
        _value("CQS_HS_DA_XU_LY", done_online, "CHANNEL:ONLINE"),
        _value("CQS_HS_DA_XU_LY", processed - done_online, "CHANNEL:DIRECT"),
    ]
    for code, count in counts.items():
        entries += [_value(code, count), _ratio(f"{code}_TY_LE", count, processed)]
    reused = received // 5
    entries += [
        _value("CQS_HS_TAI_SU_DUNG", reused),
        _ratio("CQS_HS_TAI_SU_DUNG_TY_LE", reused, received),
    ]
    return entries


def _value(code: str, number: int, option: str = "") -> dict[str, Any]:
    return {"dataElement": code, "categoryOptionCombo": option, "value": str(number)}


def _ratio(code: str, numerator: int, denominator: int) -> dict[str, Any]:
    percent = (Decimal(numerator) * 100 / Decimal(denominator)).quantize(Decimal("0.01"))
    return {
        "dataElement": code,
        "value": str(percent),
        "numerator": str(numerator),
        "denominator": str(denominator),
        "decimals": "2",
    }


def data_value_sets(count: int, user: Any) -> tuple[str, Callable[[], int]]:
    from chuyendoiso.api.dhis2 import ImportParams, import_payload
    from chuyendoiso.engine.domain.datavalues import Status

    units = communes()
    per_month = 16 * len(units)
    periods = months(-(-count // per_month))
    entries: list[dict[str, Any]] = []
    for period in periods:
        for number, unit in enumerate(units):
            for entry in unit_month_values(number + int(period)):
                entries.append({**entry, "orgUnit": unit, "period": period})
    entries = entries[:count]
    body = json.dumps({"dataSet": DATASET, "dataValues": entries}).encode()
    describe = (
        f"{len(entries):,} values ({len(units)} communes x {len(periods)} months x 16), "
        f"{len(body) / 2**20:.1f} MB of JSON"
    )
    params = ImportParams(status=Status.APPROVED)

    def do_import() -> int:
        status, summary = import_payload(user, body, params)
        if status != 200:
            raise SystemExit(f"refused ({status}): {json.dumps(summary)[:2000]}")
        return int(summary["importCount"]["imported"])

    return describe, do_import


# --- the Excel entry template -----------------------------------------------------------

XLSX_PERIOD = "202201"  # a month the JSON payload (back from 2024-12) does not reach


def entry_template(count: int, user: Any) -> tuple[str, Callable[[], int]]:
    """A filled template of BC_MOT_CUA_THANG for one month, 16 rows per commune: as the
    province has too few communes for ``count`` rows, the communes of the whole country
    (loaded here) report. Written by a child process (openpyxl holds every cell of a
    workbook it writes), read back as ``cds import FILE`` does: drafts."""
    from chuyendoiso.datavalues.services import datavalues_import
    from chuyendoiso.engine.domain.adminunits_package import all_new_province_codes
    from chuyendoiso.engine.files.values_xlsx import read_template
    from chuyendoiso.orgunits.services import orgunits_load_provinces

    orgunits_load_provinces(acting_user=None, province_codes=all_new_province_codes())
    path = Path(tempfile.mkdtemp(prefix="cds_bench_xlsx_")) / "mau.xlsx"
    command = [sys.executable, __file__, "--template", str(path), "--values", str(count)]
    subprocess.run(command, check=True, env=os.environ)
    describe = (
        f"{count // 16 * 16:,} rows ({count // 16:,} communes x 16, one month), "
        f"{path.stat().st_size / 2**20:.1f} MB of .xlsx"
    )

    def do_import() -> int:
        read = read_template(path, name=path.name, dataset=DATASET, period=XLSX_PERIOD)
        summary = datavalues_import(
            acting_user=user,
            values=read.values,
            source_name=path.name,
            source_rows=read.rows,
            source_problems=read.problems,
        )
        return summary.imported

    return describe, do_import


def write_filled_template(path: Path, count: int) -> None:
    """The template of ``count // 16`` communes, filled with figures that keep every rule."""
    import django

    django.setup()
    from chuyendoiso.catalog.selectors import catalog_get, dataset_get
    from chuyendoiso.engine.domain.datavalues import DataValue, Status
    from chuyendoiso.engine.domain.periods import parse_period
    from chuyendoiso.engine.files.values_xlsx import TemplateUnit, template_rows, write_template
    from chuyendoiso.orgunits.models import OrgUnit

    dataset = dataset_get(DATASET)
    period = parse_period(XLSX_PERIOD, dataset.calendar)
    found = OrgUnit.objects.filter(level="commune", structure="before_2025").order_by("code")
    units = [TemplateUnit(code, name) for code, name in found.values_list("code", "name")]
    units = units[: count // 16]
    filled = [
        DataValue(
            indicator=entry["dataElement"],
            org_unit=unit.code,
            period=period.id,
            calendar=period.calendar.value,
            category_option=entry.get("categoryOptionCombo", ""),
            value=Decimal(entry["value"]),
            numerator=Decimal(entry["numerator"]) if "numerator" in entry else None,
            denominator=Decimal(entry["denominator"]) if "denominator" in entry else None,
            decimals=int(entry.get("decimals", 0)),
            status=Status.DRAFT,
        )
        for number, unit in enumerate(units)
        for entry in unit_month_values(number)
    ]
    rows = template_rows(dataset, catalog_get(), units)
    write_template(path, dataset=dataset, period=period, rows=rows, stored=filled)


# one function per input format: (count, user) -> (description, import returning the count)
FORMATS: dict[str, Callable[[int, Any], tuple[str, Callable[[], int]]]] = {
    "json": data_value_sets,
    "xlsx": entry_template,
}


def reset_peak() -> None:
    """Start the process's peak resident memory again from what is resident now (Linux)."""
    Path("/proc/self/clear_refs").write_text("5")


def peak_mb() -> float:
    """The process's peak resident memory (VmHWM), in MB."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


if __name__ == "__main__":
    main()
