import re

import pytest
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


def test_pages_are_vietnamese_whatever_the_browser_asks(client):
    page = client.get("/admin/login/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert page["Content-Language"] == "vi"
    assert "Đăng nhập" in page.content.decode()


def test_english_when_the_user_chooses_it(client):
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    page = client.get("/admin/login/")
    assert page["Content-Language"] == "en"
    assert "Log in" in page.content.decode()


def test_home_numbers_use_vietnamese_grouping(client):
    page = client.get("/").content.decode()
    assert re.search(r'<span class="num">\d{1,3}\.\d{3}</span> số liệu', page)


def test_home_links_to_the_report_of_the_latest_reported_half_year(client):
    page = client.get("/").content.decode()
    assert "?org=19&amp;period=2024S1" in page
    assert "Viết báo cáo 6 tháng đầu năm 2024" in page
