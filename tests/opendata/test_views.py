"""The open-data portal: for anyone, the public indicators only, the same whoever visits."""

import html
import re
from decimal import Decimal

import pytest

from chuyendoiso.analytics.audience import PUBLIC
from chuyendoiso.analytics.pages import periods_up_to
from chuyendoiso.analytics.selectors import ranking_of, series_of
from chuyendoiso.catalog.selectors import catalog_get
from chuyendoiso.engine.domain.periods import parse_period
from chuyendoiso.orgunits.models import OrgUnit
from tests.access.members import member
from tests.dashboards.test_indicator_page import read_csv
from tests.languages import page_in

pytestmark = pytest.mark.django_db


def main_part(response) -> str:
    page = response.content.decode()
    start = re.search(r"<main[ >]", page)
    assert start, "the page has no <main>"
    return page[start.start() : page.index("</main>")]


def test_anyone_sees_the_public_indicators_and_no_internal_one(client):
    response = client.get("/du-lieu-mo/")
    assert response.status_code == 200
    page = main_part(response)
    catalog = catalog_get()
    hidden = [i for i in catalog.indicators if not i.public]
    assert hidden
    for indicator in hidden:
        assert indicator.code not in page and indicator.name_vi not in page
    shown = [i for i in catalog.indicators if i.public]
    assert all(i.code in page for i in shown)
    assert "1.830" in page and "1.567.705" in page


def test_a_signed_in_user_sees_the_same_portal(client):
    anonymous = main_part(client.get("/du-lieu-mo/?pe=2024S1"))
    client.force_login(member("xem.19", "viewer", "19"))
    signed_in = main_part(client.get("/du-lieu-mo/?pe=2024S1"))
    assert signed_in == anonymous
    assert not re.search(r"ATTT_SOC_(LO_HONG|KET_NOI_NGUY_HIEM|MAY_NN_MA_DOC)", signed_in)


def test_a_bad_choice_is_refused(client):
    assert client.get("/du-lieu-mo/?pe=2024S9").status_code == 400
    assert client.get("/du-lieu-mo/?ou=99999").status_code == 404


# --- the portal as the dashboard's pages for the public -----------------------------------

QUERY = "ou=19&pe=2024S1&cal=calendar"
CODE = "HTS_BTS"  # public, headline, 1.830 stations in the first half of 2024


def unit_names() -> set[str]:
    """The words of the units' names: proper names, Vietnamese on an English page too."""
    return set(re.findall(r"\w+", " ".join(OrgUnit.objects.values_list("name", flat=True))))


def card_of(page: str, code: str) -> str:
    card = page[page.index(f"/du-lieu-mo/chi-tieu/{code}/") :]
    return card[: card.index("</li>")]


def test_the_portal_shows_each_pillar_with_its_public_cards(client):
    page = main_part(client.get(f"/du-lieu-mo/?{QUERY}"))
    catalog = catalog_get()
    public = {i.code for i in catalog.indicators if i.public}
    for pillar in catalog.pillars:
        if any(i.pillar == pillar.code for i in catalog.indicators if i.code in public):
            assert f">{pillar.name_vi}</h2>" in page
    linked = set(re.findall(r'href="/du-lieu-mo/chi-tieu/(\w+)/\?ou=19&amp;pe=2024S1', page))
    assert linked == public
    assert "1.830" in card_of(page, CODE)
    assert "tăng 71,79% so với cùng kỳ năm 2023" in card_of(page, "NTS_TRANG_CDS_TIN_BAI")
    assert 'class="chart"' in page and "Xếp hạng các đơn vị trực thuộc" in page


@pytest.mark.parametrize(
    ("language", "words"),
    [("vi", "Chưa có số liệu đã duyệt cho kỳ này."), ("en", "No approved figure")],
)
def test_a_card_without_a_figure_says_so_in_words(client, language, words):
    """Not a lone dash: a reader sees that the period has no approved figure."""
    from chuyendoiso.analytics.selectors import cards_of

    province = OrgUnit.objects.get(code="19", structure="")
    cards = cards_of(PUBLIC, province, parse_period("2024S1"))
    without = [card.indicator.code for card in cards if card.figure is None]
    assert without, "the demo has a public indicator without a figure in 2024S1"
    client.cookies["django_language"] = language
    page = main_part(client.get(f"/du-lieu-mo/?{QUERY}"))
    for code in without:
        card = card_of(page, code)
        assert words in card and 'class="no-figures"' in card, code
    with_figure = next(card.indicator.code for card in cards if card.figure is not None)
    assert words not in card_of(page, with_figure)


def test_the_portal_in_english_is_all_english(client):
    page = page_in(client, f"/du-lieu-mo/?{QUERY}", "en", names=" ".join(unit_names()))
    assert "Open data" in page and "first half of 2024" in page
    assert "1,830" in card_of(page, CODE)
    assert "up 71.79% on the same period of 2023" in card_of(page, "NTS_TRANG_CDS_TIN_BAI")


def test_the_public_indicator_page_has_its_definition_history_and_units(client):
    page = main_part(client.get(f"/du-lieu-mo/chi-tieu/{CODE}/?{QUERY}"))
    indicator = catalog_get().indicator(CODE)
    assert indicator.definition_vi in page and "1.830" in page
    assert "6 tháng cuối năm 2021" in page and 'class="chart"' in page
    assert "Số liệu theo đơn vị trực thuộc" in page
    # what the public may not read: the reporting regimes and the validation rules
    assert "Chế độ báo cáo" not in page and "Quy tắc kiểm tra" not in page
    assert "/admin/" not in page and "/chi-tieu/HTS_BTS/tai-ve" not in page
    files = re.findall(r'href="(/du-lieu-mo/api/analytics\.(\w+)\?[^"]+)"', page)
    assert {fmt for _href, fmt in files} == {"csv", "xlsx", "json"}


def test_the_english_public_indicator_page_is_all_english(client):
    page = page_in(
        client, f"/du-lieu-mo/chi-tieu/{CODE}/?{QUERY}", "en", names=" ".join(unit_names())
    )
    assert "Telecommunications" in page or "1,830" in page
    assert "Back to open data" in page


def page_files(page: str) -> dict[str, list[str]]:
    """The API addresses of the page's downloads, by format, in the page's order."""
    found: dict[str, list[str]] = {}
    for href, fmt in re.findall(r'href="(/du-lieu-mo/api/analytics\.(\w+)\?[^"]+)"', page):
        found.setdefault(fmt, []).append(html.unescape(href))
    return found


@pytest.mark.parametrize("pe", ["2024S1", "2025S2"])  # after the 2025 merger too
def test_the_downloads_of_the_public_page_hold_its_figures(client, pe):
    page = client.get(f"/du-lieu-mo/chi-tieu/{CODE}/?ou=19&pe={pe}").content.decode()
    history, below = page_files(page)["csv"]
    province = OrgUnit.objects.get(code="19", structure="")
    period = parse_period(pe)
    series = series_of(PUBLIC, CODE, province, periods_up_to(period))
    rows = read_csv(client.get(history).content)
    expected = [(p.period.id, p.figure.value) for p in series.points if p.figure]
    assert [(r["period"], Decimal(r["value"])) for r in rows] == expected
    assert {r["org_unit"] for r in rows} == {"19"}
    ranking = ranking_of(PUBLIC, CODE, province, period)
    rows = read_csv(client.get(below).content)
    got = {(r["org_unit"], Decimal(r["value"])) for r in rows if r["org_unit"] != "19"}
    assert got == {(r.unit.key, r.figure.value) for r in ranking.rows}
    assert ranking.rows or pe != "2024S1"  # the districts had figures before the merger


def test_an_internal_indicator_has_no_public_page(client):
    hidden = next(i.code for i in catalog_get().indicators if not i.public)
    answer = client.get(f"/du-lieu-mo/chi-tieu/{hidden}/?{QUERY}")
    unknown = client.get(f"/du-lieu-mo/chi-tieu/KHONG_CO_CHI_TIEU_NAY/?{QUERY}")
    assert answer.status_code == unknown.status_code == 404
    token = re.compile(r'name="csrfmiddlewaretoken" value="\w*"')
    first = token.sub("", answer.content.decode().replace(hidden, "§"))
    assert first == token.sub("", unknown.content.decode().replace("KHONG_CO_CHI_TIEU_NAY", "§"))


def test_a_signed_in_user_sees_the_same_public_indicator_page(client):
    url = f"/du-lieu-mo/chi-tieu/{CODE}/?{QUERY}"
    anonymous = main_part(client.get(url))
    client.force_login(member("dieuphoi.19", "coordinator", "19"))
    assert main_part(client.get(url)) == anonymous


@pytest.mark.parametrize(
    ("language", "words"), [("vi", "Chưa có số liệu đã duyệt"), ("en", "No approved figures yet")]
)
def test_an_indicator_without_figures_says_so_instead_of_an_empty_chart(client, language, words):
    page = page_in(
        client,
        f"/du-lieu-mo/chi-tieu/{CODE}/?ou=19&pe=2015",
        language,
        names=" ".join(unit_names()),
    )
    assert words in page
    assert 'class="chart"' not in page and "history-data" not in page
