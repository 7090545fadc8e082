"""A backup taken while a writer commits one import after another holds a prefix of the
committed imports, each whole: restored into a fresh database, every value has its audit
rows, no audit row names a change the backup lacks, and the counts agree.

The writer and the backup run in a process of its own on a database of its own
(writes_during_backup.py); the backup is restored here into a fresh database."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

from django.db import connection

from chuyendoiso import backup
from tests.own_database import own_database_url, run_script
from tests.security.writes_during_backup import BEFORE_BACKUP, COUNTER, INDICATOR, UNIT, day
from tests.test_backup import fresh_database, read_restored

SCRIPT = Path(__file__).with_name("writes_during_backup.py")
__all__ = ["fresh_database", "own_database_url"]  # the fixtures


def test_a_backup_during_writes_holds_whole_imports_in_order(
    own_database_url, fresh_database, tmp_path
):
    file = tmp_path / "cds.backup"
    done = run_script(SCRIPT, own_database_url, str(file))
    assert done.returncode == 0, done.stderr
    seen = json.loads(done.stdout)
    # the writer committed before, during and after the backup
    assert BEFORE_BACKUP <= seen["before"] <= seen["after"] < seen["total"]

    backup.restore_into(file, vendor=connection.vendor, db=fresh_database)
    values = dict(read_restored(fresh_database, "datavalues_datavalue", "period, value"))
    audit = read_restored(fresh_database, "audit_auditentry", "action, entity_key")
    imports = [key for action, key in audit if action == "datavalues_import"]
    changes = [key for action, key in audit if action == "datavalue_import"]

    # n whole imports, the first n committed: none cut in half, none skipped
    n = len(imports)
    assert seen["before"] <= n <= seen["after"]
    assert imports == [f"import-{number}" for number in range(n)]
    days = [day(number) for number in range(n)]
    assert sorted(values) == sorted([*days, COUNTER])
    assert {Decimal(values[key]) for key in days} == {1}
    assert Decimal(values[COUNTER]) == n - 1  # the running value of the last import
    # one audit row per value change, each of a change the backup holds
    keys = [*days, *[COUNTER] * n]
    assert sorted(changes) == sorted(f"{INDICATOR}/{UNIT}/{key}" for key in keys)
