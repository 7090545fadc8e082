"""The upload page and the values' admin in Vietnamese and in English: the page's interface
and its counts in its language; the admin's labels and actions in English when chosen."""

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model

from tests.datavalues.test_file_pages import ASKED, download, filled, reporter  # noqa: F401
from tests.languages import LANGUAGES, page_in
from tests.web.untranslated import vietnamese_words

pytestmark = pytest.mark.django_db

WORDS = {
    "vi": ("Nhập số liệu bằng tệp Excel hoặc CSV", "2 giá trị: mới 2, thay đổi 0, như cũ 0"),
    "en": ("Enter values with an Excel or CSV file", "2 values: 2 new, 0 changed"),
}


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_upload_page_and_its_check_in_each_language(reporter, language):  # noqa: F811
    assert WORDS[language][0] in page_in(reporter, "/thu-thap/nap-tep/", language)
    upload = filled(download(reporter), {"HTS_BTS": 12, "HTS_TB_DI_DONG": "1.567.705"})
    reporter.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    response = reporter.post("/thu-thap/nap-tep/", {"file": upload, **ASKED})
    page = response.content.decode()
    assert response.status_code == 200
    assert WORDS[language][1] in page
    if language == "en":
        assert not vietnamese_words(page)


def test_the_values_admin_speaks_english_when_chosen(client):
    client.force_login(get_user_model().objects.create_superuser("quantri.en", password="x"))
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = client.get("/admin/datavalues/datavalue/").content.decode()
    assert "Approve the selected drafts" in page and "Reject the selected drafts" in page
    assert "Draft awaiting approval" in page  # the status filter
    added = client.get("/admin/datavalues/datavalue/add/").content.decode()
    assert "Qualifier" in added and "nearly" in added and "Reference date" in added
