"""The fact-checker's drafts reviewed: approved (replacing the approved value of the same
figure, which the admin refused as "already exists") or rejected, each audited, by the
approver of the unit only, and never around a sent report."""

import pytest
from click.testing import CliRunner

from chuyendoiso.audit.models import AuditEntry
from chuyendoiso.cli import main
from chuyendoiso.datavalues.models import DataValue
from chuyendoiso.datavalues.services import datavalue_approve, datavalue_reject
from chuyendoiso.engine.domain.errors import PermissionDeniedError, ValidationError
from tests.access.members import member
from tests.collection.workflow_data import stored, submitted, unit

pytestmark = pytest.mark.django_db

SOURCE = "document:bao-cao-moi.txt"


def run(*args: str):
    return CliRunner().invoke(main, list(args))


def bts(status: str) -> DataValue:
    return DataValue.objects.get(
        indicator__code="HTS_BTS", org_unit__code="19", period="2024S1", status=status
    )


@pytest.fixture
def drafts(tmp_path):
    """The figure of BTS stations read from a report, stored as a draft beside the approved
    1,830 (cds factcheck --import)."""
    report = tmp_path / "bao-cao-moi.txt"
    report.write_text(
        "Trong 6 tháng đầu năm 2024, trên địa bàn tỉnh có 1.930 trạm BTS.", encoding="utf-8"
    )
    result = run("factcheck", str(report), "--import", "--org", "19")
    assert result.exit_code in (0, 1), result.output
    assert bts("approved").value == 1830 and bts("draft").value == 1930


def test_approving_a_draft_replaces_the_approved_value_with_an_audit_row(drafts):
    approver = member("dieu.phoi.19", "coordinator", "19")
    draft, approved = bts("draft"), bts("approved")
    datavalue_approve(acting_user=approver, pk=draft.pk, reason="đã đối chiếu")
    after = bts("approved")
    assert after.value == 1930 and after.pk == approved.pk  # replaced in place, no collision
    assert not DataValue.objects.filter(pk=draft.pk).exists()
    entries = AuditEntry.objects.filter(action="datavalue_approve", entity_key="HTS_BTS/19/2024S1")
    assert [(e.before["value"], e.after["value"], e.actor_id) for e in entries] == [
        ("1830", "1930", approver.pk)
    ]
    removed = AuditEntry.objects.get(
        action="datavalue_approve", entity_key="HTS_BTS/19/2024S1/status=draft"
    )
    assert removed.before["value"] == "1930" and removed.after is None


def test_rejecting_a_draft_deletes_it_with_its_reason_and_needs_one(drafts):
    draft = bts("draft")
    with pytest.raises(ValidationError, match="lý do"):
        datavalue_reject(acting_user=None, pk=draft.pk, reason="  ")
    datavalue_reject(acting_user=None, pk=draft.pk, reason="đọc nhầm số")
    assert not DataValue.objects.filter(pk=draft.pk).exists()
    assert bts("approved").value == 1830
    entry = AuditEntry.objects.get(action="datavalue_reject")
    assert entry.reason == "đọc nhầm số" and entry.before["value"] == "1930"
    assert entry.entity_key == "HTS_BTS/19/2024S1/status=draft" and entry.after is None


def test_only_an_approver_of_the_unit_reviews_drafts(drafts):
    draft = bts("draft")
    reporter = member("nhap.19", "reporter", "19")
    with pytest.raises(PermissionDeniedError):
        datavalue_approve(acting_user=reporter, pk=draft.pk)
    with pytest.raises(PermissionDeniedError):
        datavalue_reject(acting_user=reporter, pk=draft.pk, reason="x")
    assert bts("draft").value == 1930 and bts("approved").value == 1830


def test_an_approved_value_is_not_a_draft_to_review(drafts):
    with pytest.raises(ValidationError, match="không phải số liệu nháp"):
        datavalue_approve(acting_user=None, pk=bts("approved").pk)


def test_a_draft_of_a_sent_report_is_reviewed_through_the_report():
    commune = unit("05440")
    submitted(commune)
    draft = stored(commune)
    with pytest.raises(PermissionDeniedError, match="qua báo cáo"):
        datavalue_approve(acting_user=None, pk=draft.pk)
    with pytest.raises(PermissionDeniedError, match="qua báo cáo"):
        datavalue_reject(acting_user=None, pk=draft.pk, reason="x")
    assert stored(commune) == draft


def test_the_command_approves_then_rejects_the_drafts_of_a_source(drafts, tmp_path):
    args = ["--org", "19", "--period", "2024S1", "--source", SOURCE, "--actor", "thu.nguyen"]
    result = run("values", "approve", *args, "--indicator", "HTS_BTS", "--reason", "khớp")
    assert result.exit_code == 0, result.output
    assert "1 số liệu nháp đã duyệt" in result.output and bts("approved").value == 1930
    entry = AuditEntry.objects.get(
        action="datavalue_approve", entity_key="HTS_BTS/19/2024S1", reason="khớp"
    )
    assert entry.actor_name == "thu.nguyen"
    result = run("values", "reject", *args, "--reason", "hết nháp")
    assert result.exit_code == 2 and "Không có số liệu nháp" in result.output


def test_the_admin_approves_the_selected_draft_and_no_longer_lets_status_collide(drafts, client):
    admin_user = member("dieu.phoi.19", "coordinator", "19", is_staff=True)
    client.force_login(admin_user)
    draft = bts("draft")
    form = client.get(f"/admin/datavalues/datavalue/{draft.pk}/change/").content.decode()
    assert 'name="status"' not in form  # shown, not edited: approving is the action's
    page = client.post(
        "/admin/datavalues/datavalue/",
        {"action": "approve_drafts", "_selected_action": [draft.pk]},
        follow=True,
    )
    assert "Đã duyệt 1 số liệu" in page.content.decode()
    assert bts("approved").value == 1930
    assert not DataValue.objects.filter(status="draft", source=SOURCE).exists()


def test_the_admin_asks_the_reason_before_rejecting(drafts, client):
    client.force_login(member("dieu.phoi.19", "coordinator", "19", is_staff=True))
    draft = bts("draft")
    selected = {"action": "reject_drafts", "_selected_action": [draft.pk]}
    page = client.post("/admin/datavalues/datavalue/", selected)
    assert 'name="reason"' in page.content.decode()
    assert DataValue.objects.filter(pk=draft.pk).exists()  # nothing until a reason is given
    confirmed = {**selected, "confirmed": "1", "reason": "đọc nhầm"}
    page = client.post("/admin/datavalues/datavalue/", confirmed, follow=True)
    assert "Đã từ chối 1 số liệu" in page.content.decode()
    assert not DataValue.objects.filter(pk=draft.pk).exists()
    assert AuditEntry.objects.get(action="datavalue_reject").reason == "đọc nhầm"
