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
