"""The admin's model names, field labels, choices and notes in the language chosen: the
Vietnamese source texts, or their English catalogue entries."""

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model

pytestmark = pytest.mark.django_db

# page: (Vietnamese text, its English) the page shows
PAGES = {
    "/admin/": ("Danh mục chỉ tiêu", "Indicator catalogue"),
    "/admin/catalog/indicator/": ("chỉ xem ở đây, không sửa được", "is shown here, not edited"),
    "/admin/catalog/dataset/": ("Chọn chế độ báo cáo để xem", "Select reporting regime to view"),
    "/admin/orgunits/orgunit/": ("Trước 01/7/2025", "Before 1 Jul 2025"),
    "/admin/sources/sourcerun/": ("Dữ liệu gốc", "Raw data"),
    "/admin/audit/auditentry/": ("Nhật ký thay đổi", "Audit trail"),
    "/admin/access/membership/": ("Người dùng và quyền", "Users and permissions"),
}


@pytest.fixture
def admin_client(client):
    client.force_login(get_user_model().objects.create_superuser("quantri.ngonngu", password="x"))
    return client


@pytest.mark.parametrize("url", PAGES)
@pytest.mark.parametrize("language", ["vi", "en"])
def test_the_admin_pages_in_each_language(admin_client, url, language):
    admin_client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    response = admin_client.get(url)
    assert response.status_code == 200, url
    page = response.content.decode()
    vietnamese, english = PAGES[url]
    shown, hidden = (english, vietnamese) if language == "en" else (vietnamese, english)
    assert shown in page and hidden not in page, url


def test_an_indicator_form_names_its_fields_in_english(admin_client):
    admin_client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    from chuyendoiso.catalog.models import Indicator

    indicator = Indicator.objects.order_by("code").first()
    page = admin_client.get(f"/admin/catalog/indicator/{indicator.pk}/change/").content.decode()
    for label in ("Publication", "Definition", "Calculation", "Source system", "Good direction"):
        assert label in page, label
    for vietnamese in ("Công bố", "Cách tính", "Hệ thống nguồn", "Chiều tốt"):
        assert vietnamese not in page, vietnamese
