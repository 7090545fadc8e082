"""The read interface of the dashboards and the open-data portal, on the demo data: the same
figures as the report's analytics and the seed report, and never an internal indicator or a
draft for the public."""

import datetime as dt
from dataclasses import replace
from decimal import Decimal

import pytest
from django.contrib.auth.models import AnonymousUser

from chuyendoiso.analytics.audience import PUBLIC, Internal
from chuyendoiso.analytics.selectors import (
    analytics_for,
    cards_of,
    figures_of,
    ranking_of,
    series_of,
)
from chuyendoiso.catalog.selectors import catalog_get
from chuyendoiso.catalog.services import catalog_import
from chuyendoiso.datavalues.services import datavalues_import
from chuyendoiso.engine.analytics import Progress
from chuyendoiso.engine.domain.catalog import MeasureUnit
from chuyendoiso.engine.domain.datavalues import DataValue as Value
from chuyendoiso.engine.domain.datavalues import Status
from chuyendoiso.engine.domain.errors import NotFoundError, PermissionDeniedError
from chuyendoiso.engine.domain.periods import parse_period
from chuyendoiso.orgunits.models import OrgUnit
from tests.access.members import member

pytestmark = pytest.mark.django_db

S1 = parse_period("2024S1")
# figures of the seed report (Thái Nguyên, first half of 2024)
SEED = {
    "HTS_BTS": Decimal(1830),
    "HTS_TB_DI_DONG": Decimal(1567705),
    "HTS_TB_3G4G": Decimal(1182686),
    "CQS_HS_DUNG_HAN_TY_LE": Decimal("99.63"),
    "XHS_HSSK_TY_LE": Decimal("80.2"),
    "NTS_TRANG_CDS_TIN_BAI": Decimal(476),
}
INTERNAL = "ATTT_SOC_LO_HONG"  # marked internal in the shipped catalogue
DRAFT = Decimal(987654321)


@pytest.fixture
def province() -> OrgUnit:
    return OrgUnit.objects.get(code="19", structure="")


@pytest.fixture
def viewer():
    return Internal(member("xem.19", "viewer", "19"))


def test_cards_hold_the_report_figures_and_the_seed_numbers(province, viewer):
    cards = {card.indicator.code: card for card in cards_of(viewer, province, S1)}
    analytics = analytics_for(province, start=dt.date(2023, 1, 1), end=S1.end)
    assert len(cards) == len(catalog_get().indicators)
    for code, card in cards.items():
        expected = analytics.figure(code, str(province.pk), S1)
        assert (card.figure and card.figure.value) == (expected and expected.value), code
    assert {code: cards[code].figure.value for code in SEED} == SEED
    # the report's comparison: "476 tin, bài (tăng 71,79% so với cùng kỳ năm 2023)"
    assert cards["NTS_TRANG_CDS_TIN_BAI"].change.percent == Decimal("71.79")


def test_a_card_measures_against_the_national_target(province):
    [card] = [c for c in cards_of(PUBLIC, province, S1) if c.indicator.code == "XHS_HSSK_TY_LE"]
    # Quyết định 411/QĐ-TTg: 90% of people with an e-health record by 2025; 80.2 is 89.11%
    assert card.national.target.value == 90 and card.national.target.year == 2025
    assert round(card.national.attainment.percent_of_target, 2) == Decimal("89.11")
    assert not card.national.attainment.achieved
    assert card.provincial is None  # the province has set no target of its own


def test_a_card_after_the_merger_compares_the_same_territory(province):
    half = parse_period("2025S2")
    cards = {c.indicator.code: c for c in cards_of(PUBLIC, province, half)}
    fibre = cards["HTS_HGD_CAP_QUANG_TY_LE"]
    analytics = analytics_for(province, start=dt.date(2024, 7, 1), end=half.end)
    last_year = analytics.figure(
        "HTS_BTS", str(province.pk), parse_period("2024S2"), same_territory=True
    )
    assert cards["HTS_BTS"].change.previous.value == last_year.value
    # the 2025 target (>= 80%) against the figure of the second half of 2025
    reached = fibre.figure.value >= 80
    assert fibre.national.attainment.achieved is reached
    assert (fibre.national.status is Progress.ACHIEVED) is reached


def test_series_are_the_figures_of_each_period(province):
    periods = [parse_period(p) for p in ("2023S1", "2023S2", "2024S1")]
    series = series_of(PUBLIC, "HTS_BTS", province, periods)
    analytics = analytics_for(province, start=periods[0].start, end=S1.end)
    assert [p.period for p in series.points] == periods
    assert [p.figure.value for p in series.points] == [
        analytics.figure("HTS_BTS", str(province.pk), p).value for p in periods
    ]
    assert series.points[-1].figure.value == 1830 and series.unit.key == "19"


def test_ranking_of_the_districts_adds_up_to_the_province(province):
    ranking = ranking_of(PUBLIC, "HTS_TB_DI_DONG", province, S1)
    districts = [row for row in ranking.rows if row.unit.level == "district"]
    assert len(districts) == 9 and [row.rank for row in districts] == list(range(1, 10))
    values = [row.figure.value for row in districts]
    assert values == sorted(values, reverse=True)  # more subscriptions is better
    assert sum(values) == SEED["HTS_TB_DI_DONG"]
    assert districts[0].unit.key.endswith("@before_2025")
    # the departments report no subscriptions: listed as missing, not ranked
    assert {unit.level for unit in ranking.missing} == {"department"}


def test_ranking_puts_the_lowest_first_when_lower_is_better(province):
    ranking = ranking_of(PUBLIC, "HTS_THON_CHUA_3G4G", province, S1)
    values = [row.figure.value for row in ranking.rows if row.unit.level == "district"]
    assert values and values == sorted(values)


def test_figures_for_the_same_territory_add_the_merged_province(province):
    after = parse_period("2025S2")
    [before] = figures_of(PUBLIC, ["HTS_BTS"], [province], [S1])
    rows = figures_of(PUBLIC, ["HTS_BTS"], [province], [S1, after], same_territory=True)
    analytics = analytics_for(province, start=S1.start, end=after.end)
    same = analytics.figure("HTS_BTS", str(province.pk), S1, same_territory=True)
    # Bắc Kạn (06) joined Thái Nguyên on 1 July 2025: its stations count in 2024S1 too
    assert before.figure.value == 1830 and rows[0].figure.value == same.value > 1830


def test_figures_of_many_units_and_periods(province):
    city = OrgUnit.objects.get(code="164", structure="before_2025")
    periods = [parse_period("2023S2"), S1]
    rows = figures_of(PUBLIC, ["HTS_BTS", "CQS_HS_DUNG_HAN_TY_LE"], [province, city], periods)
    keys = [(r.indicator.code, r.unit.key, r.period.id) for r in rows]
    assert keys == sorted(keys, key=lambda k: (k[0] != "HTS_BTS", k[1] != "19", k[2]))
    for row in rows:
        unit = province if row.unit.key == "19" else city
        analytics = analytics_for(unit, start=periods[0].start, end=S1.end)
        expected = analytics.figure(row.indicator.code, str(unit.pk), row.period)
        assert row.figure.value == expected.value
    assert ("HTS_BTS", "19", "2024S1") in keys and ("HTS_BTS", "164@before_2025", "2024S1") in keys


def test_the_public_sees_no_internal_indicator(province, viewer):
    public = {c.indicator.code for c in cards_of(PUBLIC, province, S1)}
    internal = {c.indicator.code for c in cards_of(viewer, province, S1)}
    hidden = {i.code for i in catalog_get().indicators if not i.public}
    assert INTERNAL in hidden and hidden == internal - public and not public & hidden
    assert series_of(viewer, INTERNAL, province, [S1]).points[0].figure is not None


@pytest.mark.parametrize("code", [INTERNAL, "KHONG_CO_CHI_TIEU_NAY"])
def test_an_internal_code_is_refused_as_an_unknown_one(province, code):
    reads = [
        lambda: series_of(PUBLIC, code, province, [S1]),
        lambda: ranking_of(PUBLIC, code, province, S1),
        lambda: figures_of(PUBLIC, [code], [province], [S1]),
        lambda: figures_of(PUBLIC, [code], [], [S1]),
    ]
    for read in reads:
        with pytest.raises(NotFoundError) as caught:
            read()
        error = caught.value
        assert error.message == f"Không có chỉ tiêu mã '{code}' / unknown indicator"
        assert error.extra == {"field": "indicator", "value": code}


def _with_internal_indicator() -> None:
    """A new indicator, internal as every indicator is unless marked, with an approved value
    of the province; and a draft of a public indicator, alone in its period."""
    catalog = catalog_get()
    bts = catalog.indicator("HTS_BTS")
    secret = replace(bts, code="HTS_TRAM_DU_PHONG", name_vi="Số trạm dự phòng", public=False)
    catalog_import(
        acting_user=None, catalog=replace(catalog, indicators=(*catalog.indicators, secret))
    )
    draft = Value(indicator="HTS_BTS", org_unit="19", period="2024S1", value=DRAFT)
    values = [
        replace(draft, indicator="HTS_TRAM_DU_PHONG", value=Decimal(424242)),
        replace(draft, status=Status.DRAFT),  # beside the approved 1,830
        replace(draft, period="2027S1", status=Status.DRAFT),  # alone in its period
    ]
    datavalues_import(acting_user=None, values=values, source_name="test")


def test_the_public_never_gets_an_internal_indicator_or_a_draft(province, viewer):
    _with_internal_indicator()
    later = parse_period("2027S1")
    public_cards = cards_of(PUBLIC, province, S1)
    assert "HTS_TRAM_DU_PHONG" not in {c.indicator.code for c in public_cards}
    values = {c.figure.value for c in public_cards if c.figure}
    values |= {c.figure.value for c in cards_of(PUBLIC, province, later) if c.figure}
    assert DRAFT not in values and Decimal(424242) not in values
    rows = figures_of(PUBLIC, ["HTS_BTS"], [province], [S1, later])
    assert [(r.period.id, r.figure.value) for r in rows] == [("2024S1", 1830)]
    rows = figures_of(PUBLIC, ["HTS_BTS"], [province], [S1, later], same_territory=True)
    assert DRAFT not in {r.figure.value for r in rows}
    assert [p.figure for p in series_of(PUBLIC, "HTS_BTS", province, [later]).points] == [None]
    with pytest.raises(NotFoundError):
        figures_of(PUBLIC, ["HTS_TRAM_DU_PHONG"], [province], [S1])
    # signed in, the internal indicator is there; a draft is not, for anyone
    [row] = figures_of(viewer, ["HTS_TRAM_DU_PHONG"], [province], [S1])
    assert row.figure.value == 424242
    internal = {c.figure.value for c in cards_of(viewer, province, later) if c.figure}
    assert DRAFT not in internal


def test_an_anonymous_user_is_not_an_internal_reader():
    with pytest.raises(PermissionDeniedError):
        Internal(AnonymousUser())


def test_percent_cards_compare_in_points_too(province, viewer):
    cards = cards_of(viewer, province, parse_period("2025S2"))
    compared = [c for c in cards if c.change and c.change.previous and not c.change.stated]
    percent = [c for c in compared if c.indicator.unit is MeasureUnit.PERCENT]
    assert percent and len(percent) < len(compared)
    for card in compared:
        points = card.figure.value - card.change.previous.value
        assert card.change.points == (points if card in percent else None), card.indicator.code
