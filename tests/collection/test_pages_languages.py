"""The workflow's pages in Vietnamese and in English: the list of submissions, a submission,
a value's history and the completeness page; figures and dates in the page's notation."""

import pytest

from chuyendoiso.collection.selectors import provinces
from chuyendoiso.orgunits.models import OrgUnit
from tests.access.members import member
from tests.collection.test_pages import PAGE
from tests.collection.workflow_data import MONTH, REGIME, approved, enter, unit
from tests.languages import LANGUAGES, page_in

pytestmark = pytest.mark.django_db

KEY = f"CQS_HS_TIEP_NHAN/05440/{MONTH}/calendar=nd09/status=draft"
WORDS = {
    "vi": ("Báo cáo theo chế độ", "đang nhập", "Gửi duyệt", "1.250", "15/05/2024"),
    "en": ("Regime submissions", "being entered", "Submit", "1,250", "15 May 2024"),
}


def unit_names() -> str:
    """The units' and provinces' names: proper names, the same on an English page."""
    names = [*OrgUnit.objects.values_list("name", flat=True), *dict(provinces()).values()]
    return " ".join(names)


@pytest.fixture
def reporter(client):
    enter(unit("05440"), received=1250)
    client.force_login(member("baocao.05440", "reporter", unit("05440")))
    return client


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_list_and_a_submission_in_each_language(reporter, language):
    title, state, button, figure, _ = WORDS[language]
    assert title in page_in(reporter, "/thu-thap/", language, names=unit_names())
    page = page_in(reporter, PAGE, language, names=unit_names())
    assert state in page and button in page
    assert f'<td class="number">{figure}</td>' in page


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_value_history_in_each_language(reporter, language):
    enter(unit("05440"), received=1300)
    page = page_in(reporter, f"{PAGE}lich-su/?key={KEY}", language, names=unit_names())
    figure = WORDS[language][3]
    assert f"<td>{figure}</td>" in page.replace("\n", "").replace("    ", "")


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_completeness_page_in_each_language(client, language):
    approved(unit("05440"))
    client.force_login(member("xem", "viewer", "19"))
    url = f"/thu-thap/tien-do/?dataset={REGIME}&period={MONTH}"
    page = page_in(client, url, language, names=unit_names())
    *_, deadline = WORDS[language]
    assert deadline in page
    assert ("cấp xã" if language == "vi" else "commune") in page
