"""The audit keeps every change of a value, from every way in, and cannot be rewritten."""

from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.db import DatabaseError, connection, transaction
from django.db.models import ProtectedError

from chuyendoiso.access.models import Membership
from chuyendoiso.audit.models import AuditEntry
from chuyendoiso.audit.services import audit_actor, audit_record
from chuyendoiso.datavalues.models import DataValue
from chuyendoiso.datavalues.services import datavalue_delete, datavalues_import
from chuyendoiso.engine.domain.datavalues import DataValue as Value
from chuyendoiso.engine.domain.datavalues import Qualifier, field_text
from chuyendoiso.orgunits.models import OrgUnit
from tests.access.members import member
from tests.test_cli import run

pytestmark = pytest.mark.django_db

REVENUE = {"indicator__code": "KTS_DOANH_THU", "org_unit__code": "19", "period": "2024S1"}


def revenue() -> DataValue:
    return DataValue.objects.get(**REVENUE, category_option=None, status="approved")


def value_rows(key: str) -> list[AuditEntry]:
    """The audit rows of one value's imports, the newest first (the demo's are there too)."""
    return list(AuditEntry.objects.filter(action="datavalue_import", entity_key=key))


def test_an_import_keeps_the_old_value_and_qualifier_of_each_value_it_replaces():
    old = revenue()
    user = member("importer", "coordinator")
    replacement = Value(indicator="KTS_DOANH_THU", org_unit="19", period="2024S1", value=999)
    datavalues_import(
        acting_user=user, values=[replacement], source_name="fix.csv", reason="sửa số"
    )
    entry = value_rows("KTS_DOANH_THU/19/2024S1")[0]  # the newest first
    assert (entry.actor, entry.actor_name, entry.reason) == (user, "importer", "sửa số")
    assert entry.before["value"] == field_text(old.value)
    assert entry.before["qualifier"] == old.qualifier != Qualifier.EXACT.value
    assert (entry.after["value"], entry.after["qualifier"]) == ("999", Qualifier.EXACT.value)
    assert entry.after["source_name"] == "fix.csv"
    run_row = AuditEntry.objects.get(action="datavalues_import", entity_key="fix.csv")
    assert run_row.after["changed"] == 1 and run_row.reason == "sửa số"


def test_an_import_of_the_same_figures_again_records_no_change():
    value = Value(indicator="HTS_BTS", org_unit="19", period="2024Q4", value=Decimal(1900))
    datavalues_import(acting_user=None, values=[value], source_name="first")
    datavalues_import(acting_user=None, values=[value], source_name="again")
    [entry] = value_rows("HTS_BTS/19/2024Q4")
    assert entry.before is None and entry.after["value"] == "1900"


def test_the_command_line_records_the_actor_and_the_reason(tmp_path, monkeypatch):
    path = tmp_path / "values.csv"
    path.write_text("indicator,org_unit,period,value\nHTS_BTS,19,2024Q4,1900\n", encoding="utf-8")
    result = run("values", "import", str(path), "--actor", "Nguyễn Văn A", "--reason", "quý 4")
    assert result.exit_code == 0, result.output
    [entry] = value_rows("HTS_BTS/19/2024Q4")
    assert (entry.actor, entry.actor_name, entry.reason) == (None, "Nguyễn Văn A", "quý 4")
    monkeypatch.setenv("CDS_ACTOR", "so-tttt")
    path.write_text("indicator,org_unit,period,value\nHTS_BTS,19,2024Q4,1901\n", encoding="utf-8")
    assert run("values", "import", str(path)).exit_code == 0
    assert value_rows("HTS_BTS/19/2024Q4")[0].actor_name == "so-tttt"


def test_without_a_name_the_actor_is_the_os_user(monkeypatch):
    monkeypatch.delenv("CDS_ACTOR", raising=False)
    monkeypatch.setattr("getpass.getuser", lambda: "operator")
    entry = audit_record(acting_user=None, action="a", entity="e", entity_key="k")
    assert entry.actor_name == "os:operator"
    with audit_actor("named"):
        assert audit_record(acting_user=None, action="a", entity="e", entity_key="k").actor_name
    assert AuditEntry.objects.filter(actor_name="named").count() == 1


def test_a_deletion_keeps_the_value_it_deleted():
    old = revenue()
    datavalue_delete(acting_user=None, pk=old.pk, reason="nhập nhầm")
    entry = AuditEntry.objects.get(action="datavalue_delete")
    assert (entry.entity_key, entry.after, entry.reason) == (
        "KTS_DOANH_THU/19/2024S1",
        None,
        "nhập nhầm",
    )
    assert entry.before["value"] == field_text(old.value)
    assert not DataValue.objects.filter(pk=old.pk).exists()


def refused(change) -> None:
    with pytest.raises(DatabaseError), transaction.atomic():
        change()


def test_the_database_refuses_to_change_an_audit_row():
    entry = audit_record(acting_user=None, action="a", entity="e", entity_key="k")
    refused(lambda: AuditEntry.objects.filter(pk=entry.pk).update(after={"forged": 1}))
    refused(lambda: AuditEntry.objects.filter(pk=entry.pk).update(actor=None))
    assert AuditEntry.objects.get(pk=entry.pk).after is None


def test_the_database_refuses_to_delete_an_audit_row_on_postgresql():
    """On SQLite a row can still be deleted by SQL (Django empties tables with DELETE)."""
    entry = audit_record(acting_user=None, action="a", entity="e", entity_key="k")
    delete = AuditEntry.objects.filter(pk=entry.pk).delete
    if connection.vendor == "postgresql":
        refused(delete)
        assert AuditEntry.objects.filter(pk=entry.pk).exists()
    else:
        assert delete()[0] == 1


def test_a_user_who_acted_cannot_be_deleted():
    user = get_user_model().objects.create_user("someone")
    audit_record(acting_user=user, action="a", entity="e", entity_key="k")
    with pytest.raises(ProtectedError):
        user.delete()


@pytest.fixture
def superuser_client(client):
    client.force_login(get_user_model().objects.create_superuser("boss", password="x"))
    return client


def test_the_admin_cannot_delete_or_change_audit_rows(superuser_client):
    entry = audit_record(acting_user=None, action="a", entity="e", entity_key="k")
    listing = superuser_client.get("/admin/audit/auditentry/")
    assert listing.status_code == 200 and b'name="action"' not in listing.content
    url = f"/admin/audit/auditentry/{entry.pk}/delete/"
    assert superuser_client.post(url, {"post": "yes"}).status_code == 403
    bulk = {"action": "delete_selected", "_selected_action": [entry.pk], "post": "yes"}
    superuser_client.post("/admin/audit/auditentry/", bulk)
    assert AuditEntry.objects.filter(pk=entry.pk).exists()


@pytest.fixture
def editor_client(client):
    editor = get_user_model().objects.create_user("editor", password="x", is_staff=True)
    province = OrgUnit.objects.get(code="19", structure="")
    Membership.objects.create(user=editor, org_unit=province, role="coordinator")
    client.force_login(editor)
    return client


def form_of(row: DataValue, **changes: object) -> dict[str, object]:
    data = {
        field.name: getattr(row, field.attname)
        for field in DataValue._meta.concrete_fields
        if field.name not in {"id", "period_type", "start_date", "end_date", "created_by"}
        and field.name not in {"created_at", "updated_at"}
    }
    data = {name: "" if given is None else given for name, given in data.items()}
    return data | changes


def district_value() -> DataValue:
    return (
        DataValue.objects.filter(
            org_unit__level="district", category_option=None, status="approved"
        )
        .exclude(value=0)
        .order_by("pk")
        .first()
    )


def test_an_admin_edit_is_checked_like_an_import(editor_client):
    row = district_value()
    url = f"/admin/datavalues/datavalue/{row.pk}/change/"
    page = editor_client.post(url, form_of(row, value="-5", period="not-a-period"))
    assert page.status_code == 200 and b"errorlist" in page.content
    assert DataValue.objects.get(pk=row.pk).period == row.period
    assert not AuditEntry.objects.filter(actor_name="editor").exists()


def test_an_admin_edit_is_audited_with_its_user(editor_client):
    row = district_value()
    url = f"/admin/datavalues/datavalue/{row.pk}/change/"
    new = row.value + 1
    page = editor_client.post(url, form_of(row, value=str(new)))
    assert page.status_code == 302, page.content.decode()[:2000]
    assert DataValue.objects.get(pk=row.pk).value == new
    entry = AuditEntry.objects.get(action="datavalue_save")
    assert entry.actor.get_username() == "editor" and entry.actor_name == "editor"
    assert (entry.before["value"], entry.after["value"]) == (field_text(row.value), field_text(new))


def test_an_admin_edit_of_the_key_moves_the_value_with_an_audit_row_for_each(editor_client):
    row = district_value()
    moved_to = "2019"
    assert not DataValue.objects.filter(
        indicator=row.indicator, org_unit=row.org_unit, period=moved_to
    ).exists()
    url = f"/admin/datavalues/datavalue/{row.pk}/change/"
    page = editor_client.post(url, form_of(row, period=moved_to))
    assert page.status_code == 302, page.content.decode()[:2000]
    assert not DataValue.objects.filter(pk=row.pk).exists()
    assert DataValue.objects.get(indicator=row.indicator, org_unit=row.org_unit, period=moved_to)
    assert {e.action for e in AuditEntry.objects.filter(actor_name="editor")} == {
        "datavalue_delete",
        "datavalue_save",
    }
