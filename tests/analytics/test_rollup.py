"""The rollup: the figures the pages read from it are those the engine computes on the fly
from the values, through any sequence of writes, approvals and deletions."""

import datetime as dt
import random
from decimal import Decimal

import pytest
from click.testing import CliRunner

from chuyendoiso.analytics.audience import PUBLIC, Internal
from chuyendoiso.analytics.figures import rollup_analytics, shared_forget
from chuyendoiso.analytics.models import RollupFigure
from chuyendoiso.analytics.rollup import rollup_token
from chuyendoiso.analytics.selectors import (
    analytics_for,
    cards_of,
    figures_of,
    ranking_of,
    series_of,
)
from chuyendoiso.analytics.services import rollup_rebuild
from chuyendoiso.catalog.models import Indicator
from chuyendoiso.catalog.selectors import catalog_get
from chuyendoiso.catalog.services import catalog_import
from chuyendoiso.cli import main
from chuyendoiso.datavalues.models import DataValue
from chuyendoiso.datavalues.services import (
    datavalue_delete,
    datavalues_approve_drafts,
    datavalues_import,
)
from chuyendoiso.engine.domain.adminunits import MERGER_DATE
from chuyendoiso.engine.domain.datavalues import DataValue as Value
from chuyendoiso.engine.domain.datavalues import Status, ratio_percent
from chuyendoiso.engine.domain.errors import NotFoundError
from chuyendoiso.engine.domain.periods import (
    Calendar,
    PeriodType,
    parse_period,
    same_period_last_year,
)
from chuyendoiso.orgunits.models import OrgUnit
from tests.access.members import member

pytestmark = pytest.mark.django_db

FLOW, STOCK, RATIO = "CQS_HS_TIEP_NHAN", "HTS_BTS", "XHS_HSSK_TY_LE"
WARDS = ["05440", "05443", "05446"]  # wards of the city 164 before 1 July 2025
BEFORE = [parse_period(p) for p in ["202402", "202403", "2024Q1", "2024Q2", "2024S1", "2024"]]
BEFORE += [parse_period("2024Q1", Calendar.ND09)]
AFTER = [parse_period(p) for p in ["202508", "2025Q3", "2025S2"]]


def units_before() -> list[OrgUnit]:
    wards = list(OrgUnit.objects.filter(code__in=WARDS, structure="before_2025"))
    return [OrgUnit.objects.get(code="19", structure=""), OrgUnit.objects.get(code="164"), *wards]


def units_after() -> list[OrgUnit]:
    return [
        OrgUnit.objects.get(code="19", structure=""),
        OrgUnit.objects.get(code="05443", structure="from_2025"),
    ]


def on_the_fly(units, periods, *, territory):
    """The engine's figures from the values, as the pages computed them before the rollup."""
    start, end = min(p.start for p in periods), max(p.end for p in periods)
    found = {}
    for unit in units:
        analytics = analytics_for(unit, start=start, end=end)
        for code in (FLOW, STOCK, RATIO):
            for period in periods:
                figure = analytics.figure(code, str(unit.pk), period, same_territory=territory)
                found[(code, unit.code, period)] = figure
    return found


def from_rollup(audience, units, periods, *, territory):
    rows = figures_of(audience, [FLOW, STOCK, RATIO], units, periods, same_territory=territory)
    found = {
        (code, unit.code, p): None
        for code in (FLOW, STOCK, RATIO)
        for unit in units
        for p in periods
    }
    found |= {(row.indicator.code, row.unit.code, row.period): row.figure for row in rows}
    return found


def assert_same(audience):
    for units, periods, territory in [
        (units_before(), BEFORE, False),
        (units_after(), AFTER, True),
    ]:
        expected = on_the_fly(units, periods, territory=territory)
        assert from_rollup(audience, units, periods, territory=territory) == expected
        # read again: now from the figures kept
        assert from_rollup(audience, units, periods, territory=territory) == expected


def random_value(draw: random.Random, status: Status = Status.APPROVED) -> Value:
    after = draw.random() < 0.3
    period = draw.choice(
        ["202508", "202509", "2025Q3"]
        if after
        else ["202401", "202402", "202403", "2024Q1", "2024S1"]
    )
    unit = draw.choice(["05443"] if after else [*WARDS, "164"])
    code = draw.choice([FLOW, STOCK, RATIO])
    if code == RATIO:
        denominator = Decimal(draw.randint(50, 500))
        numerator = Decimal(draw.randint(0, int(denominator)))
        return Value(
            indicator=code,
            org_unit=unit,
            period=period,
            value=ratio_percent(numerator, denominator, 2),
            numerator=numerator,
            denominator=denominator,
            decimals=2,
            status=status,
        )
    return Value(
        indicator=code,
        org_unit=unit,
        period=period,
        value=Decimal(draw.randint(0, 9999)),
        status=status,
    )


@pytest.mark.parametrize("seed", [1, 2])
def test_the_rollup_gives_the_engines_figures_through_random_writes(seed):
    draw = random.Random(seed)
    user = member("dieu.phoi", "coordinator")
    audience = Internal(user)
    assert_same(audience)
    for _ in range(8):
        step = draw.choice(["write", "approve", "delete"])
        if step == "write":
            values = [random_value(draw) for _ in range(draw.randint(1, 3))]
            unique = {(v.indicator, v.org_unit, v.period): v for v in values}
            datavalues_import(acting_user=user, values=list(unique.values()), source_name="t")
        elif step == "approve":
            draft = random_value(draw, Status.DRAFT)
            datavalues_import(acting_user=user, values=[draft], source_name="t")
            assert_same(audience)  # a draft changes no figure
            pks = DataValue.objects.filter(status="draft").values_list("pk", flat=True)
            datavalues_approve_drafts(acting_user=user, pks=list(pks))
        else:
            ours = DataValue.objects.filter(
                status="approved",
                indicator__code__in=[FLOW, STOCK, RATIO],
                org_unit__code__in=[*WARDS, "164"],
                start_date__gte=dt.date(2024, 1, 1),
                end_date__lte=dt.date(2024, 6, 30),
                category_option__isnull=True,
            ).order_by("pk")
            pk = draw.choice(list(ours.values_list("pk", flat=True)))
            datavalue_delete(acting_user=user, pk=pk)
        assert_same(audience)


def test_a_write_removes_the_figures_it_changes_and_only_those():
    user = member("dieu.phoi", "coordinator")
    half, other_year = parse_period("2024S1"), parse_period("2023")
    units = units_before()
    figures_of(Internal(user), [FLOW, STOCK], units, [half, other_year])
    kept = set(RollupFigure.objects.values_list("indicator__code", "org_unit__code", "period"))
    assert (FLOW, "19", "2024S1") in kept and (STOCK, "05440", "2023") in kept
    token = rollup_token()
    datavalues_import(
        acting_user=user,
        values=[Value(indicator=FLOW, org_unit="05440", period="202403", value=Decimal(7))],
        source_name="t",
    )
    assert rollup_token() != token
    left = set(RollupFigure.objects.values_list("indicator__code", "org_unit__code", "period"))
    gone = kept - left
    assert gone == {(FLOW, code, "2024S1") for code in ("19", "164", "05440")}


def test_a_draft_keeps_every_figure_but_changes_the_token():
    """No figure reads a draft; the pages that count drafts are built again."""
    user = member("dieu.phoi", "coordinator")
    figures_of(Internal(user), [FLOW], units_before(), BEFORE)
    kept, token = RollupFigure.objects.count(), rollup_token()
    draft = Value(
        indicator=FLOW, org_unit="05440", period="202403", value=Decimal(7), status=Status.DRAFT
    )
    datavalues_import(acting_user=user, values=[draft], source_name="t")
    assert RollupFigure.objects.count() == kept
    assert rollup_token() != token


def test_figures_computed_before_a_write_are_not_kept_after_it():
    province = OrgUnit.objects.get(code="19", structure="")
    half = parse_period("2024S1")
    analytics = rollup_analytics(start=half.start, end=half.end)
    assert analytics.figure(FLOW, str(province.pk), half) is not None
    datavalues_import(
        acting_user=member("dieu.phoi", "coordinator"),
        values=[Value(indicator=FLOW, org_unit="05440", period="202403", value=Decimal(7))],
        source_name="t",
    )
    assert analytics.keep() is False
    assert not RollupFigure.objects.exists()


def test_the_public_reads_no_internal_indicator_kept_for_a_signed_in_user():
    internal = Indicator.objects.filter(public=False).values_list("code", flat=True).first()
    province = OrgUnit.objects.get(code="19", structure="")
    user = member("dieu.phoi", "coordinator")
    half = parse_period("2024S1")
    assert figures_of(Internal(user), [internal], [province], [half])
    assert RollupFigure.objects.filter(indicator__code=internal).exists()
    with pytest.raises(NotFoundError):
        figures_of(PUBLIC, [internal], [province], [half])
    assert internal not in {card.indicator.code for card in cards_of(PUBLIC, province, half)}


def test_rebuild_keeps_the_engines_figures_for_the_years_asked():
    province = OrgUnit.objects.get(code="19", structure="")
    stale = RollupFigure.objects.create(
        indicator=Indicator.objects.get(code=FLOW),
        org_unit=province,
        period="2022",
        calendar="calendar",
        start_date=dt.date(2022, 1, 1),
        end_date=dt.date(2022, 12, 31),
        figure=None,
    )
    done = rollup_rebuild(
        acting_user=None, years=[2024], period_types=[PeriodType.YEAR, PeriodType.HALF]
    )
    assert done.figures > 0 and not RollupFigure.objects.filter(pk=stale.pk).exists()
    year = parse_period("2024")
    kept = RollupFigure.objects.get(indicator__code=FLOW, org_unit=province, period="2024")
    assert kept.figure is not None
    expected = analytics_for(province, start=year.start, end=year.end).figure(
        FLOW, str(province.pk), year
    )
    assert (
        figures_of(Internal(member("x", "viewer")), [FLOW], [province], [year])[0].figure
        == expected
    )
    assert RollupFigure.objects.filter(period="2024S2", org_unit__code="05440").exists()


def test_a_catalogue_import_empties_the_rollup():
    figures_of(PUBLIC, [FLOW], units_before(), BEFORE)
    assert RollupFigure.objects.exists()
    catalog_import(acting_user=None, catalog=catalog_get())
    assert not RollupFigure.objects.exists()


def test_a_server_keeps_figures_in_the_process_until_a_write(settings):
    settings.CDS_REPORT_CACHE_SECONDS = 600
    shared_forget()
    try:
        stored = DataValue.objects.filter(
            indicator__code=FLOW, org_unit__level="commune", status="approved", period_type="month"
        ).first()
        ward, month = stored.org_unit, parse_period(stored.period, Calendar(stored.calendar))
        first = figures_of(PUBLIC, [FLOW], [ward], [month])[0].figure
        RollupFigure.objects.all().delete()  # kept in the process: the table is not read
        assert figures_of(PUBLIC, [FLOW], [ward], [month])[0].figure == first
        datavalues_import(
            acting_user=member("dieu.phoi", "coordinator"),
            values=[
                Value(
                    indicator=FLOW,
                    org_unit=ward.code,
                    period=month.id,
                    calendar=month.calendar,
                    value=first.value + 1,
                )
            ],
            source_name="t",
        )
        after = figures_of(PUBLIC, [FLOW], [ward], [month])[0].figure
        assert after.value == first.value + 1
    finally:
        shared_forget()


def test_cds_analytics_rebuild_says_what_it_kept():
    result = CliRunner().invoke(main, ["analytics", "rebuild", "--year", "2024"])
    assert result.exit_code == 0, result.output
    kept = RollupFigure.objects.filter(period="2024").count()
    assert kept > 0 and f"{kept} figures kept (2024)" in result.output
    assert f"year 2024: {kept} figures" in result.output  # told as each year is done


@pytest.mark.parametrize("year", ["24", "-2024", "năm"])
def test_cds_analytics_rebuild_refuses_a_year_that_is_not_one_and_empties_nothing(year):
    CliRunner().invoke(main, ["analytics", "rebuild", "--year", "2024"])
    kept = RollupFigure.objects.count()
    result = CliRunner().invoke(main, ["analytics", "rebuild", "--year", year])
    assert result.exit_code == 2 and "--year" in result.output, result.output
    assert RollupFigure.objects.count() == kept > 0


@pytest.mark.parametrize("period_id", ["2024S1", "2025Q3"])
def test_cards_series_and_ranking_from_the_rollup_are_the_engines(period_id):
    user = member("dieu.phoi", "coordinator")
    province = OrgUnit.objects.get(code="19", structure="")
    period = parse_period(period_id)
    last_year = same_period_last_year(period)
    territory = period.start >= MERGER_DATE
    engine = analytics_for(province, start=last_year.start, end=period.end)
    key = str(province.pk)
    for _ in range(2):  # computed and kept, then read from what was kept
        cards = cards_of(Internal(user), province, period)
        assert len(cards) == len(engine.catalog.indicators)
        for card in cards:
            code = card.indicator.code
            assert card.figure == engine.figure(code, key, period, same_territory=territory)
        series = series_of(Internal(user), FLOW, province, [last_year, period])
        assert [point.figure for point in series.points] == [
            engine.figure(FLOW, key, p, same_territory=territory) for p in (last_year, period)
        ]
        ranking = ranking_of(Internal(user), FLOW, province, period)
        below = engine.hierarchy.children(key, period)
        expected = []
        for level in dict.fromkeys(node.level for node in below):
            keys = [node.key for node in below if node.level == level]
            expected += engine.ranking(FLOW, keys, period)
        assert [row.figure for row in ranking.rows] == expected and expected
