"""The data-quality page: how complete and how real each figure of a unit and period is."""

import pytest

from tests.access.members import member

pytestmark = pytest.mark.django_db


def test_the_page_needs_a_login(client):
    response = client.get("/chat-luong-so-lieu/")
    assert response.status_code == 302 and response["Location"].startswith("/dang-nhap/")


def test_the_page_lists_the_figures_with_their_reporting_and_origin(client):
    client.force_login(member("dieuphoi.19", "coordinator", "19"))
    page = client.get("/chat-luong-so-lieu/?ou=164@before_2025&pe=2025").content.decode()
    assert "Thành phố Thái Nguyên · năm 2025" in page
    # the city's dossiers of 2025 are synthetic monthly values that stop at the merger
    row = page[page.index("Số hồ sơ thủ tục hành chính tiếp nhận") :]
    row = row[: row.index("</tr>")]
    assert "chưa" in row and "<td>có</td>" in row
    assert "Chỉ tiêu chưa có số liệu đã duyệt" in page and "HTS_BTS" in page
    assert client.get("/chat-luong-so-lieu/?pe=2025S3").status_code == 400
