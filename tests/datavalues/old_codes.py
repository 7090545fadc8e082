"""Run by test_migrations.py in a process of its own, on a database of its own (DATABASE_URL):
values stored while a category option was a text code, then migrated. Prints what it saw as
JSON."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from typing import Any

import django
from django.core.management import call_command

BEFORE = ("datavalues", "0001_initial")
CODES = ["", "CHANNEL:ONLINE", "CHANNEL:FAX"]


def main() -> None:
    django.setup()
    from django.db import connection

    from chuyendoiso.catalog.models import Category, CategoryOption
    from chuyendoiso.engine.domain.errors import CdsError

    call_command("migrate", *BEFORE, verbosity=0)
    call_command("migrate", "catalog", verbosity=0)  # written below with today's models
    _store_values_by_code()
    seen: dict[str, Any] = {}
    try:
        call_command("migrate", "datavalues", verbosity=0)
    except CdsError as exc:
        seen["refused"] = {"message": exc.message, **exc.extra}
    seen["codes_after_refusal"] = _column(connection, "category_option")
    channel = Category.objects.get(code="CHANNEL")
    CategoryOption.objects.create(category=channel, code="FAX", name_vi="Fax", name_en="Fax")
    call_command("migrate", "datavalues", verbosity=0)
    seen["options"] = _column(connection, "category_option_id")
    seen["option_ids"] = {o.code: o.pk for o in CategoryOption.objects.all()}
    call_command("migrate", *BEFORE, verbosity=0)
    seen["codes_back"] = _column(connection, "category_option")
    print(json.dumps(seen))


def _store_values_by_code() -> None:
    from django.db import connection
    from django.utils import timezone

    from chuyendoiso.catalog.models import Category, CategoryOption

    indicator, unit = create_indicator_and_unit()
    channel = Category.objects.create(code="CHANNEL", name_vi="Kênh", name_en="Channel")
    CategoryOption.objects.create(
        category=channel, code="ONLINE", name_vi="Trực tuyến", name_en="Online"
    )
    now = timezone.now()
    with connection.cursor() as cursor:
        for code in CODES:
            cursor.execute(
                "INSERT INTO datavalues_datavalue (indicator_id, org_unit_id, period, calendar, "
                "period_type, start_date, end_date, category_option, value, qualifier, "
                "decimals, scale, origin, status, source, comment, created_at, updated_at) "
                "VALUES (%s, %s, '2024', 'calendar', 'year', %s, %s, %s, %s, 'exact', 0, 1, "
                "'reported', 'approved', '', '', %s, %s)",
                [
                    indicator.pk,
                    unit.pk,
                    dt.date(2024, 1, 1),
                    dt.date(2024, 12, 31),
                    code,
                    Decimal(1),
                    now,
                    now,
                ],
            )


def create_indicator_and_unit() -> tuple[Any, Any]:
    """An indicator (CQS_HS_TIEP_NHAN) and an org unit (19) to store values of."""
    from chuyendoiso.catalog.models import Indicator, Pillar
    from chuyendoiso.orgunits.models import OrgUnit

    pillar = Pillar.objects.create(code="HTS", name_vi="Hạ tầng số", name_en="Infrastructure")
    indicator = Indicator.objects.create(
        code="CQS_HS_TIEP_NHAN",
        name_vi="Hồ sơ tiếp nhận",
        name_en="Dossiers received",
        pillar=pillar,
        unit="count",
        value_type="count",
        aggregation_org="sum",
        aggregation_time="flow",
        direction="up",
    )
    unit = OrgUnit.objects.create(code="19", name="Thái Nguyên", level="province")
    return indicator, unit


def _column(connection: Any, name: str) -> list[Any]:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {name} FROM datavalues_datavalue ORDER BY id")
        return [row[0] for row in cursor.fetchall()]


if __name__ == "__main__":
    main()
