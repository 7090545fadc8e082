"""Run by test_migrations.py in a process of its own, on a database of its own (DATABASE_URL):
values breaking the rules of migration datavalues 0003 stored while it was not applied, then
migrated forward; fixed, and migrated again. Prints what it saw as JSON."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import django
from django.core.management import call_command

BEFORE = ("datavalues", "0002_category_option_foreign_key")
# figures as stored (text of this form on SQLite)
GOOD = {"period": "2024", "start_date": dt.date(2024, 1, 1), "value": "1.000000"}
# what each breaking row changes of a good one, by the period it is stored under
BREAKING = [
    {"period": "2023", "value": "-5.000000"},
    {"period": "", "start_date": dt.date(2025, 1, 1)},
    {"period": "2022", "numerator": "3.000000"},
]


def main() -> None:
    django.setup()
    from django.db import IntegrityError, transaction
    from old_codes import create_indicator_and_unit  # beside this script

    from chuyendoiso.engine.domain.errors import CdsError

    call_command("migrate", verbosity=0)
    indicator, unit = create_indicator_and_unit()
    call_command("migrate", *BEFORE, verbosity=0)
    ids = [_insert(indicator.pk, unit.pk, GOOD | row) for row in [{}, *BREAKING]]
    seen: dict[str, Any] = {"ids": ids}
    try:
        call_command("migrate", "datavalues", verbosity=0)
    except CdsError as exc:
        seen["refused"] = {"message": exc.message, **exc.extra}
    seen["applied_after_refusal"] = _applied()
    _delete(ids[1:])
    call_command("migrate", "datavalues", verbosity=0)
    seen["applied_after_fix"] = _applied()
    try:
        with transaction.atomic():
            _insert(indicator.pk, unit.pk, GOOD | BREAKING[0])
        seen["breaking_row_stored_after"] = True
    except IntegrityError:
        seen["breaking_row_stored_after"] = False
    print(json.dumps(seen, default=str))


def _insert(indicator: int, unit: int, row: dict[str, Any]) -> int:
    from django.db import connection
    from django.utils import timezone

    now = timezone.now()
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO datavalues_datavalue (indicator_id, org_unit_id, period, calendar, "
            "period_type, start_date, end_date, value, numerator, qualifier, decimals, scale, "
            "origin, status, source, comment, created_at, updated_at) VALUES (%s, %s, %s, "
            "'calendar', 'year', %s, %s, %s, %s, 'exact', 0, 1, 'reported', 'approved', '', '', "
            "%s, %s)",
            [
                indicator,
                unit,
                row["period"],
                row["start_date"],
                dt.date(2024, 12, 31),
                row["value"],
                row.get("numerator"),
                now,
                now,
            ],
        )
        cursor.execute("SELECT MAX(id) FROM datavalues_datavalue")
        return int(cursor.fetchone()[0])


def _delete(ids: list[int]) -> None:
    from chuyendoiso.datavalues.models import DataValue

    DataValue.objects.filter(pk__in=ids).delete()


def _applied() -> list[str]:
    from django.db import connection
    from django.db.migrations.recorder import MigrationRecorder

    recorder = MigrationRecorder(connection)
    return sorted(name for app, name in recorder.applied_migrations() if app == "datavalues")


if __name__ == "__main__":
    main()
