"""`cds demo` on a database that is not the demo's: refused unless --force, never changes an
existing user, and loads all or nothing."""

from __future__ import annotations

import pytest
from click.testing import CliRunner
from django.contrib.auth import get_user_model

from chuyendoiso import demo as demo_module
from chuyendoiso.audit.models import AuditEntry
from chuyendoiso.cli import main
from chuyendoiso.datavalues.models import DataValue
from chuyendoiso.demo import DEMO_USER, DemoResult, NotADemoDatabaseError, demo_load

pytestmark = pytest.mark.django_db


def a_reported_value() -> DataValue:
    return DataValue.objects.filter(origin="reported").order_by("pk").first()


def test_the_demo_loads_again_over_itself():
    before = DataValue.objects.count()
    result = demo_load(synthetic=False, submissions=False)  # as tests/conftest.py loads it
    assert result.reported_values > 0
    assert DataValue.objects.count() == before


def test_a_database_with_a_value_of_its_own_is_refused_and_left_as_it_was():
    row = a_reported_value()
    DataValue.objects.filter(pk=row.pk).update(value=999)
    audit_rows = AuditEntry.objects.count()
    result = CliRunner().invoke(main, ["demo"])
    assert result.exit_code == 2, result.output
    assert "cds demo --force" in result.output and "1 value(s)" in result.output
    assert f"{row.indicator.code}/{row.org_unit.code}/{row.period}" in result.output
    assert DataValue.objects.get(pk=row.pk).value == 999
    assert AuditEntry.objects.count() == audit_rows


def test_force_loads_over_it_and_leaves_the_existing_admin_alone():
    row = a_reported_value()
    DataValue.objects.filter(pk=row.pk).update(value=999)
    admin = get_user_model().objects.get(username=DEMO_USER)
    admin.set_password("mat-khau-cua-tinh")
    admin.is_superuser = False
    admin.save()
    result = demo_load(synthetic=False, force=True)
    assert DataValue.objects.get(pk=row.pk).value == row.value
    admin.refresh_from_db()
    assert admin.check_password("mat-khau-cua-tinh") and not admin.is_superuser
    assert result.password is None and "unchanged" in result.describe()


def test_the_command_passes_force_on(monkeypatch):
    asked: dict[str, object] = {}

    def load(**options: object) -> DemoResult:
        asked.update(options)
        return DemoResult(1, 1, 1, 0, DEMO_USER, None)

    monkeypatch.setattr(demo_module, "demo_load", load)
    result = CliRunner().invoke(main, ["demo", "--force"])
    assert result.exit_code == 0, result.output
    assert asked["force"] is True and "unchanged" in result.output


def test_the_demo_creates_its_admin_only_when_there_is_none(monkeypatch):
    get_user_model().objects.filter(username=DEMO_USER).delete()
    monkeypatch.setenv("CDS_DEMO_PASSWORD", "thu-nghiem")
    result = demo_load(synthetic=False)
    admin = get_user_model().objects.get(username=DEMO_USER)
    assert result.password == "thu-nghiem" and admin.check_password("thu-nghiem")
    assert admin.is_superuser and admin.is_staff


def test_the_demo_loads_all_or_nothing(monkeypatch):
    get_user_model().objects.filter(username=DEMO_USER).delete()
    audit_rows = AuditEntry.objects.count()

    def fail_at_the_end() -> str:
        raise RuntimeError("the last step failed")

    monkeypatch.setattr(demo_module, "_ensure_demo_user", fail_at_the_end)
    with pytest.raises(RuntimeError):
        demo_load(synthetic=False)
    assert AuditEntry.objects.count() == audit_rows  # no step before it stayed written


def test_the_refusal_is_a_product_error():
    DataValue.objects.filter(pk=a_reported_value().pk).update(value=999)
    with pytest.raises(NotADemoDatabaseError) as raised:
        demo_load(synthetic=False)
    assert raised.value.extra["others"] == 1
