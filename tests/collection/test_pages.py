"""The workflow's pages: the buttons each role sees, transitions made by POST (allowed or
refused by scope), a value's history, the list of submissions, and the completeness page."""

import datetime as dt

import pytest
from django.contrib.auth import get_user_model

from chuyendoiso.collection.models import Submission
from tests.access.members import member
from tests.collection.workflow_data import MONTH, REGIME, approved, enter, stored, submitted, unit

pytestmark = pytest.mark.django_db

COMMUNE = "05440@before_2025"
PAGE = f"/thu-thap/{REGIME}/{COMMUNE}/{MONTH}/"


def logged_in(client, name, role, code):
    client.force_login(member(name, role, unit(code) if code != "19" else "19"))
    return client


def state():
    return Submission.objects.get(org_unit=unit("05440"), period=MONTH).state


def test_the_pages_need_a_login(client):
    for address in ("/thu-thap/", PAGE, f"/thu-thap/tien-do/?dataset={REGIME}&period={MONTH}"):
        response = client.get(address)
        assert response.status_code == 302 and "/dang-nhap/" in response["Location"]


def test_a_reporter_sees_its_draft_and_submits_it(client):
    enter(unit("05440"))
    logged_in(client, "baocao.05440", "reporter", "05440")
    page = client.get(PAGE).content.decode()
    assert "đang nhập" in page and "Gửi duyệt" in page and "Phê duyệt" not in page
    assert (
        f"/thu-thap/nhap/?dataset={REGIME}&amp;org=05440%40before_2025&amp;period={MONTH}" in page
    )
    assert "CQS_HS_TIEP_NHAN" in page
    response = client.post(PAGE, {"transition": "submit"})
    assert response.status_code == 302 and state() == "submitted"
    page = client.get(PAGE).content.decode()
    assert (
        "đã gửi – chờ duyệt" in page and "Gửi duyệt" not in page and "/thu-thap/nhap/" not in page
    )
    assert "đang nhập → đã gửi – chờ duyệt" in page and "draft → submitted" not in page


def test_the_approver_above_approves_or_returns_with_a_reason(client):
    submitted(unit("05440"))
    logged_in(client, "duyet.164", "approver", "164")
    page = client.get(PAGE).content.decode()
    assert "Phê duyệt" in page and "Trả lại" in page and "Gửi duyệt" not in page
    listed = client.get("/thu-thap/").content.decode()
    assert "chờ bạn duyệt" in listed and PAGE in listed
    refused = client.post(PAGE, {"transition": "return", "reason": ""})
    assert refused.status_code == 400 and "Cần ghi lý do" in refused.content.decode()
    client.post(PAGE, {"transition": "return", "reason": "thiếu số liệu"})
    assert state() == "returned"


def test_a_sibling_approver_is_refused(client):
    submitted(unit("05440"))
    logged_in(client, "duyet.165", "approver", "165")
    page = client.get(PAGE).content.decode()
    assert "Phê duyệt" not in page and "không có quyền xem số liệu chưa duyệt" in page
    assert "CQS_HS_TIEP_NHAN" not in page
    response = client.post(PAGE, {"transition": "approve"})
    assert response.status_code == 403 and state() == "submitted"
    assert PAGE not in client.get("/thu-thap/").content.decode()


def test_a_reporter_cannot_approve_its_own_report(client):
    submitted(unit("05440"))
    logged_in(client, "baocao.05440", "reporter", "05440")
    assert client.post(PAGE, {"transition": "approve"}).status_code == 403
    assert state() == "submitted"


def test_the_coordinator_reopens_an_approved_report_with_a_reason(client):
    approved(unit("05440"))
    logged_in(client, "dieuphoi", "coordinator", "19")
    assert "Mở lại" in client.get(PAGE).content.decode()
    client.post(PAGE, {"transition": "reopen", "reason": "sai số hồ sơ"})
    assert state() == "draft"
    history = client.get(PAGE).content.decode().split('<ol class="history">')[1]
    assert "đã gửi – chờ duyệt → đã duyệt" in history  # the states in words, not "approved"
    assert "đã duyệt → đang nhập · lý do: sai số hồ sơ" in history


def test_a_value_history_shows_who_when_old_new_and_why(client):
    commune = unit("05440")
    enter(commune, received=100)
    enter(commune, received=120)
    logged_in(client, "baocao.05440", "reporter", "05440")
    key = f"CQS_HS_TIEP_NHAN/05440/{MONTH}/calendar=nd09/status=draft"
    page = client.get(PAGE + "lich-su/", {"key": key}).content.decode()
    assert "<td>100</td><td>120</td>" in page.replace("\n", "").replace("    ", "")
    assert '<td title="datavalue_import">nhập</td>' in page
    other = logged_in(client.__class__(), "baocao.05443", "reporter", "05443")
    assert other.get(PAGE + "lich-su/", {"key": key}).status_code == 404
    assert stored(commune).value == 120


def test_the_completeness_page_counts_per_level(client):
    submitted(unit("05440"))
    enter(unit("05443"))
    logged_in(client, "xem", "viewer", "19")
    page = client.get("/thu-thap/tien-do/", {"dataset": REGIME, "period": MONTH}).content.decode()
    assert 'data-unit="05440@before_2025"' in page
    row = page.split('data-unit="05440@before_2025"')[1].split("</tr>")[0]
    assert "đã gửi – chờ duyệt" in row and "trễ hạn" not in row and "cấp xã" in row
    row = page.split('data-unit="05443@before_2025"')[1].split("</tr>")[0]
    assert "đang nhập" in row and "trễ hạn" in row  # the month ended in 2024
    bad = client.get("/thu-thap/tien-do/", {"dataset": REGIME, "period": "2024Q2"})
    assert bad.status_code == 400 and "không phải kỳ của chế độ" in bad.content.decode()


def test_the_completeness_page_defaults_to_the_users_province_and_the_latest_due_period(
    client, monkeypatch
):
    from chuyendoiso.collection import views

    monkeypatch.setattr(views.timezone, "localdate", lambda: dt.date(2024, 5, 20))
    submitted(unit("05440"))
    logged_in(client, "xem", "viewer", "19")
    page = client.get("/thu-thap/tien-do/", {"dataset": REGIME}).content.decode()
    # 202405 (15/04-14/05/2024) is due for communes on 15/05; 202406 is not yet due
    assert '<option value="202405" selected>' in page and '<option value="202406">' in page
    assert '<option value="19" selected>' in page and '<option value="06">' in page
    assert 'data-unit="05440@before_2025"' in page


def test_the_completeness_page_of_another_province(client, settings):
    settings.PROVINCE = "06"  # CDS_PROVINCE: the default of a user without a role
    client.force_login(get_user_model().objects.create_superuser("quantri", password="x"))
    page = client.get("/thu-thap/tien-do/", {"dataset": REGIME, "period": MONTH}).content.decode()
    assert '<option value="06" selected>' in page
    assert 'data-unit="05440@before_2025"' not in page  # a ward of 19
    other = client.get("/thu-thap/tien-do/", {"dataset": REGIME, "period": MONTH, "province": "19"})
    assert 'data-unit="05440@before_2025"' in other.content.decode()
    unknown = client.get("/thu-thap/tien-do/", {"dataset": REGIME, "province": "99"})
    assert (
        unknown.status_code == 400 and "Không có tỉnh mã &#x27;99&#x27;" in unknown.content.decode()
    )
