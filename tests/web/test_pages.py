import re
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.test import Client

import chuyendoiso
from chuyendoiso.catalog.models import Indicator
from chuyendoiso.datavalues.models import DataValue
from chuyendoiso.engine.domain.datavalues import Status
from tests.web.untranslated import vietnamese_words

pytestmark = pytest.mark.django_db


def test_home_page_speaks_vietnamese_and_marks_synthetic_data(client):
    page = client.get("/").content.decode()
    assert "Theo dõi chuyển đổi số cấp tỉnh" in page
    assert "Chính quyền số" in page and "An toàn thông tin mạng" in page
    assert "giả lập" in page


@pytest.fixture
def admin_client(client):
    user = get_user_model().objects.create_superuser("boss", password="x")
    client.force_login(user)
    return client


@pytest.mark.parametrize(
    "url",
    [
        "/admin/",
        "/admin/catalog/indicator/",
        "/admin/catalog/pillar/",
        "/admin/catalog/target/",
        "/admin/orgunits/orgunit/?level__exact=district",
        "/admin/datavalues/datavalue/",
        "/admin/sources/sourcerun/",
    ],
)
def test_admin_pages_render_in_vietnamese(admin_client, url):
    response = admin_client.get(url)
    assert response.status_code == 200
    assert "Quản trị chuyendoiso" in response.content.decode()


def test_indicator_edit_page(admin_client):
    indicator = Indicator.objects.get(code="HTS_BTS")
    page = admin_client.get(f"/admin/catalog/indicator/{indicator.pk}/change/").content.decode()
    assert "Số trạm thu phát sóng di động (BTS)" in page
    assert "Cách tính" in page


PAGES = ["/", "/bao-cao/", "/bao-cao/kiem-tra/", "/admin/login/"]
COOKIE = settings.LANGUAGE_COOKIE_NAME


def vary(response) -> set[str]:
    return {part.strip().lower() for part in response.get("Vary", "").split(",")}


@pytest.mark.parametrize("url", PAGES)
def test_without_the_cookie_pages_are_vietnamese_whatever_the_browser_asks(client, url):
    response = client.get(url, HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert response.status_code == 200
    assert '<html lang="vi"' in response.content.decode()
    assert response["Content-Language"] == "vi"
    assert "cookie" in vary(response) and "accept-language" not in vary(response)


@pytest.mark.parametrize("url", PAGES)
def test_the_language_cookie_switches_the_page_to_english(client, url):
    client.cookies[COOKIE] = "en"
    response = client.get(url, HTTP_ACCEPT_LANGUAGE="vi-VN,vi;q=0.9")
    assert response.status_code == 200
    assert '<html lang="en"' in response.content.decode()
    assert response["Content-Language"] == "en"
    assert "cookie" in vary(response)


def test_the_home_page_in_english(client):
    client.cookies[COOKIE] = "en"
    page = client.get("/").content.decode()
    assert "<h1>Provincial digital-transformation monitoring</h1>" in page
    assert "Theo dõi chuyển đổi số cấp tỉnh" not in page
    assert "Digital government" in page  # the pillar's English name from the catalogue
    assert "Write the report for first half of 2024" in page
    assert ">Tiếng Việt</button>" in page  # the switch offers the other language
    assert not vietnamese_words(page), vietnamese_words(page)


@pytest.mark.parametrize("value", ["fr", "EN", "", "vi-VN"])
def test_a_cookie_naming_no_language_of_the_site_gives_vietnamese(client, value):
    client.cookies[COOKIE] = value
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="en")
    assert '<html lang="vi"' in response.content.decode()


def test_the_admin_speaks_vietnamese_to_an_english_browser(client):
    page = client.get("/admin/login/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert "Đăng nhập" in page and "Log in" not in page


def test_the_admin_speaks_english_when_english_is_chosen(client):
    client.cookies[COOKIE] = "en"
    page = client.get("/admin/login/").content.decode()
    assert "Log in" in page


SWITCH = re.compile(
    r'<form class="lang" action="/i18n/setlang/" method="post">.*?'
    r'name="csrfmiddlewaretoken".*?<input name="next" type="hidden" value="(?P<next>[^"]*)">.*?'
    r'<button type="submit" name="language" value="(?P<language>[a-z]+)" lang="(?P=language)">',
    flags=re.DOTALL,
)


@pytest.mark.parametrize("url", ["/", "/bao-cao/?org=19&period=2024S1", "/khong-co-trang-nay/"])
@pytest.mark.parametrize(("chosen", "offered"), [(None, "en"), ("en", "vi")])
def test_every_page_offers_the_other_language_and_comes_back_to_itself(
    admin_client, url, chosen, offered
):
    if chosen:
        admin_client.cookies[COOKIE] = chosen
    switch = SWITCH.search(admin_client.get(url).content.decode())
    assert switch, "no language switch in the header"
    assert switch["language"] == offered
    assert switch["next"] == url.replace("&", "&amp;")


def test_posting_the_switch_sets_the_cookie_and_returns_to_the_page(client):
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/bao-cao/"})
    assert response.status_code == 302 and response["Location"] == "/bao-cao/"
    cookie = response.cookies[COOKIE]
    assert cookie.value == "en" and cookie["httponly"] and cookie["samesite"] == "Lax"
    assert '<html lang="en"' in client.get("/").content.decode()
    client.post("/i18n/setlang/", {"language": "vi", "next": "/"})
    assert '<html lang="vi"' in client.get("/").content.decode()


def test_the_switch_never_sends_elsewhere_nor_switches_on_a_get(client):
    response = client.post("/i18n/setlang/", {"language": "en", "next": "https://evil.example/"})
    assert response["Location"] == "/"
    client.cookies.clear()
    response = client.get("/i18n/setlang/", {"language": "en", "next": "/"})
    assert COOKIE not in response.cookies
    assert '<html lang="vi"' in client.get("/").content.decode()


def approved_values() -> int:
    """What a visitor's home page counts: the approved values of the public indicators."""
    return DataValue.objects.filter(status=Status.APPROVED.value, indicator__public=True).count()


def test_home_numbers_follow_the_language(client):
    count = approved_values()
    assert count >= 1000, "the demo has thousands of approved values"
    english, vietnamese = f"{count:,}", f"{count:,}".replace(",", ".")
    page = client.get("/").content.decode()
    assert f'<span class="num">{vietnamese}</span> số liệu đã duyệt' in page
    client.cookies[COOKIE] = "en"
    page = client.get("/").content.decode()
    assert f'<span class="num">{english}</span> approved values' in page


def test_home_links_to_the_report_of_the_latest_reported_half_year(client):
    page = client.get("/").content.decode()
    assert "?org=19&amp;period=2024S1" in page
    assert "Viết báo cáo 6 tháng đầu năm 2024" in page


def test_the_tagline_gives_way_sooner_to_a_signed_in_users_longer_menu(admin_client):
    """Marked on the header for the stylesheet (web/site.css), which hides the tagline of a
    signed-in user below 1700 px instead of cutting it off."""
    assert '<header class="topbar">' in Client().get("/").content.decode()
    assert '<header class="topbar signed-in">' in admin_client.get("/").content.decode()
    css = (Path(chuyendoiso.__file__).parent / "web" / "static" / "web" / "site.css").read_text()
    assert ".signed-in .tagline { display: none; }" in css
