"""Reads of the analytics over the database.

For one org unit and a time window, ``analytics_for`` builds the engine's analytics
(engine.analytics walks the unit's hierarchy in Python). For a country-wide table (a
pillar's indicators for every province) ``pillar_by_province`` pushes the sums down to the
database: PostgreSQL sums ``numeric`` exactly; SQLite stores figures as text, so there the
rows are summed in Python with Decimal.

``analytics_latest`` keeps the last few built analytics in the process for as long as
nothing is written (the audit trail's latest row): the fact-check page builds the same
ones for every document checked against the same unit and periods.
"""

from __future__ import annotations

import datetime as dt
import threading
import time
from collections import OrderedDict, defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.db import connection
from django.db.models import Count, Max, Q, QuerySet, Sum

from chuyendoiso.audit.models import AuditEntry
from chuyendoiso.catalog.models import Indicator
from chuyendoiso.catalog.selectors import catalog_get
from chuyendoiso.datavalues.convert import values_read_skipping
from chuyendoiso.datavalues.models import DataValue
from chuyendoiso.engine.analytics import Analytics, Facts, Hierarchy, OrgNode, observation_of
from chuyendoiso.engine.domain.catalog import OrgAggregation, TimeAggregation
from chuyendoiso.engine.domain.datavalues import Status, ratio_percent
from chuyendoiso.engine.domain.periods import Period, PeriodType
from chuyendoiso.orgunits.models import OrgUnit, OrgUnitMapping


def hierarchy_get() -> Hierarchy:
    units = {
        str(row.pk): OrgNode(
            key=str(row.pk),
            code=row.code,
            name=row.name,
            level=row.level,
            parent=str(row.parent_id) if row.parent_id else None,
            valid_from=row.valid_from,
            valid_to=row.valid_to,
        )
        for row in OrgUnit.objects.all()
    }
    predecessors: dict[str, list[str]] = {}
    for old_id, new_id in OrgUnitMapping.objects.filter(is_primary=True).values_list(
        "old_id", "new_id"
    ):
        predecessors.setdefault(str(new_id), []).append(str(old_id))
    return Hierarchy(units=units, predecessors=predecessors)


def analytics_for(unit: OrgUnit, *, start: dt.date, end: dt.date) -> Analytics:
    """Analytics over the values of ``unit``, everything below it and the units merged into
    it, for periods inside [start, end]."""
    hierarchy = hierarchy_get()
    roots = [unit.pk, *_merged_into(unit)]
    paths = OrgUnit.objects.filter(pk__in=roots).values_list("path", flat=True)
    in_tree = Q()
    for path in paths:
        in_tree |= Q(org_unit__path__startswith=path)
    rows = DataValue.objects.filter(
        in_tree,
        status=Status.APPROVED.value,
        category_option__isnull=True,
        start_date__gte=start,
        end_date__lte=end,
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
        Indicator.objects.filter(pillar__code=pillar)
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
