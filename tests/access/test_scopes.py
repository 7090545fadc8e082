"""The access matrix through the product: each role, held on a district, writes drafts,
writes approved figures and reads drafts of its own unit, a child, a sibling, its parent and
a unit of another province, through the value services and through the admin. The expected
outcomes are written out here by hand, not read from the policy's table."""

from decimal import Decimal

import pytest

from chuyendoiso.access.selectors import actor_can, draft_readable_units
from chuyendoiso.audit.models import AuditEntry
from chuyendoiso.datavalues.models import DataValue
from chuyendoiso.datavalues.services import datavalue_delete, datavalue_save, datavalues_import
from chuyendoiso.engine.domain.access import Action
from chuyendoiso.engine.domain.datavalues import DataValue as Value
from chuyendoiso.engine.domain.datavalues import Status
from chuyendoiso.engine.domain.errors import PermissionDeniedError
from chuyendoiso.orgunits.models import OrgUnit
from tests.access.members import member
from tests.security.test_audit import form_of

pytestmark = pytest.mark.django_db

SCOPES = ["own", "child", "sibling", "parent", "other_province"]
# the units, relative to the member's district 164 (Thành phố Thái Nguyên, before 2025)
UNIT_OF = {
    "own": ("164", "before_2025"),
    "child": ("05440", "before_2025"),  # a ward of the city
    "sibling": ("165", "before_2025"),  # another district of the province
    "parent": ("19", ""),
    "other_province": ("20", ""),  # made by the fixture below
}
# what each role may do at each scope (own, child, sibling, parent, other province)
EXPECTED = {
    #                          own    child  sibl.  parent other
    ("admin", "write"): (True, True, True, True, True),
    ("coordinator", "write"): (True, True, True, True, False),
    ("reporter", "write"): (True, False, False, False, False),
    ("approver", "write"): (False, False, False, False, False),
    ("viewer", "write"): (False, False, False, False, False),
    ("admin", "write_approved"): (True, True, True, True, True),
    ("coordinator", "write_approved"): (True, True, True, True, False),
    ("reporter", "write_approved"): (False, False, False, False, False),
    ("approver", "write_approved"): (False, False, False, False, False),
    ("viewer", "write_approved"): (False, False, False, False, False),
    ("admin", "read_draft"): (True, True, True, True, True),
    ("coordinator", "read_draft"): (True, True, True, True, False),
    ("reporter", "read_draft"): (True, False, False, False, False),
    ("approver", "read_draft"): (True, True, False, False, False),
    ("viewer", "read_draft"): (False, False, False, False, False),
}
ROLES = ["admin", "coordinator", "reporter", "approver", "viewer"]


def cases(action):
    for role in ROLES:
        for scope, expected in zip(SCOPES, EXPECTED[(role, action)], strict=True):
            yield pytest.param(role, scope, expected, id=f"{role}-{scope}")


@pytest.fixture(autouse=True)
def other_province():
    return OrgUnit.objects.create(code="20", name="Tỉnh khác", level="province", path="/20/")


def unit(scope):
    code, structure = UNIT_OF[scope]
    return OrgUnit.objects.get(code=code, structure=structure)


def user_with(role):
    """A staff user holding ``role`` on district 164; the administrator is a superuser."""
    if role == "admin":
        from django.contrib.auth import get_user_model

        return get_user_model().objects.create_superuser("quan.tri", password="x")
    return member(f"{role}.164", role, unit("own"), is_staff=True)


def draft(scope, value=10, status=Status.DRAFT):
    code = UNIT_OF[scope][0]
    return Value(
        indicator="HTS_BTS", org_unit=code, period="2024Q3", value=Decimal(value), status=status
    )


def stored(scope, status="draft"):
    return DataValue.objects.filter(
        indicator__code="HTS_BTS", org_unit=unit(scope), period="2024Q3", status=status
    ).first()


@pytest.mark.parametrize(("role", "scope", "expected"), list(cases("write")))
def test_writing_a_draft_through_the_services(role, scope, expected):
    user = user_with(role)
    if expected:
        datavalue_save(acting_user=user, value=draft(scope))
        assert stored(scope).value == 10
        return
    audit_rows = AuditEntry.objects.count()
    with pytest.raises(PermissionDeniedError) as refused:
        datavalue_save(acting_user=user, value=draft(scope))
    assert refused.value.extra == {"action": "write", "org_unit": UNIT_OF[scope][0]}
    assert UNIT_OF[scope][0] in refused.value.message and "không có quyền" in refused.value.message
    with pytest.raises(PermissionDeniedError):
        datavalues_import(acting_user=user, values=[draft(scope)], source_name="x.csv")
    assert stored(scope) is None and AuditEntry.objects.count() == audit_rows


@pytest.mark.parametrize(("role", "scope", "expected"), list(cases("write_approved")))
def test_writing_an_approved_figure_needs_the_right_to_approve_too(role, scope, expected):
    user = user_with(role)
    value = draft(scope, 11, Status.APPROVED)
    if expected:
        datavalue_save(acting_user=user, value=value)
        assert stored(scope, "approved").value == 11
    else:
        with pytest.raises(PermissionDeniedError):
            datavalue_save(acting_user=user, value=value)


@pytest.mark.parametrize(("role", "scope", "expected"), list(cases("write")))
def test_deleting_a_draft_through_the_services(role, scope, expected):
    datavalue_save(acting_user=None, value=draft(scope))
    row = stored(scope)
    user = user_with(role)
    if expected:
        datavalue_delete(acting_user=user, pk=row.pk)
    else:
        with pytest.raises(PermissionDeniedError):
            datavalue_delete(acting_user=user, pk=row.pk)
    assert DataValue.objects.filter(pk=row.pk).exists() is not expected


@pytest.mark.parametrize(("role", "scope", "expected"), list(cases("read_draft")))
def test_reading_drafts(role, scope, expected, client):
    datavalue_save(acting_user=None, value=draft(scope))
    row = stored(scope)
    user = user_with(role)
    assert actor_can(user, Action.READ_DRAFT, unit(scope)) is expected
    assert draft_readable_units(user).filter(pk=unit(scope).pk).exists() is expected
    client.force_login(user)
    page = client.get(f"/admin/datavalues/datavalue/{row.pk}/change/")
    assert page.status_code == (200 if expected else 302)  # else: "does not exist"
    listing = client.get("/admin/datavalues/datavalue/?status__exact=draft")
    assert listing.status_code == 200
    assert (f"/admin/datavalues/datavalue/{row.pk}/change/" in listing.content.decode()) is expected


def test_every_role_reads_approved_figures_everywhere(client):
    approved = DataValue.objects.filter(status="approved", org_unit__code="19").first()
    for role in ROLES:
        user = user_with(role)
        assert actor_can(user, Action.READ_APPROVED, unit("other_province"))
        client.force_login(user)
        page = client.get(f"/admin/datavalues/datavalue/{approved.pk}/change/")
        assert page.status_code == 200, role


def admin_form(scope, **changes):
    template = DataValue.objects.filter(indicator__code="HTS_BTS", category_option=None).first()
    return form_of(template, org_unit=unit(scope).pk, period="2024Q3", status="draft", value="12")


@pytest.mark.parametrize(("role", "scope", "expected"), list(cases("write")))
def test_writing_a_draft_through_the_admin(role, scope, expected, client):
    client.force_login(user_with(role))
    page = client.post("/admin/datavalues/datavalue/add/", admin_form(scope))
    if expected:
        assert page.status_code == 302, page.content.decode()[:2000]
        assert stored(scope).value == 12
        return
    assert stored(scope) is None
    if role in ("approver", "viewer"):  # they write nowhere: no add page at all
        assert page.status_code == 403
    else:
        assert page.status_code == 200 and "không có quyền" in page.content.decode()


@pytest.mark.parametrize(("role", "scope", "expected"), list(cases("write")))
def test_changing_a_draft_through_the_admin(role, scope, expected, client):
    datavalue_save(acting_user=None, value=draft(scope))
    row = stored(scope)
    client.force_login(user_with(role))
    url = f"/admin/datavalues/datavalue/{row.pk}/change/"
    page = client.post(url, form_of(row, value="13"))
    row.refresh_from_db()
    assert row.value == (13 if expected else 10)
    if not expected:  # refused, or not even shown (a draft it may not read)
        assert page.status_code in (302, 403)
        assert not page.headers.get("Location", "").endswith("/datavalue/")


def test_a_reporter_cannot_move_its_value_to_another_unit_through_the_admin(client):
    user = user_with("reporter")
    datavalue_save(acting_user=user, value=draft("own"))
    row = stored("own")
    client.force_login(user)
    url = f"/admin/datavalues/datavalue/{row.pk}/change/"
    page = client.post(url, form_of(row, org_unit=unit("sibling").pk))
    assert page.status_code == 200 and "không có quyền" in page.content.decode()
    assert stored("sibling") is None and stored("own") is not None


def test_an_import_naming_units_it_may_not_write_is_refused_whole():
    user = user_with("reporter")
    values = [draft("own"), draft("child"), draft("sibling")]
    with pytest.raises(PermissionDeniedError) as refused:
        datavalues_import(acting_user=user, values=values, source_name="x.csv")
    assert refused.value.extra["org_unit"] == "05440,165"  # the ward and the sibling, by path
    assert stored("own") is None


def test_the_command_line_operator_writes_everywhere():
    datavalue_save(acting_user=None, value=draft("other_province"))
    assert stored("other_province").value == 10


def test_an_approver_of_a_department_approves_its_own_department_only():
    department = OrgUnit.objects.get(code="19.STTTT")
    approver = member("duyet.so", "approver", department)
    other = OrgUnit.objects.get(code="19.SYT")
    assert actor_can(approver, Action.APPROVE, department)
    assert not actor_can(approver, Action.APPROVE, other)
    district_approver = user_with("approver")
    assert not actor_can(district_approver, Action.APPROVE, unit("own"))
    assert actor_can(district_approver, Action.APPROVE, unit("child"))


def test_an_inactive_member_has_no_rights():
    user = user_with("coordinator")
    user.is_active = False
    user.save()
    with pytest.raises(PermissionDeniedError):
        datavalue_save(acting_user=user, value=draft("own"))


def test_the_old_province_merged_into_thai_nguyen_is_inside_its_coordinators_province():
    coordinator = member("dieu.phoi", "coordinator", "19")
    bac_kan_ward = OrgUnit.objects.get(code="01834", structure="before_2025")
    assert actor_can(coordinator, Action.WRITE, bac_kan_ward)
    assert not actor_can(user_with("reporter"), Action.WRITE, bac_kan_ward)


@pytest.mark.parametrize("action", list(Action))
@pytest.mark.parametrize("role", [*ROLES, "none"])
def test_whether_a_user_may_act_somewhere_is_what_the_list_of_units_says(role, action):
    """``any_unit_where`` (asked by the menu on every page) answers as ``units_where`` lists,
    for every role and action, a user without a role, the anonymous visitor and the
    command line's operator."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import AnonymousUser

    from chuyendoiso.access.selectors import any_unit_where, units_where

    users = [user_with(role)] if role != "none" else []
    users += [get_user_model().objects.create_user(f"khong.{role}"), AnonymousUser(), None]
    for user in users:
        assert any_unit_where(user, action) == units_where(user, action).exists(), user
