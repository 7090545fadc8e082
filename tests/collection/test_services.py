"""The workflow through its services: each transition by each role at each scope (outcomes
written out by hand), what submitting checks, what approving writes, the audit rows, and the
values of a submission that has been sent being read-only to every value service."""

from dataclasses import replace
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model

from chuyendoiso.analytics.rollup import rollup_token
from chuyendoiso.audit.models import AuditEntry
from chuyendoiso.catalog.models import Indicator
from chuyendoiso.collection import services
from chuyendoiso.collection.models import Submission
from chuyendoiso.datavalues.models import DataValue
from chuyendoiso.datavalues.services import datavalue_delete, datavalue_save, datavalues_import
from chuyendoiso.engine.domain.datavalues import Status
from chuyendoiso.engine.domain.errors import PermissionDeniedError, ValidationError
from chuyendoiso.orgunits.models import OrgUnit
from tests.access.members import member
from tests.collection.workflow_data import (
    MONTH,
    REGIME,
    approved,
    dossiers,
    enter,
    key,
    stored,
    submitted,
    unit,
)

pytestmark = pytest.mark.django_db

# the units relative to the member's district 164 (Thành phố Thái Nguyên, before 2025)
UNIT_OF = {
    "own": ("164", "before_2025"),
    "child": ("05440", "before_2025"),
    "sibling": ("165", "before_2025"),
    "parent": ("19", ""),
    "other_province": ("20", ""),
}
SCOPES = list(UNIT_OF)
#                          own    child  sibl.  parent other
EXPECTED = {
    ("admin", "submit"): (True, True, True, True, True),
    ("coordinator", "submit"): (True, True, True, True, False),
    ("reporter", "submit"): (True, False, False, False, False),
    ("approver", "submit"): (False, False, False, False, False),
    ("viewer", "submit"): (False, False, False, False, False),
    ("admin", "approve"): (True, True, True, True, True),
    ("coordinator", "approve"): (True, True, True, True, False),
    ("reporter", "approve"): (False, False, False, False, False),
    ("approver", "approve"): (False, True, False, False, False),
    ("viewer", "approve"): (False, False, False, False, False),
}
EXPECTED |= {(role, "return"): EXPECTED[(role, "approve")] for role, _ in list(EXPECTED)}
EXPECTED |= {(role, "reopen"): EXPECTED[(role, "approve")] for role, _ in list(EXPECTED)}
ROLES = ["admin", "coordinator", "reporter", "approver", "viewer"]
# the state a submission must be in before each transition, and the state after it
BEFORE = {"submit": enter, "approve": submitted, "return": submitted, "reopen": approved}
AFTER = {"submit": "submitted", "approve": "approved", "return": "returned", "reopen": "draft"}


@pytest.fixture(autouse=True)
def other_province():
    return OrgUnit.objects.create(code="20", name="Tỉnh khác", level="province", path="/20/")


def scoped(scope):
    return OrgUnit.objects.get(code=UNIT_OF[scope][0], structure=UNIT_OF[scope][1])


def user_with(role):
    if role == "admin":
        return get_user_model().objects.create_superuser("quan.tri", password="x")
    return member(f"{role}.164", role, unit("164"))


CASES = [
    pytest.param(role, action, scope, expected, id=f"{action}-{role}-{scope}")
    for (role, action), row in EXPECTED.items()
    for scope, expected in zip(SCOPES, row, strict=True)
]


@pytest.mark.parametrize(("role", "action", "scope", "expected"), CASES)
def test_each_transition_by_each_role_at_each_scope(role, action, scope, expected):
    org = scoped(scope)
    BEFORE[action](org)
    user = user_with(role)
    call = getattr(services, f"submission_{action}")
    if expected:
        call(acting_user=user, reason="vì thế", **key(org))
        assert Submission.objects.get(org_unit=org, period=MONTH).state == AFTER[action]
        return
    state = Submission.objects.filter(org_unit=org, period=MONTH).values_list("state", flat=True)
    before = list(state)
    with pytest.raises(PermissionDeniedError) as refused:
        call(acting_user=user, reason="vì thế", **key(org))
    assert refused.value.extra["org_unit"] == org.code
    assert list(state) == before


def test_a_transition_writes_the_state_and_an_audit_row():
    commune = unit("05440")
    enter(commune)
    reporter = member("baocao.05440", "reporter", commune)
    token = rollup_token()
    row = services.submission_submit(acting_user=reporter, **key(commune))
    assert (row.state, row.changed_by, row.changed_by_name) == (
        "submitted",
        reporter,
        "baocao.05440",
    )
    assert rollup_token() != token  # the pages that show the reporting are built again
    token = rollup_token()
    approver = member("duyet.164", "approver", unit("164"))
    services.submission_return(
        acting_user=approver, reason="thiếu hồ sơ trực tuyến", **key(commune)
    )
    assert rollup_token() != token
    rows = AuditEntry.objects.filter(entity="submission").order_by("pk")
    assert [(r.action, r.before, r.after, r.reason, r.actor_name) for r in rows] == [
        ("submission_submit", {"state": "draft"}, {"state": "submitted"}, "", "baocao.05440"),
        (
            "submission_return",
            {"state": "submitted"},
            {"state": "returned"},
            "thiếu hồ sơ trực tuyến",
            "duyet.164",
        ),
    ]
    assert rows[0].entity_key == f"{REGIME}/05440@before_2025/{MONTH}"


def test_an_invalid_transition_names_the_state_and_the_action():
    commune = unit("05440")
    enter(commune)
    with pytest.raises(ValidationError, match="phê duyệt báo cáo đang ở trạng thái 'đang nhập'"):
        services.submission_approve(acting_user=None, **key(commune))
    assert not Submission.objects.filter(org_unit=commune).exists()


def test_returning_needs_a_reason():
    commune = unit("05440")
    submitted(commune)
    with pytest.raises(ValidationError, match="Cần ghi lý do"):
        services.submission_return(acting_user=None, reason=" ", **key(commune))
    assert Submission.objects.get(org_unit=commune).state == "submitted"


def test_a_period_not_of_the_regime_is_refused():
    with pytest.raises(ValidationError, match="không phải kỳ của chế độ"):
        services.submission_submit(
            acting_user=None, dataset_code=REGIME, org_unit=unit("05440"), period_id="2024Q2"
        )


def test_nothing_to_submit():
    with pytest.raises(ValidationError, match="Chưa có số liệu"):
        services.submission_submit(acting_user=None, **key(unit("05440")))


def test_a_warning_without_a_comment_blocks_submission_and_a_comment_lets_it_through():
    commune = unit("05440")
    enter(commune, received=10, processed=12)  # processed more than received: a warning
    with pytest.raises(ValidationError, match="1 quy tắc kiểm tra chưa đạt") as refused:
        services.submission_submit(acting_user=None, **key(commune))
    assert refused.value.extra["errors"][0]["rule"] == "HS_XU_LY_KHONG_VUOT_TIEP_NHAN"
    enter(commune, received=10, processed=12, comment="hồ sơ tồn từ tháng trước")
    assert services.submission_submit(acting_user=None, **key(commune)).state == "submitted"


def test_an_error_blocks_submission():
    commune = unit("05440")
    enter(commune)
    # a value stored before the rule was in the catalogue: done on time, more than processed
    first = stored(commune)
    DataValue.objects.create(
        indicator=Indicator.objects.get(code="CQS_HS_DUNG_HAN"),
        org_unit=commune,
        period=MONTH,
        calendar="nd09",
        period_type="month",
        start_date=first.start_date,
        end_date=first.end_date,
        value=Decimal(95),
        status="draft",
    )
    with pytest.raises(ValidationError) as refused:
        services.submission_submit(acting_user=None, **key(commune))
    errors = refused.value.extra["errors"]
    assert [(e["rule"], e["severity"]) for e in errors] == [
        ("CQS_HS_DUNG_HAN_KHONG_VUOT_MAU_SO", "error")
    ]


def test_approving_makes_the_drafts_the_approved_values_with_their_history():
    commune = unit("05440")
    datavalues_import(
        acting_user=None,
        values=[replace(dossiers(commune)[0], status=Status.APPROVED, value=Decimal(80))],
        source_name="earlier",
    )
    submitted(commune)  # drafts: received 100, processed 90
    approver = member("duyet.164", "approver", unit("164"))
    services.submission_approve(acting_user=approver, **key(commune))
    assert not DataValue.objects.filter(org_unit=commune, status="draft").exists()
    assert stored(commune, status="approved").value == 100
    assert stored(commune, "CQS_HS_DA_XU_LY", status="approved").value == 90
    history = AuditEntry.objects.filter(action="datavalue_approve", actor_name="duyet.164")
    replaced = history.get(entity_key=f"CQS_HS_TIEP_NHAN/05440/{MONTH}/calendar=nd09")
    assert (replaced.before["value"], replaced.after["value"]) == ("80", "100")
    new = history.get(entity_key=f"CQS_HS_DA_XU_LY/05440/{MONTH}/calendar=nd09")
    assert (new.before, new.after["value"]) == (None, "90")
    removed = history.get(entity_key=f"CQS_HS_TIEP_NHAN/05440/{MONTH}/calendar=nd09/status=draft")
    assert (removed.before["value"], removed.after) == ("100", None)


@pytest.mark.parametrize("state", ["submitted", "approved", "locked"])
def test_the_values_of_a_sent_report_are_read_only_to_every_value_service(state):
    commune = unit("05440")
    (submitted if state == "submitted" else approved)(commune)
    if state == "locked":
        services.submission_lock(acting_user=None, **key(commune))
    reporter = member("baocao.05440", "reporter", commune)
    status = "draft" if state == "submitted" else "approved"
    row = stored(commune, status=status)
    audit_rows = AuditEntry.objects.count()
    for user in (reporter, None):  # the command line's operator too
        with pytest.raises(PermissionDeniedError, match="số liệu chỉ được xem") as refused:
            datavalues_import(acting_user=user, values=dossiers(commune, 1, 1), source_name="x")
        assert refused.value.extra["dataset"] == REGIME
        assert refused.value.extra["indicators"] == ["CQS_HS_DA_XU_LY", "CQS_HS_TIEP_NHAN"]
        with pytest.raises(PermissionDeniedError):
            datavalue_save(acting_user=user, value=dossiers(commune, 1, 1)[0])
        with pytest.raises(PermissionDeniedError):
            datavalue_delete(acting_user=None, pk=row.pk)
    assert AuditEntry.objects.count() == audit_rows
    assert stored(commune, status=status).value == 100


def test_values_are_editable_again_once_returned_or_reopened():
    commune, other = unit("05440"), unit("05443")
    submitted(commune)
    enter(other, received=7, processed=7)  # another commune is not concerned
    services.submission_return(acting_user=None, reason="sửa", **key(commune))
    enter(commune, received=101)
    assert stored(commune).value == 101
    services.submission_submit(acting_user=None, **key(commune))
    services.submission_approve(acting_user=None, **key(commune))
    services.submission_reopen(acting_user=None, reason="số liệu sai", **key(commune))
    enter(commune, received=102)
    assert stored(commune).value == 102
    assert stored(commune, status="approved").value == 101
