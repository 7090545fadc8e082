"""The leadership dashboard: cards per pillar and per headline indicator, a chart per
headline indicator, the units below ranked with links down and a breadcrumb back up, the
period picker, and the drafts each user may read counted on the cards."""

import re
from decimal import Decimal

import pytest

from chuyendoiso.analytics.audience import Internal
from chuyendoiso.analytics.selectors import cards_of, ranking_of
from chuyendoiso.catalog.selectors import catalog_get
from chuyendoiso.dashboards.presenters import axis_scale
from chuyendoiso.datavalues.models import DataValue
from chuyendoiso.engine.domain.periods import parse_period
from chuyendoiso.orgunits.models import OrgUnit
from tests.access.members import member
from tests.web.untranslated import vietnamese_words

pytestmark = pytest.mark.django_db

PERIOD = parse_period("2024S1")


@pytest.fixture
def coordinator(client):
    user = member("dieuphoi.19", "coordinator", "19")
    client.force_login(user)
    client.user = user
    return client


def page_of(client, query=""):
    response = client.get(f"/bang-dieu-khien/?{query}")
    assert response.status_code == 200
    return response.content.decode()


def headline():
    return [i for i in catalog_get().indicators if i.headline]


def test_a_card_per_pillar_and_per_headline_indicator(coordinator):
    page = page_of(coordinator, "ou=19&pe=2024S1")
    pillars = {i.pillar for i in catalog_get().indicators}
    assert page.count('<li class="card">') == len(pillars)
    assert page.count('<li class="card status-') == len(headline())
    for indicator in headline():
        assert f"/chi-tieu/{indicator.code}/?ou=19&amp;pe=2024S1" in page
    # the status is told in words and by an icon, not by the colour alone
    assert "đúng lộ trình" in page and 'aria-hidden="true">↗' in page
    assert page.count('<figure class="chart-figure">') == len(headline())


def test_the_units_below_are_ranked_with_links_down_and_a_breadcrumb_back(coordinator):
    province = OrgUnit.objects.get(code="19", structure="")
    ranking = ranking_of(Internal(coordinator.user), headline()[0].code, province, PERIOD)
    page = page_of(coordinator, "ou=19&pe=2024S1")
    best = ranking.rows[0]
    link = f'<a href="?ou={best.unit.key.replace("@", "%40")}&amp;pe=2024S1&amp;cal=calendar">'
    assert link + best.unit.name in page
    district = page_of(coordinator, f"ou={best.unit.key}&pe=2024S1")
    crumbs = district[
        district.index('class="crumbs"') : district.index(
            "</nav>", district.index('class="crumbs"')
        )
    ]
    assert "?ou=19&amp;pe=2024S1" in crumbs and "Tỉnh Thái Nguyên" in crumbs
    commune = re.search(
        r'<a href="\?ou=([^&"]+)&amp;pe=2024S1&amp;cal=calendar">([^<]+)</a>',
        district[district.index("Xếp hạng các đơn vị trực thuộc") :],
    )
    assert commune, "the district's communes are ranked with links"
    below = page_of(coordinator, f"ou={commune.group(1).replace('%40', '@')}&pe=2024S1")
    crumbs = below[below.index('class="crumbs"') :]
    assert (
        crumbs.index("Tỉnh Thái Nguyên")
        < crumbs.index(best.unit.name)
        < crumbs.index(commune.group(2))
    )


def test_the_picker_offers_both_calendars_and_every_period_type(coordinator):
    page = page_of(coordinator, "ou=19&pe=2024S1")
    assert '<option value="2024S1" selected>' in page
    for period in ("2024", "2024S2", "2024Q3", "202405"):
        assert f'<option value="{period}">' in page
    assert '<option value="nd09">' in page
    nd09 = page_of(coordinator, "ou=19&pe=2024Q2&cal=nd09")
    assert '<option value="nd09" selected>' in nd09


def test_the_cards_show_the_figures_of_the_read_interface(coordinator):
    province = OrgUnit.objects.get(code="19", structure="")
    cards = {c.indicator.code: c for c in cards_of(Internal(coordinator.user), province, PERIOD)}
    page = page_of(coordinator, "ou=19&pe=2024S1")
    bts = page[page.index("/chi-tieu/HTS_BTS/") :]
    bts = bts[: bts.index("</li>")]
    assert cards["HTS_BTS"].figure.value == 1830 and "1.830" in bts


@pytest.fixture
def drafts():
    """Two drafts of a headline indicator for the half-year: one in the ward 05440 and one
    in another unit (copies of an approved value)."""
    value = (
        DataValue.objects.filter(
            status="approved",
            indicator__code__in=[i.code for i in headline()],
            start_date__gte=PERIOD.start,
            end_date__lte=PERIOD.end,
        )
        .exclude(org_unit__code="05440")
        .first()
    )
    assert value is not None
    ward = OrgUnit.objects.get(code="05440")
    for unit in (ward, value.org_unit):
        value.pk, value.status, value.org_unit = None, "draft", unit
        value.save()


def badges(page):
    return [int(n) for n in re.findall(r'<span class="tag tag-drafts">(\d+) chưa duyệt', page)]


@pytest.mark.parametrize(
    ("role", "unit", "seen"),
    [("coordinator", "19", 2), ("reporter", "05440", 1), ("viewer", "19", 0)],
)
def test_each_user_sees_the_drafts_he_may_read(client, drafts, role, unit, seen):
    where = OrgUnit.objects.get(code=unit)
    client.force_login(member(f"{role}.{unit}", role, where))
    page = page_of(client, "ou=19&pe=2024S1")
    assert sum(badges(page)) == seen
    if seen:
        assert f"{seen} giá trị chưa duyệt" in page
    else:
        assert "chưa duyệt" not in page


def test_the_english_dashboard_is_all_english_with_english_numbers(coordinator):
    coordinator.cookies["django_language"] = "en"
    page = page_of(coordinator, "ou=19&pe=2024S1")
    assert '<html lang="en">' in page and "Dashboard" in page and "first half of 2024" in page
    bts = page[page.index("/chi-tieu/HTS_BTS/") :]
    assert "1,830" in bts[: bts.index("</li>")]
    names = " ".join(OrgUnit.objects.values_list("name", flat=True))  # proper names stay
    left = vietnamese_words(page) - set(re.findall(r"\w+", names))
    assert not left, sorted(left)


@pytest.mark.parametrize(
    ("values", "scale"),
    [
        ((Decimal(1830), None), 1),
        ((Decimal(999_999),), 1),
        ((Decimal(6_600_000), Decimal(5_000_000)), 10**6),
        ((None, Decimal("388123456789000")), 10**12),
        ((), 1),
    ],
)
def test_a_chart_of_long_figures_counts_its_axis_in_millions_or_more(values, scale):
    assert axis_scale(values) == scale
