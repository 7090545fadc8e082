"""The report and fact-check pages in Vietnamese and in English: the page's interface in its
language, the narrative report itself Vietnamese content on both."""

import re

import pytest
from django.conf import settings
from lxml import html

from tests.languages import LANGUAGES, page_in
from tests.web.untranslated import vietnamese_words, visible_text

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


# parts above their total, and no unit named: checked against itself only
PARTS_ABOVE_TOTAL = (
    "Trong 6 tháng đầu năm 2024, tiếp nhận 275.540 hồ sơ, trong đó 150.000 hồ sơ trực tuyến "
    "và 140.000 hồ sơ trực tiếp."
)


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_factcheck_remarks_and_unit_are_in_the_page_language(client, language):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    response = client.post("/bao-cao/kiem-tra/", {"text": PARTS_ABOVE_TOTAL})
    page = response.content.decode()
    assert response.status_code == 200
    tree = html.fromstring(page)
    place = tree.xpath('string(//p[contains(@class, "fc-place")])')
    remarks = [row.xpath("string(td[4])") for row in tree.xpath('//table[@class="fc-checks"]//tr')]
    tips = " ".join(tree.xpath('//div[@class="fc-text"]//mark/@title'))
    said = {
        "vi": (
            "Đơn vị của văn bản: không nhận ra tên đơn vị nào trong văn bản: không so với số "
            "liệu đã lưu, chỉ kiểm tra số liệu trong văn bản.",
            "Các phần cộng lại 290.000 lớn hơn tổng 275.540.",
        ),
        "en": (
            "Unit of the text: no unit's name recognised in the text: not compared with stored "
            "data, only the text's own figures are checked.",
            "The parts add up to 290.000, more than the total 275.540.",
        ),
    }
    other = "en" if language == "vi" else "vi"
    (unit, remark), (other_unit, other_remark) = said[language], said[other]
    assert place.strip() == unit
    assert remark in remarks and remark in tips
    assert other_unit not in page and other_remark not in page
    assert " / " not in place and not any(" / " in each for each in remarks)
    if language == "en":  # only the text's own words stay Vietnamese
        own = set(re.findall(r"\w+", PARTS_ABOVE_TOTAL))
        assert vietnamese_words(page) - own == set()


def test_the_factcheck_arithmetic_says_its_words_in_english(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    text = "Năm 2024, tỉnh có 1.200 hồ sơ, trong đó 1.000 hồ sơ trực tuyến, đạt 83,33%."
    page = client.post("/bao-cao/kiem-tra/", {"text": text}).content.decode()
    assert "1.000 / 1.200 × 100 = 83,3333…% → 83,33% (2 decimals)</code>" in page
    assert "The share 83,33% matches 1.000/1.200." in page
    assert "chữ số thập phân" not in page and "khớp với" not in page


def test_the_factcheck_summary_counts_one_figure_in_the_singular(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    one = client.post("/bao-cao/kiem-tra/", {"text": "Năm 2024, tỉnh có 1.930 trạm BTS."})
    assert "<strong>1</strong> figure · " in one.content.decode()
    two = client.post("/bao-cao/kiem-tra/", {"text": "Năm 2024, có 1.930 trạm BTS, 20 xã."})
    assert "<strong>2</strong> figures · " in two.content.decode()
