"""Monthly province series of the old Thái Nguyên, around the reported figures.

Calendar months ``first_month``..``last_month``, for every indicator reported at "19":
flows and rates follow the levels of the reported figures (linear between them, compound
growth beyond, a seasonal dip at Tết, some noise) and the months of a reported half-year
(any whole-month period) add up exactly to it; stocks run smoothly through the reported
value in the month of its date; percentages follow a logistic path through the reported
values; ratios get a numerator and a denominator (numerator <= denominator) and the
percentage from them. Months reported at "19" are not generated.

Limits: exact sums hold for figures before the merger; a reported figure after it only
sets a level (brought back to the old territory). A whole-month total constrains its
months only if it lies within the generated months, holds no reported month and overlaps
no shorter such total; ND09 totals and date ranges only set levels. The monthly series of
different indicators are independent (a numerator indicator's months are not bounded by
its denominator's).
"""

from __future__ import annotations

import itertools
import math
import random
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from chuyendoiso.engine.demo.anchors import Anchor, Window
from chuyendoiso.engine.demo.apportion import largest_remainder, percent, quantize, quantum_of
from chuyendoiso.engine.demo.geography import ADDED_SHARE
from chuyendoiso.engine.demo.months import MERGER_MONTH, index_of
from chuyendoiso.engine.demo.randomness import between, rng_for
from chuyendoiso.engine.domain.catalog import (
    Catalog,
    Direction,
    Indicator,
    OrgAggregation,
    TimeAggregation,
    ValueType,
)
from chuyendoiso.engine.domain.datavalues import ratio_percent
from chuyendoiso.engine.domain.periods import PeriodType

# Activity by calendar month: Tết falls in January or February; offices close the year busy.
_SEASON = (0.95, 0.8, 1.0, 1.0, 1.0, 1.0, 0.95, 0.95, 1.0, 1.05, 1.05, 1.2)
# Yearly growth of levels by direction: (flows and rates, stocks).
_GROWTH = {
    Direction.UP: ((0.05, 0.15), (0.04, 0.12)),
    Direction.DOWN: ((-0.15, -0.05), (-0.20, -0.08)),
    Direction.NONE: ((-0.03, 0.08), (0.005, 0.02)),
}
# Yearly change of a percentage on the logit scale, by direction.
_LOGIT_SLOPE = {
    Direction.UP: (0.15, 0.45),
    Direction.DOWN: (-0.45, -0.15),
    Direction.NONE: (-0.05, 0.05),
}


@dataclass(frozen=True)
class Point:
    """One generated figure: a value and, for a ratio, its parts."""

    value: Decimal
    numerator: Decimal | None = None
    denominator: Decimal | None = None


def _interpolate(
    points: Sequence[tuple[float, float]], t: float, extend: Callable[[float, float], float]
) -> float:
    """Linear between the points; outside, ``extend(value at the nearest end, months beyond)``."""
    (first_t, first_v), (last_t, last_v) = points[0], points[-1]
    if t <= first_t:
        return extend(first_v, t - first_t)
    if t >= last_t:
        return extend(last_v, t - last_t)
    for (t0, v0), (t1, v1) in itertools.pairwise(points):
        if t0 <= t <= t1:
            return v0 + (v1 - v0) * (t - t0) / (t1 - t0)
    raise AssertionError("points are not sorted")


def _points(pairs: Iterable[tuple[float, float]]) -> list[tuple[float, float]]:
    """Sorted by time; values at the same time are averaged."""
    grouped: dict[float, list[float]] = {}
    for t, value in sorted(pairs):
        grouped.setdefault(t, []).append(value)
    return [(t, sum(values) / len(values)) for t, values in grouped.items()]


def _logit(share: float) -> float:
    share = min(max(share, 0.005), 0.995)  # 0% and 100% have no logit: aim just inside
    return math.log(share / (1 - share))


def _sigmoid(x: float) -> float:
    return 1 / (1 + math.exp(-x))


@dataclass(frozen=True)
class Series:
    """What the monthly series of one indicator at "19" is made from."""

    indicator: Indicator
    anchors: tuple[Anchor, ...]  # oldest first
    months: range
    seed: int

    @property
    def blocked(self) -> frozenset[int]:
        """Months reported at "19" (in any calendar: the id is taken): not generated."""
        return frozenset(
            index_of(a.period.end) for a in self.anchors if a.period.type is PeriodType.MONTH
        )

    @property
    def is_stock(self) -> bool:
        return self.indicator.aggregation_time is TimeAggregation.STOCK

    @property
    def per_month(self) -> bool:
        return self.indicator.aggregation_time is TimeAggregation.RATE_PER_MONTH

    @property
    def is_percent(self) -> bool:
        return self.indicator.value_type in (ValueType.PERCENT, ValueType.RATIO)

    @property
    def quantum(self) -> Decimal:
        """The step of the generated amounts: that of the reported amounts (parts for ratios)."""
        if self.indicator.value_type is ValueType.RATIO:
            return quantum_of(x for a in self.anchors if (parts := a.parts) for x in parts)
        return quantum_of(a.value.value for a in self.anchors)

    @property
    def decimals(self) -> int:
        return self.anchors[-1].value.decimals

    @property
    def scale(self) -> int:
        return self.anchors[-1].value.scale

    def rng(self, purpose: str) -> random.Random:
        return rng_for(self.seed, purpose, self.indicator.code)

    def growth(self, rng: random.Random, direction: Direction) -> Callable[[float, float], float]:
        yearly = between(rng, _GROWTH[direction][1 if self.is_stock else 0])
        return lambda value, months: value * (1 + yearly) ** (months / 12)

    def windows(
        self, amounts: Sequence[tuple[Anchor, Decimal]], quantum: Decimal
    ) -> list[tuple[Anchor, Window, Decimal]]:
        """Reported totals the months must add up to, shortest first, without overlaps."""
        if self.is_stock:
            return []
        candidates = []
        for anchor, amount in amounts:
            if (window := anchor.window) is not None:
                total = amount * (window[1] - window[0] + 1) if self.per_month else amount
                candidates.append((window[1] - window[0], window, total, anchor))
        taken: list[tuple[Anchor, Window, Decimal]] = []
        for _, (first, last), total, anchor in sorted(candidates, key=lambda c: c[:3]):
            months = range(first, last + 1)
            if (
                first >= self.months.start
                and last < min(self.months.stop, MERGER_MONTH)
                and not self.blocked.intersection(months)
                and not any(
                    first <= t_last and t_first <= last for _, (t_first, t_last), _ in taken
                )
                and total % quantum == 0
            ):
                taken.append((anchor, (first, last), total))
        return taken


def _old_territory(series: Series, anchor: Anchor, amount: Decimal, quantum: Decimal) -> Decimal:
    """A figure of the merged province, brought back to the old Thái Nguyên."""
    if anchor.before_merger or series.indicator.aggregation_org is OrgAggregation.NONE:
        return amount
    return quantize(amount / (1 + ADDED_SHARE), quantum)


def _levels(
    series: Series,
    amounts: Sequence[tuple[Anchor, Decimal]],
    quantum: Decimal,
    purpose: str,
    direction: Direction,
) -> dict[int, Decimal]:
    """Monthly amounts of the old Thái Nguyên following the reported amounts."""
    rng = series.rng(purpose)
    growth = series.growth(rng, direction)
    amounts = [(a, _old_territory(series, a, amount, quantum)) for a, amount in amounts]
    if series.is_stock:
        return _stock_path(series, amounts, quantum, growth)
    return _flow_path(series, amounts, quantum, growth, rng)


def _stock_path(
    series: Series,
    amounts: Sequence[tuple[Anchor, Decimal]],
    quantum: Decimal,
    growth: Callable[[float, float], float],
) -> dict[int, Decimal]:
    """Month-end values through each reported value in the month of its date (the latest wins)."""
    fixed = {index_of(anchor.as_of): amount for anchor, amount in amounts}
    points = _points((month + 0.5, float(amount)) for month, amount in fixed.items())
    path = {m: quantize(_interpolate(points, m + 0.5, growth), quantum) for m in series.months}
    path.update({m: amount for m, amount in fixed.items() if m in path})
    return path


def _flow_path(
    series: Series,
    amounts: Sequence[tuple[Anchor, Decimal]],
    quantum: Decimal,
    growth: Callable[[float, float], float],
    rng: random.Random,
) -> dict[int, Decimal]:
    """Monthly amounts at the reported monthly levels; reported whole-month totals exact."""
    levels = _points(
        (a.centre, float(amount) if series.per_month else float(amount) / a.months)
        for a, amount in amounts
    )
    shape = {
        m: _interpolate(levels, m + 0.5, growth) * _SEASON[m % 12] * between(rng, (0.95, 1.05))
        for m in series.months
    }
    path = {m: quantize(level, quantum) for m, level in shape.items()}
    for _, (first, last), total in series.windows(amounts, quantum):
        months = range(first, last + 1)
        parts = largest_remainder(total, [shape[m] for m in months], quantum)
        path.update(zip(months, parts, strict=True))
    return path


def _percent_path(series: Series) -> dict[int, float]:
    """Shares (0..1) on a logistic path through the reported percentages."""
    rng = series.rng("percent")
    slope = between(rng, _LOGIT_SLOPE[series.indicator.direction])
    points = _points(
        (
            index_of(a.as_of) + 0.5 if series.is_stock else a.centre,
            _logit(float(a.value.value) / 100),
        )
        for a in series.anchors
    )
    noise = 0.0 if series.is_stock else 0.05  # stocks move smoothly
    return {
        m: _sigmoid(
            _interpolate(points, m + 0.5, lambda x, months: x + slope * months / 12)
            + noise * (2 * rng.random() - 1)
        )
        for m in series.months
    }


def _percent_series(series: Series) -> dict[int, Point]:
    """Percentages without parts; a stock is exact in the month of each reported value."""
    shares = _percent_path(series)
    path = {m: Point(percent(share, series.decimals)) for m, share in shares.items()}
    if series.is_stock:
        for anchor in series.anchors:
            if (month := index_of(anchor.as_of)) in path:
                path[month] = Point(anchor.value.value)
    return path


def _ratio_series(series: Series, catalog: Catalog) -> dict[int, Point]:
    """Numerator, denominator and percentage; without reported parts, the percentage only."""
    with_parts = [(a, parts) for a in series.anchors if (parts := a.parts) is not None]
    if not with_parts:
        return _percent_series(series)
    quantum = series.quantum
    direction = _part_direction(catalog, series.indicator.denominator)
    dens = _levels(
        series, [(a, den) for a, (_, den) in with_parts], quantum, "denominator", direction
    )
    nums = _numerators(series, [(a, num) for a, (num, _) in with_parts], dens, quantum)
    return {
        m: Point(ratio_percent(nums[m], dens[m], series.decimals), nums[m], dens[m])
        for m in series.months
        if dens[m] > 0
    }


def _part_direction(catalog: Catalog, code: str) -> Direction:
    """A denominator grows as its own indicator does; an unknown one as a total would."""
    try:
        return catalog.indicator(code).direction
    except KeyError:
        return Direction.NONE


def _numerators(
    series: Series,
    amounts: Sequence[tuple[Anchor, Decimal]],
    dens: dict[int, Decimal],
    quantum: Decimal,
) -> dict[int, Decimal]:
    """den x the percentage path, never above den; the reported numerators kept exact."""
    shares = _percent_path(series)
    nums = {m: min(dens[m], quantize(float(dens[m]) * shares[m], quantum)) for m in series.months}
    if series.is_stock:  # the denominators are exact in these months too
        for anchor, num in amounts:
            if (m := index_of(anchor.as_of)) in nums:
                nums[m] = min(dens[m], _old_territory(series, anchor, num, quantum))
    for _, (first, last), total in series.windows(amounts, quantum):
        months = range(first, last + 1)
        weights = [float(dens[m]) * shares[m] for m in months]
        caps = [dens[m] for m in months]
        nums.update(zip(months, largest_remainder(total, weights, quantum, caps), strict=True))
    return nums


def province_series(series: Series, catalog: Catalog) -> dict[int, Point]:
    """The monthly series of the old Thái Nguyên (as if there were no merger)."""
    if series.indicator.value_type is ValueType.RATIO:
        return _ratio_series(series, catalog)
    if series.indicator.value_type is ValueType.PERCENT:
        return _percent_series(series)
    amounts = [(a, a.value.value) for a in series.anchors]
    levels = _levels(series, amounts, series.quantum, "level", series.indicator.direction)
    return {m: Point(amount) for m, amount in levels.items()}
