"""Run by test_concurrency.py in a process of its own, on a database of its own
(DATABASE_URL): two writers at once, each in a thread with its own database connection,
many times, against the same writes one after the other. Prints what it saw as JSON.

Usage: concurrent_writers.py FOLDER REPEATS
"""

from __future__ import annotations

import json
import sys
import threading
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

import django
from django.core.management import call_command

INDICATOR, UNIT, PERIOD = "CQS_HS_TIEP_NHAN", "19", "2024Q1"
SOURCE, SOURCE_PERIOD = "dossiers", "2024-01-01..2024-03-31"


def main(folder: Path, repeats: int) -> None:
    django.setup()
    call_command("migrate", verbosity=0)
    load_reference_data()
    print(
        json.dumps(
            {
                "sources": _sources(folder, repeats),
                "imports": _imports(repeats),
            }
        )
    )


def load_reference_data() -> None:
    from chuyendoiso.catalog.services import catalog_import
    from chuyendoiso.demo import DEMO_PROVINCE, catalog_path
    from chuyendoiso.engine.files.catalog_file import read_catalog
    from chuyendoiso.orgunits.services import orgunits_load_provinces

    orgunits_load_provinces(acting_user=None, province_codes=[DEMO_PROVINCE])
    catalog_import(acting_user=None, catalog=read_catalog(catalog_path()))


def at_once(*writes: Callable[[], object]) -> list[str]:
    """Run ``writes`` in threads started together; each one's outcome: "ok" or the error."""
    from django.db import connection

    from chuyendoiso.engine.domain.errors import CdsError

    start = threading.Barrier(len(writes))
    outcomes = [""] * len(writes)

    def run(position: int, write: Callable[[], object]) -> None:
        try:
            start.wait()
            write()
            outcomes[position] = "ok"
        except CdsError as exc:
            outcomes[position] = f"refused: {exc}"
        except Exception as exc:  # reported, so that the test shows it
            outcomes[position] = f"failed: {type(exc).__name__}: {exc}"
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=item) for item in enumerate(writes)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return outcomes


# --- source computations -------------------------------------------------------------------


def _sources(folder: Path, repeats: int) -> dict[str, Any]:
    from chuyendoiso.demo import DEMO_PROVINCE
    from chuyendoiso.engine.demo import generate
    from chuyendoiso.engine.domain.adminunits_package import load_structures
    from chuyendoiso.engine.domain.periods import parse_period

    period = parse_period(SOURCE_PERIOD)
    # a few communes: few figures to store, so that a run is quick
    units = load_structures([DEMO_PROVINCE]).communes_on(DEMO_PROVINCE, period.start)[:4]
    files = [
        generate(SOURCE, 400, seed, folder / f"part-{seed}.parquet", units=units,
                 start=period.start, end=period.end)
        for seed in (1, 2)
    ]  # fmt: skip
    copy = folder / "copy-of-part-1.parquet"  # the same new file under a second name
    copy.write_bytes(files[0].read_bytes())

    def compute(*paths: Path) -> Callable[[], object]:
        from chuyendoiso.sources.services import source_compute

        return lambda: source_compute(
            acting_user=None, source=SOURCE, inputs=list(paths), period_id=SOURCE_PERIOD
        )

    _forget_computations()
    compute(files[0])()
    alone = _computed()
    compute(files[1])()
    serial = _computed()
    seen: dict[str, Any] = {
        "serial": serial,
        "alone": alone,
        "two_files": [],
        "one_file": [],
        "two_names": [],
    }
    for _ in range(repeats):
        _forget_computations()
        outcomes = at_once(compute(files[0]), compute(files[1]))
        seen["two_files"].append({"outcomes": outcomes, "stored": _computed()})
        _forget_computations()
        outcomes = at_once(compute(files[0]), compute(files[0]))
        seen["one_file"].append({"outcomes": outcomes, "stored": _computed()})
        _forget_computations()
        outcomes = at_once(compute(files[0]), compute(copy))
        seen["two_names"].append({"outcomes": outcomes, "stored": _computed()})
    return seen


def _forget_computations() -> None:
    from chuyendoiso.datavalues.models import DataValue
    from chuyendoiso.sources.models import SourceFile, SourcePartial, SourceRun

    SourcePartial.objects.all().delete()
    SourceFile.objects.all().delete()
    SourceRun.objects.all().delete()
    DataValue.objects.filter(source=f"connector:{SOURCE}").delete()


def _computed() -> dict[str, dict[str, str]]:
    """Per indicator: the sum of its stored values and the sum of its stored parts."""
    from chuyendoiso.datavalues.models import DataValue
    from chuyendoiso.sources.models import SourcePartial

    sums: dict[str, dict[str, Decimal]] = {}
    for code, value in DataValue.objects.filter(source=f"connector:{SOURCE}").values_list(
        "indicator__code", "value"
    ):
        entry = sums.setdefault(code, {"values": Decimal(0), "parts": Decimal(0)})
        entry["values"] += value
    for code, value, additive in SourcePartial.objects.values_list(
        "indicator", "value", "additive"
    ):
        if additive:
            entry = sums.setdefault(code, {"values": Decimal(0), "parts": Decimal(0)})
            entry["parts"] += value
    return {code: {k: str(v) for k, v in entry.items()} for code, entry in sorted(sums.items())}


# --- value imports -------------------------------------------------------------------------


def _imports(repeats: int) -> dict[str, Any]:
    """A total of 10 and a part of 11 (either alone is written, both never); with a total of
    10 stored, the two parts 6 and 6 (either alone is written, both never)."""
    from chuyendoiso.engine.domain.datavalues import DataValue

    def value(amount: int, option: str = "") -> DataValue:
        return DataValue(
            indicator=INDICATOR,
            org_unit=UNIT,
            period=PERIOD,
            value=Decimal(amount),
            category_option=option,
        )

    total, part = value(10), value(11, "CHANNEL:ONLINE")
    online, direct = value(6, "CHANNEL:ONLINE"), value(6, "CHANNEL:DIRECT")
    seen: dict[str, list[Any]] = {"total_and_part": [], "two_parts": []}
    for _ in range(repeats):
        _forget_values()
        outcomes = at_once(_importing(total), _importing(part))
        seen["total_and_part"].append({"outcomes": outcomes, "stored": _stored_values()})
        _forget_values()
        _importing(total)()
        outcomes = at_once(_importing(online), _importing(direct))
        seen["two_parts"].append({"outcomes": outcomes, "stored": _stored_values()})
    return seen


def _importing(value: Any) -> Callable[[], object]:
    from chuyendoiso.datavalues.services import datavalues_import

    return lambda: datavalues_import(acting_user=None, values=[value], source_name="concurrency")


def _forget_values() -> None:
    from chuyendoiso.datavalues.models import DataValue

    DataValue.objects.filter(indicator__code=INDICATOR, period=PERIOD).delete()


def _stored_values() -> dict[str, str]:
    from chuyendoiso.datavalues.convert import values_of
    from chuyendoiso.datavalues.models import DataValue

    rows = DataValue.objects.filter(indicator__code=INDICATOR, period=PERIOD)
    return {value.category_option: str(value.value) for value in values_of(rows)}


if __name__ == "__main__":
    main(Path(sys.argv[1]), int(sys.argv[2]))
