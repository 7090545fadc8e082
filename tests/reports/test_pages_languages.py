"""The report and fact-check pages in Vietnamese and in English: the page's interface in its
language, the narrative report itself Vietnamese content on both."""

import re

import pytest
from lxml import html

from tests.languages import LANGUAGES, page_in
from tests.web.untranslated import visible_text

pytestmark = pytest.mark.django_db

REPORT = "/bao-cao/?org=19&period=2024S1"
WORDS = {
    "vi": ("Báo cáo chuyển đổi số", "Tải về:", "Kiểm tra số liệu một báo cáo"),
    "en": ("Digital transformation report", "Download:", "Check a report"),
}


def preview_and_units(page: str) -> str:
    """The report's own text (Vietnamese content) and the units' names the list offers."""
    tree = html.fromstring(page)
    preview = tree.xpath('//div[@class="report-preview"]')
    units = tree.xpath("//datalist//text()")
    return visible_text(html.tostring(preview[0]).decode()) + " ".join(units)


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_report_page_in_each_language_keeps_the_report_vietnamese(client, language):
    vi = page_in(client, REPORT, "vi")
    content = preview_and_units(vi)
    page = page_in(client, REPORT, language, content=content)
    title, downloads, _ = WORDS[language]
    assert title in page and downloads in page
    assert "88.020/98.408 đảng viên (đạt 89,44%)" in page  # the report, in Vietnamese
    assert re.search(r'<div class="report-preview" lang="vi">', page)


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_factcheck_page_and_its_result_in_each_language(client, language):
    assert WORDS[language][2] in page_in(client, "/bao-cao/kiem-tra/", language)
    text = "Năm 2024, tỉnh có 1.200 hồ sơ, trong đó 1.000 hồ sơ trực tuyến, đạt 83,33%."
    response = client.post("/bao-cao/kiem-tra/", {"text": text})
    page = response.content.decode()
    assert response.status_code == 200
    summary = page.split('<p class="fc-summary">')[1].split("</p>")[0]
    assert ("số liệu" if language == "vi" else "figures") in summary
