"""Run by test_backup_during_writes.py in a process of its own, on a database of its own
(DATABASE_URL): a writer imports values through the services, one small transaction after
another, while ``cds backup`` (``database_backup``) copies the database. Prints how many
imports had committed when the backup began and ended, and how many in all, as JSON.

Import number i (from 0) writes two values in one transaction: the new day value
INDICATOR/UNIT/<day i> = 1, and the running value INDICATOR/UNIT/COUNTER = i, written
over; with the audit rows of both and of the import.

Usage: writes_during_backup.py BACKUP_FILE
"""

from __future__ import annotations

import datetime as dt
import json
import sys
import threading
from decimal import Decimal
from pathlib import Path

import django
from django.core.management import call_command

INDICATOR, UNIT, COUNTER = "CQS_HS_TIEP_NHAN", "19", "2024"
FIRST_DAY = dt.date(2023, 1, 1)
BEFORE_BACKUP = 20  # imports committed before the backup starts
AFTER_BACKUP = 10  # and after it ends, so that it ran while the writer wrote


def day(number: int) -> str:
    return f"{FIRST_DAY + dt.timedelta(days=number):%Y%m%d}"


def main(target: Path) -> None:
    django.setup()
    from concurrent_writers import load_reference_data  # beside this script

    from chuyendoiso.backup import database_backup

    call_command("migrate", verbosity=0)
    load_reference_data()
    committed = 0
    stop = threading.Event()
    started = threading.Event()
    failed: list[BaseException] = []

    def write() -> None:
        nonlocal committed
        from django.db import connection

        try:
            while not stop.is_set():
                _import(committed)
                committed += 1
                if committed == BEFORE_BACKUP:
                    started.set()
        except BaseException as exc:  # reported by the main thread
            failed.append(exc)
            started.set()
        finally:
            connection.close()

    writer = threading.Thread(target=write)
    writer.start()
    started.wait(timeout=120)
    seen = {"before": committed}
    database_backup(target)
    seen["after"] = committed
    while committed < seen["after"] + AFTER_BACKUP and writer.is_alive():
        stop.wait(0.01)
    stop.set()
    writer.join(timeout=120)
    if failed:
        raise failed[0]
    seen["total"] = committed
    print(json.dumps(seen))


def _import(number: int) -> None:
    from chuyendoiso.datavalues.services import datavalues_import
    from chuyendoiso.engine.domain.datavalues import DataValue

    values = [
        DataValue(indicator=INDICATOR, org_unit=UNIT, period=day(number), value=Decimal(1)),
        DataValue(indicator=INDICATOR, org_unit=UNIT, period=COUNTER, value=Decimal(number)),
    ]
    datavalues_import(acting_user=None, values=values, source_name=f"import-{number}")


if __name__ == "__main__":
    main(Path(sys.argv[1]))
