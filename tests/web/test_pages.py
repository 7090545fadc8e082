import re

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model

from chuyendoiso.catalog.models import Indicator

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


@pytest.mark.parametrize("url", PAGES)
def test_pages_are_vietnamese_whatever_the_browser_or_a_cookie_asks(client, url):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.get(url, HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert response.status_code == 200
    assert '<html lang="vi"' in response.content.decode()


def test_the_admin_speaks_vietnamese_to_an_english_browser(client):
    page = client.get("/admin/login/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert "Đăng nhập" in page and "Log in" not in page


@pytest.mark.parametrize("url", [*PAGES, "/admin/"])
def test_no_page_offers_a_language_switch(admin_client, url):
    page = admin_client.get(url).content.decode()
    assert not re.search(r"set_?lang|/i18n/|name=\"language\"", page, flags=re.IGNORECASE)
    assert ">EN<" not in page


def test_there_is_no_language_switch_to_post_to(client):
    assert client.post("/i18n/setlang/", {"language": "en", "next": "/"}).status_code == 404


def test_home_numbers_use_vietnamese_grouping(client):
    page = client.get("/").content.decode()
    assert re.search(r'<span class="num">\d{1,3}\.\d{3}</span> số liệu', page)


def test_home_links_to_the_report_of_the_latest_reported_half_year(client):
    page = client.get("/").content.decode()
    assert "?org=19&amp;period=2024S1" in page
    assert "Viết báo cáo 6 tháng đầu năm 2024" in page
