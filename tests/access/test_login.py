"""Logging in: the Vietnamese login page and logout, failed attempts throttled per user
name and address (django-axes) there and on the admin's login page, the password rules,
the session cookie; users and roles added on the command line."""

import pytest
from click.testing import CliRunner
from django.conf import settings
from django.contrib.auth import get_user_model

from chuyendoiso.access.models import Membership
from chuyendoiso.access.services import password_check
from chuyendoiso.audit.models import AuditEntry
from chuyendoiso.cli import main
from chuyendoiso.engine.domain.errors import ValidationError

pytestmark = pytest.mark.django_db

PASSWORD = "Mua-thu-Ha-Noi-2025"


@pytest.fixture
def user():
    return get_user_model().objects.create_user("can.bo", password=PASSWORD, is_staff=True)


def login(client, path="/dang-nhap/", password=PASSWORD, address="10.0.0.1"):
    return client.post(path, {"username": "can.bo", "password": password}, REMOTE_ADDR=address)


def test_the_login_page_is_vietnamese_and_linked_from_the_menu(client):
    home = client.get("/").content.decode()
    assert 'href="/dang-nhap/"' in home and "Đăng nhập" in home
    page = client.get("/dang-nhap/").content.decode()
    assert "Tên đăng nhập" in page and "Mật khẩu" in page


def test_login_then_logout(client, user):
    page = login(client)
    assert page.status_code == 302 and page.headers["Location"] == "/bang-dieu-khien/"
    home = client.get("/").content.decode()
    assert "can.bo" in home and 'action="/dang-xuat/"' in home
    assert client.get("/dang-xuat/").status_code == 405  # a link cannot log anyone out
    assert client.post("/dang-xuat/").status_code == 302
    assert "can.bo" not in client.get("/").content.decode()


def test_a_wrong_password_is_told_in_vietnamese(client, user):
    page = login(client, password="sai-mat-khau")
    assert page.status_code == 200
    assert "không đúng" in page.content.decode()


@pytest.mark.parametrize("path", ["/dang-nhap/", "/admin/login/"])
def test_failed_logins_lock_the_user_name_out_from_that_address(client, user, path):
    limit = settings.AXES_FAILURE_LIMIT
    assert limit == 5
    for _ in range(limit - 1):
        assert login(client, path, password="sai-mat-khau").status_code == 200
    locked = login(client, path, password="sai-mat-khau")
    assert locked.status_code == 429
    assert "Tạm khóa đăng nhập" in locked.content.decode()
    # the right password does not get in either, from that address, until the lock ends
    assert login(client, path).status_code == 429
    assert "_auth_user_id" not in client.session
    # the same user name from another address is not locked out
    assert login(client, path, address="10.0.0.2").status_code == 302


def test_a_success_clears_the_failures(client, user):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        login(client, password="sai-mat-khau")
    assert login(client).status_code == 302
    client.post("/dang-xuat/")
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert login(client, password="sai-mat-khau").status_code == 200
    assert login(client).status_code == 302


@pytest.mark.parametrize(
    "password",
    ["ngan-qua", "1234567890123", "password123", "can.bo.2025"],
    ids=["short", "numeric", "common", "like-the-user-name"],
)
def test_the_password_rules(password):
    user = get_user_model()(username="can.bo.2025")
    with pytest.raises(ValidationError) as refused:
        password_check(password, user)
    assert refused.value.extra == {"field": "password"}


def test_a_good_password_passes():
    password_check(PASSWORD, get_user_model()(username="can.bo"))


def test_the_session_cookie():
    assert settings.SESSION_COOKIE_HTTPONLY is True
    assert settings.SESSION_COOKIE_SAMESITE == "Lax"
    assert settings.SESSION_COOKIE_AGE == 8 * 3600


def test_users_add_creates_the_user_with_its_role_and_keeps_it_for_another_role(monkeypatch):
    runner = CliRunner()
    monkeypatch.setenv("MAT_KHAU", PASSWORD)
    args = ["users", "add", "nguoi.moi", "--role", "reporter", "--org", "05440"]
    done = runner.invoke(main, [*args, "--password-from-env", "MAT_KHAU", "--actor", "ops"])
    assert done.exit_code == 0, done.output
    user = get_user_model().objects.get(username="nguoi.moi")
    assert user.check_password(PASSWORD) and user.is_staff and not user.is_superuser
    again = runner.invoke(main, ["users", "add", "nguoi.moi", "--role", "approver", "--org", "164"])
    assert again.exit_code == 0, again.output
    user.refresh_from_db()
    assert user.check_password(PASSWORD)  # no password given: left as it was
    roles = set(Membership.objects.filter(user=user).values_list("role", "org_unit__code"))
    assert roles == {("reporter", "05440"), ("approver", "164")}
    entries = AuditEntry.objects.filter(
        entity__in=["user", "membership"], entity_key__startswith="nguoi.moi"
    ).order_by("pk")
    assert [entry.action for entry in entries] == ["user_add", "membership_add", "membership_add"]
    assert all(PASSWORD not in str(entry.after) for entry in entries)
    assert entries[0].actor_name == "ops"


def test_users_add_refuses_a_weak_password_or_an_unknown_unit(monkeypatch):
    runner = CliRunner()
    monkeypatch.setenv("MAT_KHAU", "123")
    weak = runner.invoke(
        main,
        ["users", "add", "a", "--role", "viewer", "--org", "19", "--password-from-env", "MAT_KHAU"],
    )
    assert weak.exit_code == 2 and "password" in weak.output
    unknown = runner.invoke(main, ["users", "add", "a", "--role", "viewer", "--org", "99999"])
    assert unknown.exit_code == 2 and "99999" in unknown.output
    unset = runner.invoke(
        main,
        ["users", "add", "a", "--role", "viewer", "--org", "19", "--password-from-env", "KHONG"],
    )
    assert unset.exit_code == 2 and "KHONG" in unset.output
    assert not get_user_model().objects.filter(username="a").exists()


def test_the_demo_users_log_in_with_their_roles(client):
    roles = dict(
        Membership.objects.filter(
            user__username__in=["baocao.xa", "duyet.huyen", "baocao.so"]
        ).values_list("user__username", "org_unit__code")
    )
    assert roles == {"baocao.xa": "05440", "duyet.huyen": "164", "baocao.so": "19.STTTT"}
    page = client.post("/dang-nhap/", {"username": "baocao.xa", "password": "chuyendoiso"})
    assert page.status_code == 302
