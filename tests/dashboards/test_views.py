"""The dashboard and the indicator page: signed-in users only, the figures of the read
interface for the unit and period of the address."""

import pytest

from tests.access.members import member

pytestmark = pytest.mark.django_db


@pytest.fixture
def viewer(client):
    client.force_login(member("xem.19", "viewer", "19"))
    return client


@pytest.mark.parametrize("address", ["/bang-dieu-khien/", "/chi-tieu/HTS_BTS/"])
def test_the_pages_need_a_login(client, address):
    response = client.get(address)
    assert response.status_code == 302
    assert response["Location"] == f"/dang-nhap/?next={address}"


def test_the_dashboard_shows_the_headline_cards_of_the_default_choice(viewer):
    page = viewer.get("/bang-dieu-khien/").content.decode()
    assert "Tỉnh Thái Nguyên · 6 tháng đầu năm 2024" in page
    assert "Số trạm thu phát sóng di động (BTS)" in page and "1.830" in page
    assert "tăng 71,79% so với cùng kỳ năm 2023" in page
    assert "≥ 90% (2025): 89,1% mục tiêu" in page
    assert "Số thuê bao điện thoại di động" not in page  # not a headline indicator
    assert '/chi-tieu/HTS_BTS/?ou=19&amp;pe=2024S1&amp;cal=calendar"' in page


def test_the_dashboard_of_a_district_for_a_quarter(viewer):
    page = viewer.get("/bang-dieu-khien/?ou=164@before_2025&pe=2024Q2").content.decode()
    assert "Thành phố Thái Nguyên · quý II năm 2024" in page


@pytest.mark.parametrize(
    ("query", "status", "reason"),
    [
        ("pe=2024Q5", 400, "Kỳ báo cáo không hợp lệ"),
        ("pe=20240415", 400, "Chọn một năm, 6 tháng, quý hoặc tháng"),
        ("pe=2024-01-01..2030-12-31", 400, "Chọn một năm, 6 tháng, quý hoặc tháng"),
        ("cal=julian", 400, "Lịch &#x27;julian&#x27; không hợp lệ"),
        ("ou=99999", 404, "Không tìm thấy trang"),
    ],
)
def test_a_choice_that_cannot_be_read_is_refused_with_its_reason(viewer, query, status, reason):
    response = viewer.get(f"/bang-dieu-khien/?{query}")
    assert response.status_code == status and reason in response.content.decode()


def test_the_indicator_page_has_the_definition_and_the_history(viewer):
    page = viewer.get("/chi-tieu/HTS_BTS/?ou=19&pe=2024S1").content.decode()
    assert "Số trạm thu phát sóng thông tin di động (BTS) đang hoạt động" in page
    assert "Báo cáo của doanh nghiệp viễn thông" in page
    assert "6 tháng cuối năm 2021" in page and "6 tháng đầu năm 2024" in page
    assert "1.830" in page


def test_signed_in_users_see_internal_indicators_and_unknown_ones_are_not_found(viewer):
    assert viewer.get("/chi-tieu/ATTT_SOC_LO_HONG/").status_code == 200
    assert viewer.get("/chi-tieu/KHONG_CO/").status_code == 404
