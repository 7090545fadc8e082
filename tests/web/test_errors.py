"""Error pages: the site's own, in the language of the page, with the error's status; never
Django's debug page with production settings; the server error page drawn without the
database or any context. A pasted text over the body limit gets 413 naming the limit."""

import json
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.template.loader import render_to_string
from django.test import Client, RequestFactory
from django.utils import translation

from chuyendoiso.web.errors import server_error
from tests.web.untranslated import vietnamese_words

PROJECT = Path(__file__).resolve().parents[2]
COOKIE = settings.LANGUAGE_COOKIE_NAME

# (path, status, Vietnamese title, English title)
PAGES = [
    ("/khong-co-trang-nay/", 404, "Không tìm thấy trang", "Page not found"),
    ("/cam/", 403, "Không có quyền", "Not allowed"),
    ("/loi/", 500, "Lỗi máy chủ", "Server error"),
]


@pytest.fixture
def site_client(client, settings):
    settings.ROOT_URLCONF = "tests.web.error_urls"
    client.raise_request_exception = False
    return client


@pytest.mark.django_db
@pytest.mark.parametrize(("path", "status", "title", "_"), PAGES)
def test_error_pages_in_vietnamese(site_client, path, status, title, _):
    page = site_client.get(path, HTTP_ACCEPT_LANGUAGE="en")
    text = page.content.decode()
    assert page.status_code == status
    assert '<html lang="vi"' in text and f"<h1>{title}</h1>" in text
    assert "secret" not in text and "Traceback" not in text
    assert 'href="/"' in text  # back to the home page


@pytest.mark.django_db
@pytest.mark.parametrize(("path", "status", "_", "title"), PAGES)
def test_error_pages_in_english(site_client, path, status, _, title):
    site_client.cookies[COOKIE] = "en"
    page = site_client.get(path)
    text = page.content.decode()
    assert page.status_code == status
    assert '<html lang="en"' in text and f"<h1>{title}</h1>" in text
    assert page["Content-Language"] == "en"
    assert not vietnamese_words(text), vietnamese_words(text)


@pytest.mark.django_db
def test_forbidden_offers_an_anonymous_visitor_to_log_in(site_client):
    text = site_client.get("/cam/").content.decode()
    assert '<a href="/dang-nhap/?next=/cam/">Đăng nhập</a> bằng một tài khoản có quyền' in text


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "title"), [("vi", "Biểu mẫu không còn hợp lệ"), ("en", "The form has expired")]
)
def test_a_form_without_its_csrf_token_gets_the_sites_page(language, title):
    client = Client(enforce_csrf_checks=True)
    client.cookies[COOKIE] = language
    page = client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert page.status_code == 403
    text = page.content.decode()
    assert f'<html lang="{language}"' in text and f"<h1>{title}</h1>" in text


@pytest.mark.parametrize(("language", "title"), [("vi", "Lỗi máy chủ"), ("en", "Server error")])
def test_the_server_error_page_needs_no_database_nor_context(language, title):
    # no django_db mark: any query would fail the test
    with translation.override(language):
        alone = render_to_string("web/errors/500.html")
        response = server_error(RequestFactory().get("/"))
    assert f'<html lang="{language}"' in alone and f"<h1>{title}</h1>" in alone
    assert response.status_code == 500 and response.content.decode() == alone
    assert 'action="/i18n/setlang/"' not in alone  # a switch without its token would fail


@pytest.mark.django_db
def test_a_pasted_text_over_the_body_limit_gets_a_page_naming_the_limit(client, settings):
    settings.CDS_UPLOAD_MAX_BYTES = settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1024 * 1024
    page = client.post("/bao-cao/kiem-tra/", {"org": "19", "text": "Có 1.830 trạm BTS. " * 60_000})
    assert page.status_code == 413
    text = page.content.decode()
    assert "Nội dung quá lớn" in text and "vượt quá 1 MB" in text
    assert "<html" in text.lower()  # the site's page, not a bare message
    client.cookies[COOKIE] = "en"
    page = client.post("/bao-cao/kiem-tra/", {"org": "19", "text": "Có 1.830 trạm BTS. " * 60_000})
    assert "Request too large" in page.content.decode()
    assert "over the limit of 1 MB" in page.content.decode()


PRODUCTION_REQUESTS = """
import json
import django
from django.test import Client, override_settings

django.setup()
from django.conf import settings

with override_settings(ROOT_URLCONF="tests.web.error_urls", ALLOWED_HOSTS=["testserver"]):
    client = Client(raise_request_exception=False)
    pages = {path: client.get(path, secure=True) for path in ["/khong-co-trang-nay/", "/loi/"]}
    print(json.dumps({"debug": settings.DEBUG} | {
        path: [page.status_code, page.content.decode()] for path, page in pages.items()
    }))
"""


def test_production_settings_never_show_the_debug_page(tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL",)} | {
        "DJANGO_SETTINGS_MODULE": "chuyendoiso.config.settings.production",
        "CDS_DEBUG": "1",  # asked for, and refused by the production settings
        "CDS_SECRET_KEY": secrets.token_urlsafe(50),
        "CDS_DATA_DIR": str(tmp_path),
        "PYTHONPATH": os.pathsep.join([str(PROJECT / "src"), str(PROJECT)]),
    }
    done = subprocess.run(
        [sys.executable, "-c", PRODUCTION_REQUESTS],
        env=env,
        cwd=PROJECT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert result["debug"] is False
    status, text = result["/khong-co-trang-nay/"]
    assert status == 404 and "<h1>Không tìm thấy trang</h1>" in text
    assert "URLconf" not in text and "Django" not in text
    status, text = result["/loi/"]
    assert status == 500 and "<h1>Lỗi máy chủ</h1>" in text
    assert "Traceback" not in text and "boom" not in text and "Django" not in text
