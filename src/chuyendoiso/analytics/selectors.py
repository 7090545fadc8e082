"""Reads of the analytics over the database.

For one org unit and a time window, ``analytics_for`` builds the engine's analytics
(engine.analytics walks the unit's hierarchy in Python). For a country-wide table (a
pillar's indicators for every province) ``pillar_by_province`` pushes the sums down to the
database: PostgreSQL sums ``numeric`` exactly; SQLite stores figures as text, so there the
rows are summed in Python with Decimal.

``analytics_latest`` keeps the last few built analytics in the process for as long as
nothing is written (the audit trail's latest row): the fact-check page builds the same
ones for every document checked against the same unit and periods.

The dashboards and the open-data portal read through ``cards_of``, ``series_of``,
``ranking_of`` and ``figures_of``, each for an ``Audience``: ``PUBLIC`` sees the approved
figures of the public indicators only, ``Internal(user)`` those of every indicator
(docs/dashboards.md). They read the figures from the rollup (``analytics.figures``: the
engine's figures kept by indicator, unit and period until a write changes them), computing
and keeping those not kept yet.
"""

from __future__ import annotations

import datetime as dt
import threading
import time
from collections import OrderedDict, defaultdict
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.db import connection
from django.db.models import Count, Exists, Max, OuterRef, Q, QuerySet, Sum

from chuyendoiso.analytics.audience import Audience, indicator_for, indicators_for
from chuyendoiso.analytics.figures import RollupAnalytics, periods_window, rollup_analytics
from chuyendoiso.analytics.hierarchy import hierarchy_get
from chuyendoiso.audit.models import AuditEntry
from chuyendoiso.catalog import models as catalog_models
from chuyendoiso.catalog.selectors import catalog_get
from chuyendoiso.datavalues.convert import values_read_skipping
from chuyendoiso.datavalues.models import DataValue
from chuyendoiso.engine.analytics import (
    Analytics,
    Card,
    Facts,
    Figure,
    OrgNode,
    card_of,
    observation_of,
    targets_for,
)
from chuyendoiso.engine.domain.adminunits import MERGER_DATE
from chuyendoiso.engine.domain.catalog import Indicator, OrgAggregation, TimeAggregation
from chuyendoiso.engine.domain.datavalues import Status, ratio_percent
from chuyendoiso.engine.domain.errors import ValidationError
from chuyendoiso.engine.domain.periods import Period, PeriodType, same_period_last_year
from chuyendoiso.orgunits.models import OrgUnit, OrgUnitMapping
from chuyendoiso.orgunits.services import unit_key


def analytics_for(unit: OrgUnit, *, start: dt.date, end: dt.date) -> Analytics:
    """Analytics over the values of ``unit``, everything below it and the units merged into
    it, for periods inside [start, end]."""
    return analytics_over([unit], start=start, end=end)


def analytics_over(
    units: Sequence[OrgUnit],
    *,
    start: dt.date,
    end: dt.date,
    indicators: Collection[str] | None = None,
    drafts: bool = False,
) -> Analytics:
    """Analytics over the values of ``units``, everything below them and the units merged
    into them, for periods inside [start, end]: of ``indicators`` only when given, approved
    only unless ``drafts`` (then a draft stands for the approved value of its key)."""
    hierarchy = hierarchy_get()
    roots = [pk for unit in units for pk in (unit.pk, *_merged_into(unit))]
    in_tree = Q()
    for path in _outermost(OrgUnit.objects.filter(pk__in=roots).values_list("path", flat=True)):
        in_tree |= Q(org_unit__path__startswith=path)
    statuses = [Status.APPROVED.value, *([Status.DRAFT.value] if drafts else [])]
    rows = DataValue.objects.filter(
        in_tree,
        status__in=statuses,
        category_option__isnull=True,
        start_date__gte=start,
        end_date__lte=end,
    )
    if indicators is not None:
        rows = rows.filter(indicator__code__in=list(indicators))
    if drafts:  # a draft is the correction of the approved value of the same key
        rows = rows.exclude(
            Q(status=Status.APPROVED.value)
            & Exists(
                DataValue.objects.filter(
                    status=Status.DRAFT.value,
                    indicator=OuterRef("indicator"),
                    org_unit=OuterRef("org_unit"),
                    period=OuterRef("period"),
                    calendar=OuterRef("calendar"),
                    category_option__isnull=True,
                )
            )
        )
    # a row that cannot be read is logged with its place and left out: one bad row does not
    # stop the report of every period and unit around it
    facts = Facts(
        values_read_skipping(
            rows,
            lambda value, extra: (value.indicator, observation_of(value, str(extra[0]))),
            "org_unit_id",
        )
    )
    return Analytics(catalog_get(), hierarchy, facts)


def _outermost(paths: Iterable[str]) -> list[str]:
    """The paths that lie under no other of them: the units merged into a province's units
    are often inside one of its roots already, and a query of thousands of alternatives is
    refused by SQLite."""
    kept: list[str] = []
    for path in sorted(set(paths)):
        if not kept or not path.startswith(kept[-1]):
            kept.append(path)
    return kept


LATEST_KEPT = 16
_latest: OrderedDict[tuple[object, ...], tuple[float, Analytics]] = OrderedDict()
_latest_lock = threading.Lock()


def analytics_latest(unit: OrgUnit, *, start: dt.date, end: dt.date) -> Analytics:
    """``analytics_for``, built again after a write (every service writes an audit row) or
    once ``CDS_REPORT_CACHE_SECONDS`` have passed (0: every time). Built analytics are
    read-only, so threads may share them."""
    seconds: int = settings.CDS_REPORT_CACHE_SECONDS
    if not seconds:
        return analytics_for(unit, start=start, end=end)
    written = AuditEntry.objects.aggregate(latest=Max("pk"))["latest"]
    key = (unit.pk, start, end, written)
    now = time.monotonic()
    with _latest_lock:
        kept = _latest.get(key)
        if kept is not None and now - kept[0] < seconds:
            _latest.move_to_end(key)
            return kept[1]
    built = analytics_for(unit, start=start, end=end)
    with _latest_lock:
        _latest[key] = (now, built)
        _latest.move_to_end(key)
        while len(_latest) > LATEST_KEPT:
            _latest.popitem(last=False)
    return built


def _merged_into(unit: OrgUnit) -> list[int]:
    """Units merged into ``unit`` and, recursively, into its descendants (their roots only)."""
    return list(
        OrgUnitMapping.objects.filter(new__path__startswith=unit.path, is_primary=True)
        .exclude(old__path__startswith=unit.path)
        .values_list("old_id", flat=True)
        .distinct()
    )


@dataclass(frozen=True)
class ProvinceFigure:
    province: str  # code
    indicator: str  # code
    value: Decimal
    numerator: Decimal | None
    denominator: Decimal | None
    communes: int  # communes that reported


def pillar_by_province(pillar: str, period: Period) -> list[ProvinceFigure]:
    """Every province's figure for each additive indicator of the pillar, from monthly
    commune values: flows summed over the months of ``period``, each stock taken in the
    last month of the period it has values for, ratios recomputed from the summed parts."""
    indicators = list(
        catalog_models.Indicator.objects.filter(pillar__code=pillar)
        .exclude(aggregation_org=OrgAggregation.NONE.value)
        .values("id", "code", "aggregation_org", "aggregation_time")
    )
    provinces: dict[int | None, str] = dict(
        OrgUnit.objects.filter(level="province").values_list("id", "code")
    )
    rows = DataValue.objects.filter(
        status=Status.APPROVED.value,
        org_unit__level=OrgUnit.Level.COMMUNE,
        period_type=PeriodType.MONTH.value,
        start_date__gte=period.start,
        end_date__lte=period.end,
        category_option__isnull=True,
    )
    stock_ids = [i["id"] for i in indicators if _is_stock(i)]
    flow_ids = [i["id"] for i in indicators if not _is_stock(i)]
    # each stock in its own last month: one backwards index read per indicator, not a MAX
    stock_months = Q(pk__in=[])
    for indicator_id in stock_ids:
        last = (
            rows.filter(indicator_id=indicator_id)
            .order_by("-start_date", "-end_date")
            .values_list("start_date", "end_date")
            .first()
        )
        if last:
            stock_months |= Q(indicator_id=indicator_id, start_date=last[0], end_date=last[1])
    flows = rows.filter(indicator_id__in=flow_ids)
    stocks = rows.filter(stock_months)
    totals = _sum_by_province(flows) + _sum_by_province(stocks)
    codes = {i["id"]: (i["code"], i["aggregation_org"]) for i in indicators}
    result = []
    for province_id, indicator_id, value, numerator, denominator, communes in totals:
        code, aggregation = codes[indicator_id]
        if aggregation == OrgAggregation.RATIO.value:
            if not numerator or not denominator:
                continue
            value = ratio_percent(numerator, denominator, 2)
        result.append(
            ProvinceFigure(provinces[province_id], code, value, numerator, denominator, communes)
        )
    return sorted(result, key=lambda f: (f.indicator, f.province))


def _is_stock(indicator: Mapping[str, object]) -> bool:
    return indicator["aggregation_time"] == TimeAggregation.STOCK.value


# province id (a commune's is never None), indicator id, value, numerator, denominator, communes
Row = tuple[int | None, int, Decimal, Decimal | None, Decimal | None, int]


def _sum_by_province(rows: QuerySet[DataValue]) -> list[Row]:
    if connection.vendor == "postgresql":
        grouped = rows.values("org_unit__province_id", "indicator_id").annotate(
            total=Sum("value"),
            num=Sum("numerator"),
            den=Sum("denominator"),
            communes=Count("org_unit_id", distinct=True),
        )
        return [
            (
                g["org_unit__province_id"],
                g["indicator_id"],
                g["total"],
                g["num"],
                g["den"],
                g["communes"],
            )
            for g in grouped
        ]
    sums: dict[tuple[int | None, int], list[Decimal]] = defaultdict(lambda: [Decimal(0)] * 3)
    communes: dict[tuple[int | None, int], set[int]] = defaultdict(set)
    has_parts: set[tuple[int | None, int]] = set()
    for province_id, indicator_id, unit_id, value, numerator, denominator in rows.values_list(
        "org_unit__province_id", "indicator_id", "org_unit_id", "value", "numerator", "denominator"
    ).iterator(chunk_size=20000):
        key = (province_id, indicator_id)
        total = sums[key]
        total[0] += value
        if numerator is not None and denominator is not None:
            total[1] += numerator
            total[2] += denominator
            has_parts.add(key)
        communes[key].add(unit_id)
    return [
        (
            key[0],
            key[1],
            total[0],
            total[1] if key in has_parts else None,
            total[2] if key in has_parts else None,
            len(communes[key]),
        )
        for key, total in sums.items()
    ]


# --- the read interface of the dashboards and the open-data portal (docs/dashboards.md) -----


@dataclass(frozen=True)
class Unit:
    """An org unit as the pages name it and link to it."""

    key: str  # as the audit names it: "164@before_2025", or "19" for a unit that goes on
    code: str
    name: str
    level: str

    @classmethod
    def of(cls, row: OrgUnit) -> Unit:
        return cls(unit_key(row.code, row.structure), row.code, row.name, row.level)


@dataclass(frozen=True)
class Point:
    period: Period
    figure: Figure | None  # None: nothing approved for that period


@dataclass(frozen=True)
class Series:
    indicator: Indicator
    unit: Unit
    points: tuple[Point, ...]  # in the order of the periods asked for


@dataclass(frozen=True)
class Ranked:
    rank: int  # 1 for the best of its level, by the indicator's direction
    unit: Unit
    figure: Figure


@dataclass(frozen=True)
class Ranking:
    indicator: Indicator
    unit: Unit  # the unit whose units below are ranked
    period: Period
    rows: tuple[Ranked, ...]  # level by level (in the hierarchy's order), best first in each
    missing: tuple[Unit, ...]  # units below with no figure


@dataclass(frozen=True)
class FigureRow:
    indicator: Indicator
    unit: Unit
    period: Period
    figure: Figure


def cards_of(audience: Audience, org_unit: OrgUnit, period: Period) -> list[Card]:
    """A card for each indicator the audience may see (the dashboard shows the headline
    ones and counts the others by pillar): the unit's figure for the period, its change
    against the same period last year, its progress towards the targets."""
    last_year = same_period_last_year(period)
    analytics = rollup_analytics(start=last_year.start, end=period.end)
    key, territory = str(org_unit.pk), _same_territory([period])
    province = org_unit.province.code if org_unit.province else org_unit.code
    shown = indicators_for(audience, analytics.catalog)
    analytics.prefetch(
        [i.code for i in shown], [key], [period, last_year], same_territory=territory
    )
    cards = []
    for indicator in shown:
        national, provincial = targets_for(
            analytics.catalog.targets,
            indicator,
            unit=org_unit.code,
            province=province,
            year=period.year,
        )
        figure = analytics.figure(indicator.code, key, period, same_territory=territory)
        previous = analytics.figure(indicator.code, key, last_year, same_territory=territory)
        cards.append(card_of(indicator, figure, previous, national=national, provincial=provincial))
    analytics.keep()
    return cards


def series_of(
    audience: Audience, indicator: str, org_unit: OrgUnit, periods: Sequence[Period]
) -> Series:
    """The unit's figure for each period, for the territory of the latest period."""
    analytics = _analytics(periods)
    found = indicator_for(audience, analytics.catalog, indicator)
    territory, key = _same_territory(periods), str(org_unit.pk)
    analytics.prefetch([found.code], [key], periods, same_territory=territory)
    points = tuple(
        Point(p, analytics.figure(found.code, key, p, same_territory=territory)) for p in periods
    )
    analytics.keep()
    return Series(found, Unit.of(org_unit), points)


def ranking_of(audience: Audience, indicator: str, org_unit: OrgUnit, period: Period) -> Ranking:
    """The units right below ``org_unit`` during the period (departments, districts,
    communes), each level ranked by its figures, best first."""
    analytics = _analytics([period])
    found = indicator_for(audience, analytics.catalog, indicator)
    below = analytics.hierarchy.children(str(org_unit.pk), period)
    units = {str(row.pk): Unit.of(row) for row in OrgUnit.objects.filter(pk__in=_ids(below))}
    analytics.prefetch([found.code], [node.key for node in below], [period])
    rows: list[Ranked] = []
    levels = list(dict.fromkeys(node.level for node in below))
    for level in levels:
        keys = [node.key for node in below if node.level == level]
        ranked = analytics.ranking(found.code, keys, period)
        rows += [Ranked(n, units[f.unit], f) for n, f in enumerate(ranked, start=1)]
    analytics.keep()
    with_figure = {row.unit.key for row in rows}
    missing = tuple(units[n.key] for n in below if units[n.key].key not in with_figure)
    return Ranking(found, Unit.of(org_unit), period, tuple(rows), missing)


def figures_of(
    audience: Audience,
    indicators: Sequence[str],
    org_units: Sequence[OrgUnit],
    periods: Sequence[Period],
    *,
    same_territory: bool = False,
) -> list[FigureRow]:
    """The figure of every indicator, unit and period that has one, indicator by indicator,
    then unit by unit, then period by period: each for the unit as it was in the period
    (as it was reported), or with ``same_territory`` for the territory of the latest
    period, as a series compares them."""
    if not periods or not org_units:
        for code in indicators:  # an unknown or hidden code is refused all the same
            indicator_for(audience, catalog_get(), code)
        return []
    analytics = _analytics(periods)
    found = [indicator_for(audience, analytics.catalog, code) for code in indicators]
    territory = same_territory and _same_territory(periods)
    keys = [str(unit.pk) for unit in org_units]
    analytics.prefetch([i.code for i in found], keys, periods, same_territory=territory)
    named = [(str(unit.pk), Unit.of(unit)) for unit in org_units]
    rows = []
    for indicator in found:
        for key, unit in named:
            for period in periods:
                figure = analytics.figure(indicator.code, key, period, same_territory=territory)
                if figure is not None:
                    rows.append(FigureRow(indicator, unit, period, figure))
    analytics.keep()
    return rows


def _analytics(periods: Sequence[Period]) -> RollupAnalytics:
    if not periods:
        raise ValidationError("Cần ít nhất một kỳ / at least one period", field="period")
    start, end = periods_window(periods)
    return rollup_analytics(start=start, end=end)


def _same_territory(periods: Sequence[Period]) -> bool:
    """After the 2025 merger, earlier figures are taken for today's territory (as the
    report compares them)."""
    return max(p.start for p in periods) >= MERGER_DATE


def _ids(nodes: Sequence[OrgNode]) -> list[int]:
    return [int(node.key) for node in nodes]
