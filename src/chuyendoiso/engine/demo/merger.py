"""The merger of 1 July 2025: Bắc Kạn ("06") beside and then within Thái Nguyên ("19").

The added territory of Bắc Kạn counts a quarter of the old Thái Nguyên
(``ADDED_SHARE``): "06" gets 25% of the additive figures up to 202506, and "19" gets
125% from 202507 (exactly old 19 + its 06 share). Ratios add their parts, percentages
take the population-weighted mean, Bắc Kạn's being a little lower.
"""

from __future__ import annotations

from decimal import Decimal

from chuyendoiso.engine.demo.apportion import percent, quantize
from chuyendoiso.engine.demo.geography import ADDED_SHARE
from chuyendoiso.engine.demo.months import MERGER_MONTH
from chuyendoiso.engine.demo.series import Point, Series
from chuyendoiso.engine.domain.catalog import OrgAggregation
from chuyendoiso.engine.domain.datavalues import ratio_percent

_ADDED_RATE = 0.95  # Bắc Kạn's percentages, relative to Thái Nguyên's


def _added_point(series: Series, point: Point, quantum: Decimal) -> Point | None:
    """The old Bắc Kạn's figure beside Thái Nguyên's: a quarter, with slightly lower rates."""
    decimals = series.decimals
    if point.numerator is not None and point.denominator is not None:
        den = quantize(point.denominator * ADDED_SHARE, quantum)
        if den <= 0:
            return None
        share = float(point.numerator) / float(point.denominator) * _ADDED_RATE
        num = min(den, quantize(float(den) * share, quantum))
        return Point(ratio_percent(num, den, decimals), num, den)
    if series.is_percent:
        return Point(percent(float(point.value) / 100 * _ADDED_RATE, decimals))
    if series.indicator.aggregation_org is OrgAggregation.SUM:
        return Point(quantize(point.value * ADDED_SHARE, quantum))
    return None  # a figure that means something only for the unit that reported it


def _merged_point(series: Series, old: Point, added: Point | None) -> Point:
    """The new province: both territories together."""
    if added is None:
        return old
    if old.numerator is not None and old.denominator is not None:
        assert added.numerator is not None and added.denominator is not None
        num, den = old.numerator + added.numerator, old.denominator + added.denominator
        return Point(ratio_percent(num, den, series.decimals), num, den)
    if series.is_percent:  # weighted by population, 1 : ADDED_SHARE
        mean = (old.value + added.value * ADDED_SHARE) / (1 + ADDED_SHARE)
        return Point(quantize(mean, Decimal(1).scaleb(-series.decimals)))
    return Point(old.value + added.value)


def territories(series: Series, old: dict[int, Point]) -> tuple[dict[int, Point], dict[int, Point]]:
    """Monthly figures of "19" (old territory, then merged) and of "06" (until the merger)."""
    quantum = series.quantum
    province: dict[int, Point] = {}
    added_province: dict[int, Point] = {}
    for month, point in old.items():
        added = _added_point(series, point, quantum)
        if month >= MERGER_MONTH:
            province[month] = _merged_point(series, point, added)
            continue
        province[month] = point
        if added is not None:
            added_province[month] = added
    for month in series.blocked:
        province.pop(month, None)
    return province, added_province
