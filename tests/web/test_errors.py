"""Error pages: in Vietnamese, with the error's status; a pasted text over the body limit
gets 413 naming the limit instead of a bare 400."""

import pytest

pytestmark = pytest.mark.django_db


def test_a_pasted_text_over_the_body_limit_gets_a_page_naming_the_limit(client, settings):
    settings.CDS_UPLOAD_MAX_BYTES = settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1024 * 1024
    page = client.post("/bao-cao/kiem-tra/", {"org": "19", "text": "Có 1.830 trạm BTS. " * 60_000})
    assert page.status_code == 413
    text = page.content.decode()
    assert "Nội dung quá lớn" in text and "vượt quá 1 MB" in text
    assert "<html" in text.lower()  # the site's page, not a bare message


def test_an_unknown_address_gets_the_sites_not_found_page(client):
    page = client.get("/khong-co-trang-nay/")
    assert page.status_code == 404
    assert "Không tìm thấy trang" in page.content.decode()


def test_a_server_error_gets_a_page_that_says_it_was_logged(client, monkeypatch, caplog):
    from chuyendoiso.web import views

    def broken(request):
        raise RuntimeError("boom")

    monkeypatch.setattr(views, "home_summary", broken)
    client.raise_request_exception = False
    page = client.get("/")
    assert page.status_code == 500
    assert "Lỗi máy chủ" in page.content.decode()
    assert "boom" not in page.content.decode()
