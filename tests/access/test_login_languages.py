"""The login page, its refusal and the lock-out page in Vietnamese and in English."""

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model

from tests.languages import LANGUAGES, page_in
from tests.web.untranslated import vietnamese_words

pytestmark = pytest.mark.django_db

WORDS = {
    "vi": ("Tên đăng nhập", "Mật khẩu", "không đúng", "Tạm khóa đăng nhập"),
    "en": ("User name", "Password", "Wrong user name or password", "Login temporarily locked"),
}


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_login_page_in_each_language(client, language):
    page = page_in(client, "/dang-nhap/", language)
    name, password, _, _ = WORDS[language]
    assert name in page and password in page


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_refused_login_and_the_lock_out_speak_the_page_language(client, language):
    get_user_model().objects.create_user("can.bo", password="Mua-thu-Ha-Noi-2025")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    wrong = {"username": "can.bo", "password": "sai"}
    refused = client.post("/dang-nhap/", wrong, REMOTE_ADDR="10.0.0.1").content.decode()
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        locked = client.post("/dang-nhap/", wrong, REMOTE_ADDR="10.0.0.1")
    assert locked.status_code == 429
    *_, told, lock = WORDS[language]
    assert told in refused and lock in locked.content.decode()
    if language == "en":
        assert not vietnamese_words(refused) and not vietnamese_words(locked.content.decode())
