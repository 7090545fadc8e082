"""Synthetic demo values for Thái Nguyên, built around the reported figures so that all adds up.

The seed report gives province figures, mostly for the first half of 2024. The demo also
needs time series, comparisons between units and the structure after the merger of
1 July 2025; :func:`generate_demo_values` makes them, all with ``origin=SYNTHETIC``:

1. **District parts of reported figures** (``districts``).
2. **Monthly province series** (``series``, around the reported figures of ``anchors``).
3. **The merger** (``merger``).
4. **Monthly splits** of up to ``MAX_SPLIT_INDICATORS`` additive flow indicators (one of
   each of ``PREFERRED_PILLARS`` in turn, then the others): among the districts of 19 and
   of 06 up to 202506 and among the 92 new communes from 202507, all by largest remainder.
   Within a reported half-year each district's months also add up to its step-1 part.

A split whose key would clash with a reported value (a reported district figure) is
skipped whole. The units and their sizes are in ``geography``, largest remainder in
``apportion``, months as indexes in ``months`` and the seeded draws in ``randomness``.

Volume (46 months, six split indicators): with every indicator of
``data/catalog/catalog.yaml`` reported once (flows also for 2023S1), 17,400 values: 2,900
province months, 1,900 months of "06", 3,700 district and 8,800 commune values; the seed's
own figures give a little less. The small catalogue of the tests (10 indicators, 3 split)
gives 6,710. About 0.4 s.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Sequence
from decimal import Decimal

from chuyendoiso.engine.demo.anchors import Anchor, province_anchors
from chuyendoiso.engine.demo.apportion import largest_remainder, quantum_of, split_table
from chuyendoiso.engine.demo.districts import DistrictSplitter, district_parts, prime_ratio_parts
from chuyendoiso.engine.demo.geography import ADDED_PROVINCE, PROVINCE, Geography
from chuyendoiso.engine.demo.merger import territories
from chuyendoiso.engine.demo.months import MERGER_MONTH, month_end, month_id, month_index
from chuyendoiso.engine.demo.series import Point, Series, province_series
from chuyendoiso.engine.domain.adminunits import AdminStructures
from chuyendoiso.engine.domain.catalog import (
    Catalog,
    Indicator,
    OrgAggregation,
    TimeAggregation,
    ValueType,
)
from chuyendoiso.engine.domain.datavalues import DataValue, Origin, Qualifier
from chuyendoiso.engine.domain.errors import ValidationError
from chuyendoiso.engine.domain.periods import Calendar, parse_period

MAX_SPLIT_INDICATORS = 6
PREFERRED_PILLARS = ("CQS", "XHS", "KTS")  # citizen services make sense per commune
SOURCE = "chuyendoiso.engine.synthetic"  # stored in data values: keep
COMMENT = (
    "Số liệu giả lập cho bản trình diễn, không phải số liệu thật "
    "/ generated for the demo, not real data"
)

_Key = tuple[str, str, str, str]  # indicator, org unit, period id, category option


# --- output ---------------------------------------------------------------------------------


def _key(value: DataValue) -> _Key:
    period = parse_period(value.period, Calendar(value.calendar)).id
    return value.indicator, value.org_unit, period, value.category_option


class _Output:
    """The generated values; a group (the parts of one split) is added whole or not at all."""

    def __init__(self, reported: Sequence[DataValue]) -> None:
        self.values: list[DataValue] = []
        self.taken: set[_Key] = {_key(value) for value in reported}

    def add(self, group: Sequence[DataValue]) -> bool:
        keys = [_key(value) for value in group]
        if len(set(keys)) < len(keys) or any(key in self.taken for key in keys):
            return False
        self.taken.update(keys)
        self.values.extend(group)
        return True


def _value(
    code: str,
    org_unit: str,
    period: str,
    point: Point,
    *,
    like: DataValue | None = None,
    decimals: int = 0,
    scale: int = 1,
    reference_date: dt.date | None = None,
) -> DataValue:
    """A synthetic value; ``like`` lends its calendar, decimals, scale and reference date."""
    return DataValue(
        indicator=code,
        org_unit=org_unit,
        period=period,
        value=point.value,
        calendar=like.calendar if like else Calendar.CALENDAR.value,
        numerator=point.numerator,
        denominator=point.denominator,
        qualifier=Qualifier.EXACT,
        decimals=like.decimals if like else decimals,
        scale=like.scale if like else scale,
        reference_date=like.reference_date if like else reference_date,
        origin=Origin.SYNTHETIC,
        source=SOURCE,
        comment=COMMENT,
    )


def _monthly(series: Series, org_unit: str, month: int, point: Point) -> DataValue:
    return _value(
        series.indicator.code,
        org_unit,
        month_id(month),
        point,
        decimals=series.decimals,
        scale=series.scale,
        reference_date=month_end(month) if series.is_stock else None,
    )


# --- monthly splits -------------------------------------------------------------------------


def _split_indicators(catalog: Catalog, anchors: dict[str, list[Anchor]]) -> list[Indicator]:
    """Additive flows reported at "19": one of each preferred pillar in turn, then the others.

    Taking pillars in turn mixes, say, dossiers with cashless payments rather than showing
    six kinds of dossier.
    """
    eligible = [
        indicator
        for indicator in catalog.indicators
        if indicator.aggregation_org is OrgAggregation.SUM
        and indicator.aggregation_time is TimeAggregation.FLOW
        and indicator.value_type in (ValueType.COUNT, ValueType.AMOUNT)
        and anchors.get(indicator.code)
    ]
    queues = [[i for i in eligible if i.pillar == pillar] for pillar in PREFERRED_PILLARS]
    in_turn = [i for row in itertools.zip_longest(*queues) for i in row if i is not None]
    others = [i for i in eligible if i.pillar not in PREFERRED_PILLARS]
    return [*in_turn, *others][:MAX_SPLIT_INDICATORS]


def _monthly_splits(
    series: Series,
    province: dict[int, Point],
    added: dict[int, Point],
    geography: Geography,
    splitter: DistrictSplitter,
) -> list[list[DataValue]]:
    """Groups of unit values adding up to each month of "19" and "06" (step 4)."""
    code, seed = series.indicator.code, series.seed
    cells = _window_cells(series, province, splitter)
    groups: list[list[DataValue]] = []
    for month, point in province.items():
        units = geography.communes if month >= MERGER_MONTH else geography.districts[PROVINCE]
        parts = cells.get(month) or largest_remainder(
            point.value,
            geography.weights(seed, code, month_id(month), units),
            quantum_of([point.value]),
        )
        groups.append(
            [_monthly(series, u.code, month, Point(p)) for u, p in zip(units, parts, strict=True)]
        )
    for month, point in added.items():
        units = geography.districts[ADDED_PROVINCE]
        weights = geography.weights(seed, code, month_id(month), units)
        parts = largest_remainder(point.value, weights, quantum_of([point.value]))
        groups.append(
            [_monthly(series, u.code, month, Point(p)) for u, p in zip(units, parts, strict=True)]
        )
    return groups


def _window_cells(
    series: Series, province: dict[int, Point], splitter: DistrictSplitter
) -> dict[int, list[Decimal]]:
    """District parts of the months of a reported total, adding up to its district parts too."""
    amounts = [(a, a.value.value) for a in series.anchors]
    cells: dict[int, list[Decimal]] = {}
    for anchor, (first, last), total in series.windows(amounts, series.quantum):
        months = range(first, last + 1)
        rows = splitter.plain(series.indicator.code, anchor.period.id, total)
        columns = [province[m].value for m in months if m in province]
        if len(columns) == len(months) and sum(columns) == total:
            table = split_table(rows, columns, quantum_of([*rows, *columns]))
            cells.update(zip(months, table, strict=True))
    return cells


# --- the whole ------------------------------------------------------------------------------


def generate_demo_values(
    catalog: Catalog,
    reported: Sequence[DataValue],
    structures: AdminStructures,
    *,
    first_month: str = "202301",
    last_month: str = "202610",
    seed: int = 19,
) -> list[DataValue]:
    """Synthetic values around the reported figures of "19" (see the module docstring).

    ``structures`` is ``load_structures(["19"])``. Returns only new values, none with the
    key (indicator, org unit, period, category option) of a reported or another generated
    value.
    """
    months = _month_range(first_month, last_month)
    geography = Geography.build(structures)
    anchors = province_anchors(catalog, reported)
    splitter = DistrictSplitter(geography, seed)
    prime_ratio_parts(splitter, catalog, anchors)
    split_codes = {indicator.code for indicator in _split_indicators(catalog, anchors)}
    out = _Output(reported)
    for indicator in catalog.indicators:
        if indicator.code in anchors:
            series = Series(indicator, tuple(anchors[indicator.code]), months, seed)
            _add_reported_parts(out, series, splitter)
            _add_months(out, series, catalog, geography, splitter, indicator.code in split_codes)
    return out.values


def _month_range(first_month: str, last_month: str) -> range:
    months = range(
        month_index(first_month, "first_month"), month_index(last_month, "last_month") + 1
    )
    if not months:
        raise ValidationError(
            "Tháng đầu sau tháng cuối / first month after last month",
            first_month=first_month,
            last_month=last_month,
        )
    return months


def _add_reported_parts(out: _Output, series: Series, splitter: DistrictSplitter) -> None:
    """Step 1: the district parts of each reported figure."""
    code = series.indicator.code
    for anchor in series.anchors:
        parts = district_parts(splitter, series.indicator, anchor)
        if parts:
            units = splitter.units
            out.add(
                [
                    _value(code, unit.code, anchor.period.id, part, like=anchor.value)
                    for unit, part in zip(units, parts, strict=True)
                    if part is not None
                ]
            )


def _add_months(
    out: _Output,
    series: Series,
    catalog: Catalog,
    geography: Geography,
    splitter: DistrictSplitter,
    split: bool,
) -> None:
    """Steps 2 to 4: the months of "19" and "06" and, if ``split``, of their units."""
    province, added = territories(series, province_series(series, catalog))
    # Only months actually added are split, so that every split has its total.
    province = {m: p for m, p in province.items() if out.add([_monthly(series, PROVINCE, m, p)])}
    added = {m: p for m, p in added.items() if out.add([_monthly(series, ADDED_PROVINCE, m, p)])}
    if split:
        for group in _monthly_splits(series, province, added, geography, splitter):
            out.add(group)
