import pytest

pytestmark = pytest.mark.django_db


def test_report_page_shows_the_report_and_download_links(client):
    page = client.get("/bao-cao/", {"org": "19", "period": "2024S1"})
    text = page.content.decode()
    assert page.status_code == 200
    assert "88.020/98.408 đảng viên (đạt 89,44%)" in text
    for fmt in ("md", "html", "docx", "pdf"):
        assert f"/bao-cao/tai-ve/{fmt}/?org=19&amp;period=2024S1" in text


def test_a_bad_period_is_explained_on_the_page(client):
    page = client.get("/bao-cao/", {"org": "19", "period": "2024S7"})
    assert page.status_code == 400
    assert "Không viết được báo cáo" in page.content.decode()
    assert "2024S7" in page.content.decode()


@pytest.mark.parametrize(
    ("fmt", "magic", "content_type"),
    [
        ("md", b"UBND", "text/markdown"),
        ("html", b"<!DOCTYPE html>", "text/html"),
        ("docx", b"PK", "application/vnd.openxmlformats"),
        ("pdf", b"%PDF", "application/pdf"),
    ],
)
def test_download_in_every_format(client, fmt, magic, content_type):
    response = client.get(f"/bao-cao/tai-ve/{fmt}/", {"org": "164", "period": "2024Q1"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith(content_type)
    assert f"bao-cao-cds-164-2024Q1.{fmt}" in response["Content-Disposition"]
    assert response.content.lstrip()[: len(magic)].upper() == magic.upper()


def test_download_of_an_unknown_unit_is_a_clear_error(client):
    response = client.get("/bao-cao/tai-ve/md/", {"org": "404", "period": "2024S1"})
    assert response.status_code == 400
    assert "404" in response.content.decode()
