"""Memberships and tokens in the admin: system administrators only, every change through
the services with an audit row; the demo's users by role, never changing an existing one."""

import pytest
from django.contrib.auth import get_user_model

from chuyendoiso.access.models import ApiToken, Membership
from chuyendoiso.access.services import token_create, user_for_token
from chuyendoiso.audit.models import AuditEntry
from chuyendoiso.demo import demo_load
from chuyendoiso.orgunits.models import OrgUnit
from tests.access.members import member

pytestmark = pytest.mark.django_db


@pytest.fixture
def superuser_client(client):
    client.force_login(get_user_model().objects.create_superuser("boss", password="x"))
    return client


def test_a_membership_added_changed_and_deleted_in_the_admin_is_audited(superuser_client):
    someone = get_user_model().objects.create_user("ai.do", is_staff=True)
    ward = OrgUnit.objects.get(code="05440")
    form = {"user": someone.pk, "role": "reporter", "org_unit": ward.pk}
    assert superuser_client.post("/admin/access/membership/add/", form).status_code == 302
    membership = Membership.objects.get(user=someone)
    district = OrgUnit.objects.get(code="164")
    url = f"/admin/access/membership/{membership.pk}/change/"
    changed = superuser_client.post(url, form | {"role": "approver", "org_unit": district.pk})
    assert changed.status_code == 302
    assert list(Membership.objects.filter(user=someone).values_list("role", "org_unit")) == [
        ("approver", district.pk)
    ]
    new = Membership.objects.get(user=someone)
    url = f"/admin/access/membership/{new.pk}/delete/"
    assert superuser_client.post(url, {"post": "yes"}).status_code == 302
    assert not Membership.objects.filter(user=someone).exists()
    actions = list(
        AuditEntry.objects.filter(entity="membership", entity_key__startswith="ai.do/")
        .order_by("pk")
        .values_list("action", "entity_key", "actor_name")
    )
    assert actions == [
        ("membership_add", "ai.do/05440/reporter", "boss"),
        ("membership_remove", "ai.do/05440/reporter", "boss"),
        ("membership_add", "ai.do/164/approver", "boss"),
        ("membership_remove", "ai.do/164/approver", "boss"),
    ]


def test_a_coordinator_cannot_manage_memberships_or_tokens(client):
    coordinator = member("dieu.phoi", "coordinator", "19", is_staff=True)
    client.force_login(coordinator)
    form = {"user": coordinator.pk, "role": "admin", "org_unit": OrgUnit.objects.get(code="19").pk}
    assert client.post("/admin/access/membership/add/", form).status_code == 403
    assert client.get("/admin/access/apitoken/").status_code == 403
    assert list(Membership.objects.filter(user=coordinator).values_list("role")) == [
        ("coordinator",)
    ]


def test_a_token_is_revoked_from_the_admin_and_never_added_there(superuser_client):
    user = member("may.khach", "reporter", "19")
    token, secret = token_create(acting_user=None, user=user, name="dhis2")
    listing = superuser_client.get("/admin/access/apitoken/").content.decode()
    assert token.prefix in listing and token.digest not in listing
    assert superuser_client.get("/admin/access/apitoken/add/").status_code == 403
    action = {"action": "revoke", "_selected_action": [token.pk]}
    assert superuser_client.post("/admin/access/apitoken/", action).status_code == 302
    assert ApiToken.objects.get(pk=token.pk).revoked_at is not None
    assert user_for_token(f"Bearer {secret}") is None
    assert AuditEntry.objects.get(action="token_revoke").actor_name == "boss"


def test_the_demo_has_a_user_for_each_role_and_leaves_existing_ones_alone():
    expected = {
        "baocao.xa": ("reporter", "05440", "before_2025"),
        "duyet.huyen": ("approver", "164", "before_2025"),
        "baocao.so": ("reporter", "19.STTTT", ""),
        "dieuphoi.tinh": ("coordinator", "19", ""),
        "xem.tinh": ("viewer", "19", ""),
    }
    found = {
        name: (role, code, structure)
        for name, role, code, structure in Membership.objects.filter(
            user__username__in=expected
        ).values_list("user__username", "role", "org_unit__code", "org_unit__structure")
    }
    assert found == expected
    reporter = get_user_model().objects.get(username="baocao.xa")
    assert reporter.check_password("chuyendoiso") and not reporter.is_superuser
    reporter.set_password("mat-khau-rieng-cua-xa")
    reporter.save()
    Membership.objects.filter(user=reporter).delete()
    result = demo_load(synthetic=False)
    reporter.refresh_from_db()
    assert reporter.check_password("mat-khau-rieng-cua-xa")
    assert not Membership.objects.filter(user=reporter).exists()
    assert result.role_users == []


def test_the_system_administrator_role_manages_memberships_without_being_a_superuser(client):
    administrator = member("quan.tri.tinh", "admin", "19", is_staff=True)
    client.force_login(administrator)
    someone = get_user_model().objects.create_user("ai.do")
    form = {"user": someone.pk, "role": "viewer", "org_unit": OrgUnit.objects.get(code="19").pk}
    assert client.post("/admin/access/membership/add/", form).status_code == 302
    assert Membership.objects.filter(user=someone, role="viewer").exists()
