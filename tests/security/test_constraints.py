"""The database holds the rules of a value that its own row can show, whatever way a row is
written (the admin, raw SQL); and a bad row that gets in anyway never stops the report of
the periods and units around it: it is left out and logged with its place."""

from __future__ import annotations

import datetime as dt
import logging
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from chuyendoiso.cli import main
from chuyendoiso.datavalues.models import DataValue

pytestmark = pytest.mark.django_db


def a_reported_total() -> DataValue:
    return (
        DataValue.objects.filter(
            org_unit__code="19",
            period="2024S1",
            status="approved",
            category_option=None,
            denominator=None,
        )
        .select_related("indicator", "org_unit")
        .order_by("pk")
        .first()
    )


@pytest.mark.parametrize(
    ("columns", "constraint"),
    [
        ({"start_date": dt.date(2025, 1, 1), "end_date": dt.date(2024, 1, 1)}, "start_not_after"),
        ({"period": ""}, "period_given"),
        ({"period_type": "week"}, "period_type_known"),
        ({"calendar": "lunar"}, "calendar_known"),
        ({"status": "published"}, "status_known"),
        ({"value": Decimal(-5)}, "value_not_negative"),
        ({"value": Decimal("-0.000001")}, "value_not_negative"),
        ({"numerator": Decimal(3)}, "parts"),  # no denominator
        ({"numerator": Decimal(3), "denominator": Decimal(0)}, "parts"),
        ({"numerator": Decimal(-1), "denominator": Decimal(4)}, "parts"),
        ({"decimals": 7}, "decimals_in_range"),
        ({"scale": 7}, "scale_known"),
    ],
)
def test_the_database_refuses_a_row_that_breaks_a_rule(columns: dict[str, Any], constraint):
    row = a_reported_total()
    with pytest.raises(IntegrityError), transaction.atomic():
        DataValue.objects.filter(pk=row.pk).update(**columns)  # no check of the model's
    for name, given in columns.items():
        setattr(row, name, given)
    with pytest.raises(ValidationError) as refused:  # what the admin's form calls
        row.full_clean()
    # by the field's own check, or by the constraint, named
    problems = refused.value.message_dict
    assert set(problems) & set(columns) or f"datavalue_{constraint}" in str(problems)


def test_the_database_refuses_a_negative_value_in_raw_sql():
    from django.db import connection

    row = a_reported_total()
    table = DataValue._meta.db_table
    with pytest.raises(IntegrityError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"UPDATE {table} SET value = %s WHERE id = %s", [-5, row.pk])


def test_the_rules_keep_every_good_value():
    row = a_reported_total()
    DataValue.objects.filter(pk=row.pk).update(value=Decimal(0), numerator=None, denominator=None)
    row.refresh_from_db()
    row.full_clean()


def test_a_row_with_a_period_that_is_no_period_is_left_out_of_the_report_and_logged(
    tmp_path: Path, caplog
):
    report = tmp_path / "report.md"

    def the_report() -> str:
        result = CliRunner().invoke(
            main, ["report", "--org", "19", "--period", "2024S1", "-o", str(report)]
        )
        assert result.exit_code == 0, result.output
        return report.read_text(encoding="utf-8")

    before = the_report()
    # a row of another indicator, unit and period of the same window, made unreadable
    bad = (
        DataValue.objects.filter(
            org_unit__province__code="19", start_date__gte=dt.date(2024, 1, 1), status="approved"
        )
        .exclude(org_unit__code="19")
        .select_related("indicator", "org_unit")
        .order_by("pk")
        .first()
    )
    DataValue.objects.filter(pk=bad.pk).update(period="not-a-period")  # passes the CHECK
    with caplog.at_level(logging.WARNING, logger="chuyendoiso.datavalues.convert"):
        after = the_report()
    assert after  # the report is made
    skipped = [r for r in caplog.records if getattr(r, "datavalue", None)]
    assert [r.datavalue for r in skipped] == [  # type: ignore[attr-defined]
        {
            "id": bad.pk,
            "indicator": bad.indicator.code,
            "org_unit": bad.org_unit.code,
            "period": "not-a-period",
        }
    ]
    assert f"id={bad.pk}" in skipped[0].getMessage()
    assert len(before.splitlines()) - 5 <= len(after.splitlines())
