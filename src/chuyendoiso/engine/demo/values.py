"""Synthetic demo values for Thái Nguyên, built around the reported figures so that all adds up.

The seed report gives province figures, mostly for the first half of 2024. The demo also
needs time series, comparisons between units and the structure after the merger of
1 July 2025; :func:`generate_demo_values` makes them, all with ``origin=SYNTHETIC``:

1. **District parts of reported figures.** Every reported province figure (before the
   merger, no disaggregation) of an additive indicator is split among the 9 old districts
   of Thái Nguyên by largest remainder, so the parts add up exactly. A ratio reported with
   its parts has its denominator split, then its numerator split under it (no district
   above 100%); an indicator reported with the same figure as a ratio's numerator or
   denominator gets the very same parts.
2. **Monthly province series** (calendar months ``first_month``..``last_month``) for every
   indicator reported at "19": flows and rates follow the levels of the reported figures
   (linear between them, compound growth beyond, a seasonal dip at Tết, some noise) and
   the months of a reported half-year (any whole-month period) add up exactly to it;
   stocks run smoothly through the reported value in the month of its date; percentages
   follow a logistic path through the reported values; ratios get a numerator and a
   denominator (numerator <= denominator) and the percentage from them. Months reported
   at "19" are not generated.
3. **The merger.** The added territory of Bắc Kạn counts a quarter of the old Thái Nguyên
   (``ADDED_SHARE``): "06" gets 25% of the additive figures up to 202506, and "19" gets
   125% from 202507 (exactly old 19 + its 06 share). Ratios add their parts, percentages
   take the population-weighted mean, Bắc Kạn's being a little lower.
4. **Monthly splits** of up to ``MAX_SPLIT_INDICATORS`` additive flow indicators (one of
   each of ``PREFERRED_PILLARS`` in turn, then the others): among the districts of 19 and
   of 06 up to 202506 and among the 92 new communes from 202507, all by largest remainder.
   Within a reported half-year each district's months also add up to its step-1 part.

Unit shares: each unit has a size (the provincial city 3, other cities and towns 1.3,
wards 1.8, the communes of the old Bắc Kạn together a quarter of the old 19's) times
0.5..1.5 drawn once per indicator (a stable map) and 0.9..1.1 per period. A split whose
key would clash with a reported value (a reported district figure) is skipped whole.

Volume (46 months, six split indicators): with every indicator of
``data/catalog/catalog.yaml`` reported once (flows also for 2023S1), 17,400 values: 2,900
province months, 1,900 months of "06", 3,700 district and 8,800 commune values; the seed's
own figures give a little less. The small catalogue of the tests (10 indicators, 3 split)
gives 6,710. About 0.4 s.

Determinism: every random draw comes from ``random.Random`` seeded with a hash of
(seed, purpose, indicator, unit or period); indicators go in catalogue order, units and
months in code order; nothing depends on the order of ``reported`` or of a set.

Limits: exact sums hold for figures before the merger; a reported figure after it only
sets a level (brought back to the old territory). A whole-month total constrains its
months only if it lies within the generated months, holds no reported month and overlaps
no shorter such total; ND09 totals and date ranges only set levels. A flow stated for a
single day is read as counted from 1 January. The monthly series of different indicators
are independent (a numerator indicator's months are not bounded by its denominator's).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import itertools
import math
import random
from calendar import monthrange
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

from chuyendoiso.engine.domain.adminunits import (
    MERGER_DATE,
    AdminStructures,
    AdminUnit,
    Level,
    Structure,
)
from chuyendoiso.engine.domain.catalog import (
    Catalog,
    Direction,
    Indicator,
    OrgAggregation,
    TimeAggregation,
    ValueType,
)
from chuyendoiso.engine.domain.datavalues import DataValue, Origin, Qualifier, ratio_percent
from chuyendoiso.engine.domain.errors import ValidationError
from chuyendoiso.engine.domain.periods import Calendar, Period, PeriodType, parse_period

PROVINCE = "19"  # Thái Nguyên, before and after the merger
ADDED_PROVINCE = "06"  # Bắc Kạn, merged into 19 on 1 July 2025
ADDED_SHARE = Decimal("0.25")  # Bắc Kạn has about a quarter of the old Thái Nguyên's people
MAX_SPLIT_INDICATORS = 6
PREFERRED_PILLARS = ("CQS", "XHS", "KTS")  # citizen services make sense per commune
SOURCE = "chuyendoiso.engine.synthetic"  # stored in data values: keep
COMMENT = (
    "Số liệu giả lập cho bản trình diễn, không phải số liệu thật "
    "/ generated for the demo, not real data"
)

_MERGER_MONTH = MERGER_DATE.year * 12 + MERGER_DATE.month - 1
_DAYS_PER_MONTH = 365.25 / 12
_ADDED_RATE = 0.95  # Bắc Kạn's percentages, relative to Thái Nguyên's
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
_WHOLE_MONTHS = (PeriodType.YEAR, PeriodType.HALF, PeriodType.QUARTER, PeriodType.MONTH)

_Key = tuple[str, str, str, str]  # indicator, org unit, period id, category option
_Window = tuple[int, int]  # first and last month index, inclusive


@dataclass(frozen=True)
class _Point:
    """One generated figure: a value and, for a ratio, its parts."""

    value: Decimal
    numerator: Decimal | None = None
    denominator: Decimal | None = None


# --- randomness, months, arithmetic ---------------------------------------------------------


def _rng(seed: int, *key: str) -> random.Random:
    """A generator of its own for each purpose, so no draw depends on another's order."""
    digest = hashlib.sha256("|".join([str(seed), *key]).encode()).digest()
    return random.Random(int.from_bytes(digest[:8], "big"))


def _between(rng: random.Random, bounds: tuple[float, float]) -> float:
    low, high = bounds
    return low + (high - low) * rng.random()


def _index_of(day: dt.date) -> int:
    return day.year * 12 + day.month - 1


def _month_id(index: int) -> str:
    return f"{index // 12:04d}{index % 12 + 1:02d}"


def _month_end(index: int) -> dt.date:
    year, month = index // 12, index % 12 + 1
    return dt.date(year, month, monthrange(year, month)[1])


def _time_of(day: dt.date) -> float:
    """Months as a continuous scale: month index m covers [m, m + 1)."""
    return _index_of(day) + (day.day - 0.5) / monthrange(day.year, day.month)[1]


def _month_index(text: str, field: str) -> int:
    period = parse_period(text)
    if period.type is not PeriodType.MONTH:
        raise ValidationError("Cần một tháng / a month is expected", field=field, value=text)
    return _index_of(period.start)


def _places(amount: Decimal) -> int:
    exponent = amount.normalize().as_tuple().exponent
    return max(0, -exponent) if isinstance(exponent, int) else 0


def _quantum(amounts: Iterable[Decimal]) -> Decimal:
    """The finest step among the amounts, at most 1: whole amounts give whole parts."""
    return Decimal(1).scaleb(-max((_places(amount) for amount in amounts), default=0))


def _quantize(amount: float | Decimal, quantum: Decimal) -> Decimal:
    exact = amount if isinstance(amount, Decimal) else Decimal(amount)
    return exact.quantize(quantum, rounding=ROUND_HALF_UP)


def _percent(share: float, decimals: int) -> Decimal:
    return _quantize(share * 100, Decimal(1).scaleb(-decimals))


def largest_remainder(
    total: Decimal,
    weights: Sequence[float | Decimal],
    quantum: Decimal,
    caps: Sequence[Decimal] | None = None,
) -> list[Decimal]:
    """Parts of ``total`` in proportion to ``weights``, multiples of ``quantum``, adding up exactly.

    Each part gets the whole units of its quota; the units left go to the largest
    remainders (ties to the earlier part). With ``caps`` no part exceeds its cap: a quota
    above its cap is held at the cap and the rest shared again among the others.
    """
    units = total / quantum
    if total < 0 or units != units.to_integral_value():
        raise ValueError(f"{total} is not a non-negative multiple of {quantum}")
    cap_units = None if caps is None else [int(cap // quantum) for cap in caps]
    quotas = _quotas(int(units), [Fraction(weight) for weight in weights], cap_units)
    parts = [math.floor(quota) for quota in quotas]
    left = int(units) - sum(parts)
    by_remainder = sorted(range(len(parts)), key=lambda i: (parts[i] - quotas[i], i))
    for i in by_remainder[:left]:
        parts[i] += 1
    return [quantum * part for part in parts]


def _quotas(units: int, weights: list[Fraction], caps: list[int] | None) -> list[Fraction]:
    if not weights or (caps is not None and sum(caps) < units):
        raise ValueError(f"{units} units do not fit the parts")
    held: dict[int, Fraction] = {}
    while True:
        free = [i for i in range(len(weights)) if i not in held]
        rest = units - sum(held.values())
        if not free:
            return [held[i] for i in range(len(weights))]
        weight = sum((weights[i] for i in free), Fraction(0))
        quota = {
            i: rest * (weights[i] / weight if weight else Fraction(1, len(free))) for i in free
        }
        over = [i for i in free if caps is not None and quota[i] > caps[i]]
        if not over:
            return [held.get(i, quota.get(i, Fraction(0))) for i in range(len(weights))]
        held.update({i: Fraction(caps[i]) for i in over if caps is not None})


def _split_table(
    rows: Sequence[Decimal], columns: Sequence[Decimal], quantum: Decimal
) -> list[list[Decimal]]:
    """cells[column][row], adding up to both margins (which must have the same total).

    Column by column, in proportion to what each row has still to receive and capped by
    it, so the last column takes exactly what is left.
    """
    remaining = list(rows)
    cells: list[list[Decimal]] = []
    for total in columns:
        parts = largest_remainder(total, remaining, quantum, caps=remaining)
        remaining = [left - part for left, part in zip(remaining, parts, strict=True)]
        cells.append(parts)
    return cells


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


# --- the reported figures -------------------------------------------------------------------


@dataclass(frozen=True)
class _Anchor:
    """A reported province figure, as a point the series must follow."""

    value: DataValue
    period: Period

    @property
    def as_of(self) -> dt.date:
        return self.value.reference_date or self.period.end

    @property
    def before_merger(self) -> bool:
        return self.as_of < MERGER_DATE

    @property
    def span(self) -> tuple[dt.date, dt.date]:
        if self.period.type is PeriodType.DAY:  # a flow "as of" a day: since 1 January
            return dt.date(self.period.end.year, 1, 1), self.period.end
        return self.period.start, self.period.end

    @property
    def centre(self) -> float:
        start, end = self.span
        return (_time_of(start) + _time_of(end)) / 2

    @property
    def months(self) -> float:
        start, end = self.span
        return ((end - start).days + 1) / _DAYS_PER_MONTH

    @property
    def window(self) -> _Window | None:
        """The calendar months the figure covers exactly, if it covers whole months."""
        if self.period.calendar is not Calendar.CALENDAR or self.period.type not in _WHOLE_MONTHS:
            return None
        return _index_of(self.period.start), _index_of(self.period.end)

    @property
    def parts(self) -> tuple[Decimal, Decimal] | None:
        num, den = self.value.numerator, self.value.denominator
        if num is None or den is None or den <= 0 or not 0 <= num <= den:
            return None
        return num, den


def _province_anchors(catalog: Catalog, reported: Sequence[DataValue]) -> dict[str, list[_Anchor]]:
    """The reported totals at "19" of each catalogue indicator, oldest first."""
    codes = {indicator.code for indicator in catalog.indicators}
    found: dict[str, list[_Anchor]] = {}
    for value in reported:
        if (
            value.org_unit == PROVINCE
            and not value.category_option
            and value.origin is not Origin.SYNTHETIC
            and value.indicator in codes
            and value.value >= 0
        ):
            period = parse_period(value.period, Calendar(value.calendar))
            found.setdefault(value.indicator, []).append(_Anchor(value, period))
    for anchors in found.values():
        anchors.sort(key=lambda a: (a.as_of, a.period.start, a.period.id, a.value.value))
    return found


def _key(value: DataValue) -> _Key:
    period = parse_period(value.period, Calendar(value.calendar)).id
    return value.indicator, value.org_unit, period, value.category_option


# --- province series ------------------------------------------------------------------------


@dataclass(frozen=True)
class _Series:
    """What the monthly series of one indicator at "19" is made from."""

    indicator: Indicator
    anchors: tuple[_Anchor, ...]  # oldest first
    months: range
    seed: int

    @property
    def blocked(self) -> frozenset[int]:
        """Months reported at "19" (in any calendar: the id is taken): not generated."""
        return frozenset(
            _index_of(a.period.end) for a in self.anchors if a.period.type is PeriodType.MONTH
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
            return _quantum(x for a in self.anchors if (parts := a.parts) for x in parts)
        return _quantum(a.value.value for a in self.anchors)

    @property
    def decimals(self) -> int:
        return self.anchors[-1].value.decimals

    @property
    def scale(self) -> int:
        return self.anchors[-1].value.scale

    def rng(self, purpose: str) -> random.Random:
        return _rng(self.seed, purpose, self.indicator.code)

    def growth(self, rng: random.Random, direction: Direction) -> Callable[[float, float], float]:
        yearly = _between(rng, _GROWTH[direction][1 if self.is_stock else 0])
        return lambda value, months: value * (1 + yearly) ** (months / 12)

    def windows(
        self, amounts: Sequence[tuple[_Anchor, Decimal]], quantum: Decimal
    ) -> list[tuple[_Anchor, _Window, Decimal]]:
        """Reported totals the months must add up to, shortest first, without overlaps."""
        if self.is_stock:
            return []
        candidates = []
        for anchor, amount in amounts:
            if (window := anchor.window) is not None:
                total = amount * (window[1] - window[0] + 1) if self.per_month else amount
                candidates.append((window[1] - window[0], window, total, anchor))
        taken: list[tuple[_Anchor, _Window, Decimal]] = []
        for _, (first, last), total, anchor in sorted(candidates, key=lambda c: c[:3]):
            months = range(first, last + 1)
            if (
                first >= self.months.start
                and last < min(self.months.stop, _MERGER_MONTH)
                and not self.blocked.intersection(months)
                and not any(
                    first <= t_last and t_first <= last for _, (t_first, t_last), _ in taken
                )
                and total % quantum == 0
            ):
                taken.append((anchor, (first, last), total))
        return taken


def _old_territory(series: _Series, anchor: _Anchor, amount: Decimal, quantum: Decimal) -> Decimal:
    """A figure of the merged province, brought back to the old Thái Nguyên."""
    if anchor.before_merger or series.indicator.aggregation_org is OrgAggregation.NONE:
        return amount
    return _quantize(amount / (1 + ADDED_SHARE), quantum)


def _levels(
    series: _Series,
    amounts: Sequence[tuple[_Anchor, Decimal]],
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
    series: _Series,
    amounts: Sequence[tuple[_Anchor, Decimal]],
    quantum: Decimal,
    growth: Callable[[float, float], float],
) -> dict[int, Decimal]:
    """Month-end values through each reported value in the month of its date (the latest wins)."""
    fixed = {_index_of(anchor.as_of): amount for anchor, amount in amounts}
    points = _points((month + 0.5, float(amount)) for month, amount in fixed.items())
    path = {m: _quantize(_interpolate(points, m + 0.5, growth), quantum) for m in series.months}
    path.update({m: amount for m, amount in fixed.items() if m in path})
    return path


def _flow_path(
    series: _Series,
    amounts: Sequence[tuple[_Anchor, Decimal]],
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
        m: _interpolate(levels, m + 0.5, growth) * _SEASON[m % 12] * _between(rng, (0.95, 1.05))
        for m in series.months
    }
    path = {m: _quantize(level, quantum) for m, level in shape.items()}
    for _, (first, last), total in series.windows(amounts, quantum):
        months = range(first, last + 1)
        parts = largest_remainder(total, [shape[m] for m in months], quantum)
        path.update(zip(months, parts, strict=True))
    return path


def _percent_path(series: _Series) -> dict[int, float]:
    """Shares (0..1) on a logistic path through the reported percentages."""
    rng = series.rng("percent")
    slope = _between(rng, _LOGIT_SLOPE[series.indicator.direction])
    points = _points(
        (
            _index_of(a.as_of) + 0.5 if series.is_stock else a.centre,
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


def _percent_series(series: _Series) -> dict[int, _Point]:
    """Percentages without parts; a stock is exact in the month of each reported value."""
    shares = _percent_path(series)
    path = {m: _Point(_percent(share, series.decimals)) for m, share in shares.items()}
    if series.is_stock:
        for anchor in series.anchors:
            if (month := _index_of(anchor.as_of)) in path:
                path[month] = _Point(anchor.value.value)
    return path


def _ratio_series(series: _Series, catalog: Catalog) -> dict[int, _Point]:
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
        m: _Point(ratio_percent(nums[m], dens[m], series.decimals), nums[m], dens[m])
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
    series: _Series,
    amounts: Sequence[tuple[_Anchor, Decimal]],
    dens: dict[int, Decimal],
    quantum: Decimal,
) -> dict[int, Decimal]:
    """den x the percentage path, never above den; the reported numerators kept exact."""
    shares = _percent_path(series)
    nums = {m: min(dens[m], _quantize(float(dens[m]) * shares[m], quantum)) for m in series.months}
    if series.is_stock:  # the denominators are exact in these months too
        for anchor, num in amounts:
            if (m := _index_of(anchor.as_of)) in nums:
                nums[m] = min(dens[m], _old_territory(series, anchor, num, quantum))
    for _, (first, last), total in series.windows(amounts, quantum):
        months = range(first, last + 1)
        weights = [float(dens[m]) * shares[m] for m in months]
        caps = [dens[m] for m in months]
        nums.update(zip(months, largest_remainder(total, weights, quantum, caps), strict=True))
    return nums


def _province_series(series: _Series, catalog: Catalog) -> dict[int, _Point]:
    """The monthly series of the old Thái Nguyên (as if there were no merger)."""
    if series.indicator.value_type is ValueType.RATIO:
        return _ratio_series(series, catalog)
    if series.indicator.value_type is ValueType.PERCENT:
        return _percent_series(series)
    amounts = [(a, a.value.value) for a in series.anchors]
    levels = _levels(series, amounts, series.quantum, "level", series.indicator.direction)
    return {m: _Point(amount) for m, amount in levels.items()}


# --- the merger -----------------------------------------------------------------------------


def _added_point(series: _Series, point: _Point, quantum: Decimal) -> _Point | None:
    """The old Bắc Kạn's figure beside Thái Nguyên's: a quarter, with slightly lower rates."""
    decimals = series.decimals
    if point.numerator is not None and point.denominator is not None:
        den = _quantize(point.denominator * ADDED_SHARE, quantum)
        if den <= 0:
            return None
        share = float(point.numerator) / float(point.denominator) * _ADDED_RATE
        num = min(den, _quantize(float(den) * share, quantum))
        return _Point(ratio_percent(num, den, decimals), num, den)
    if series.is_percent:
        return _Point(_percent(float(point.value) / 100 * _ADDED_RATE, decimals))
    if series.indicator.aggregation_org is OrgAggregation.SUM:
        return _Point(_quantize(point.value * ADDED_SHARE, quantum))
    return None  # a figure that means something only for the unit that reported it


def _merged_point(series: _Series, old: _Point, added: _Point | None) -> _Point:
    """The new province: both territories together."""
    if added is None:
        return old
    if old.numerator is not None and old.denominator is not None:
        assert added.numerator is not None and added.denominator is not None
        num, den = old.numerator + added.numerator, old.denominator + added.denominator
        return _Point(ratio_percent(num, den, series.decimals), num, den)
    if series.is_percent:  # weighted by population, 1 : ADDED_SHARE
        mean = (old.value + added.value * ADDED_SHARE) / (1 + ADDED_SHARE)
        return _Point(_quantize(mean, Decimal(1).scaleb(-series.decimals)))
    return _Point(old.value + added.value)


def _territories(
    series: _Series, old: dict[int, _Point]
) -> tuple[dict[int, _Point], dict[int, _Point]]:
    """Monthly figures of "19" (old territory, then merged) and of "06" (until the merger)."""
    quantum = series.quantum
    province: dict[int, _Point] = {}
    added_province: dict[int, _Point] = {}
    for month, point in old.items():
        added = _added_point(series, point, quantum)
        if month >= _MERGER_MONTH:
            province[month] = _merged_point(series, point, added)
            continue
        province[month] = point
        if added is not None:
            added_province[month] = added
    for month in series.blocked:
        province.pop(month, None)
    return province, added_province


# --- units and their weights ----------------------------------------------------------------


@dataclass(frozen=True)
class _Geography:
    """The units the figures are split among, each with a relative size."""

    districts: dict[str, list[AdminUnit]]  # old province code -> its districts
    communes: list[AdminUnit]  # the new communes of "19"
    size: dict[tuple[str, Structure], float]

    @classmethod
    def build(cls, structures: AdminStructures) -> _Geography:
        old_districts = structures.units(Structure.BEFORE_2025, Level.DISTRICT)
        districts = {
            province: sorted(
                (d for d in old_districts if d.parent_code == province), key=lambda d: d.code
            )
            for province in (PROVINCE, ADDED_PROVINCE)
        }
        communes = sorted(
            (
                c
                for c in structures.units(Structure.FROM_2025, Level.COMMUNE)
                if c.parent_code == PROVINCE
            ),
            key=lambda c: c.code,
        )
        size = {d.key: _district_size(d, units) for units in districts.values() for d in units}
        size.update(_commune_sizes(structures, communes))
        return cls(districts, communes, size)

    def weights(self, seed: int, code: str, period: str, units: Sequence[AdminUnit]) -> list[float]:
        """size x 0.5..1.5 for the indicator (a stable map) x 0.9..1.1 for the period."""
        return [
            self.size[unit.key]
            * _between(_rng(seed, "weight", code, unit.code), (0.5, 1.5))
            * _between(_rng(seed, "jitter", code, period, unit.code), (0.9, 1.1))
            for unit in units
        ]


def _district_size(district: AdminUnit, districts: Sequence[AdminUnit]) -> float:
    # GSO numbers the provincial capital first (164 Thái Nguyên, 058 Bắc Kạn): the largest.
    if district.code == districts[0].code:
        return 3.0
    return 1.3 if district.kind_vi in ("Thành phố", "Thị xã") else 1.0


def _commune_sizes(
    structures: AdminStructures, communes: Sequence[AdminUnit]
) -> dict[tuple[str, Structure], float]:
    """Wards larger; the communes of the old Bắc Kạn together ADDED_SHARE of the old 19's."""
    province_of = _old_province_of_communes(structures)
    base = {c.code: 1.8 if c.kind_vi == "Phường" else 1.0 for c in communes}
    added = [c.code for c in communes if province_of.get(c.code) == ADDED_PROVINCE]
    added_total = sum(base[code] for code in added)
    old_total = sum(base.values()) - added_total
    factor = float(ADDED_SHARE) * old_total / added_total if added_total else 1.0
    return {
        (c.code, Structure.FROM_2025): base[c.code] * (factor if c.code in added else 1.0)
        for c in communes
    }


def _old_province_of_communes(structures: AdminStructures) -> dict[str, str]:
    """New commune -> the old province most of its old communes (primary rows) came from."""
    parent = {unit.code: unit.parent_code for unit in structures.before}
    counts: dict[str, Counter[str]] = {}
    for row in structures.mapping:
        if row.old_level is Level.COMMUNE and row.new_level is Level.COMMUNE and row.is_primary:
            province = parent.get(parent.get(row.old_code) or "")
            if province:
                counts.setdefault(row.new_code, Counter())[province] += 1
    return {
        code: max(sorted(count), key=lambda province: count[province])
        for code, count in counts.items()
    }


# --- district parts of the reported figures -------------------------------------------------


class _DistrictSplitter:
    """Splits reported figures among the districts of "19", each figure once.

    A figure split as the denominator (or numerator) of a ratio is reused when the same
    indicator is split with the same figure on its own, so both show the same districts.
    """

    def __init__(self, geography: _Geography, seed: int) -> None:
        self.units = geography.districts[PROVINCE]
        self.geography = geography
        self.seed = seed
        self.known: dict[tuple[str, str, Decimal], list[Decimal]] = {}

    def plain(self, code: str, period: str, amount: Decimal) -> list[Decimal]:
        key = (code, period, amount)
        if key not in self.known:
            weights = self.geography.weights(self.seed, code, period, self.units)
            self.known[key] = largest_remainder(amount, weights, _quantum([amount]))
        return self.known[key]

    def bounded(
        self, code: str, period: str, amount: Decimal, caps: Sequence[Decimal]
    ) -> list[Decimal]:
        """Parts no larger than ``caps``: a numerator's under its denominator's."""
        known = self.known.get((code, period, amount))
        if known is not None and all(p <= c for p, c in zip(known, caps, strict=True)):
            return known
        rng = _rng(self.seed, "bounded", code, period)
        weights = [float(cap) * _between(rng, (0.95, 1.05)) for cap in caps]
        parts = largest_remainder(amount, weights, _quantum([amount]), caps)
        self.known.setdefault((code, period, amount), parts)
        return parts

    def ratio(
        self, indicator: Indicator, period: str, num: Decimal, den: Decimal
    ) -> list[tuple[Decimal, Decimal]]:
        """(numerator, denominator) of each district, split as their own indicators are."""
        dens = self.plain(indicator.denominator or f"{indicator.code}/den", period, den)
        nums = self.bounded(indicator.numerator or f"{indicator.code}/num", period, num, dens)
        return list(zip(nums, dens, strict=True))


def _prime_ratio_parts(
    splitter: _DistrictSplitter, catalog: Catalog, anchors: dict[str, list[_Anchor]]
) -> None:
    """Split the parts of ratios first, so that numerators stay under denominators."""
    for indicator in catalog.indicators:
        if indicator.value_type is not ValueType.RATIO:
            continue
        for anchor in anchors.get(indicator.code, []):
            if anchor.before_merger and (parts := anchor.parts) is not None:
                splitter.ratio(indicator, anchor.period.id, *parts)
        nums = {a.period.id: a.value.value for a in anchors.get(indicator.numerator, [])}
        for anchor in anchors.get(indicator.denominator, []):
            num = nums.get(anchor.period.id)
            if anchor.before_merger and num is not None and num <= anchor.value.value:
                splitter.ratio(indicator, anchor.period.id, num, anchor.value.value)


def _district_parts(
    splitter: _DistrictSplitter, indicator: Indicator, anchor: _Anchor
) -> list[_Point | None] | None:
    """The district parts of one reported figure, if it is split (step 1).

    A district whose ratio denominator is 0 gets no ratio value (None): its numerator is 0
    too, so the others still add up to the province.
    """
    if not anchor.before_merger:
        return None
    if indicator.aggregation_org is OrgAggregation.SUM and indicator.value_type in (
        ValueType.COUNT,
        ValueType.AMOUNT,
    ):
        amounts = splitter.plain(indicator.code, anchor.period.id, anchor.value.value)
        return [_Point(amount) for amount in amounts]
    if indicator.value_type is ValueType.RATIO and (parts := anchor.parts) is not None:
        decimals = anchor.value.decimals
        return [
            _Point(ratio_percent(num, den, decimals), num, den) if den > 0 else None
            for num, den in splitter.ratio(indicator, anchor.period.id, *parts)
        ]
    return None


# --- output ---------------------------------------------------------------------------------


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
    point: _Point,
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


def _monthly(series: _Series, org_unit: str, month: int, point: _Point) -> DataValue:
    return _value(
        series.indicator.code,
        org_unit,
        _month_id(month),
        point,
        decimals=series.decimals,
        scale=series.scale,
        reference_date=_month_end(month) if series.is_stock else None,
    )


# --- monthly splits -------------------------------------------------------------------------


def _split_indicators(catalog: Catalog, anchors: dict[str, list[_Anchor]]) -> list[Indicator]:
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
    series: _Series,
    province: dict[int, _Point],
    added: dict[int, _Point],
    geography: _Geography,
    splitter: _DistrictSplitter,
) -> list[list[DataValue]]:
    """Groups of unit values adding up to each month of "19" and "06" (step 4)."""
    code, seed = series.indicator.code, series.seed
    cells = _window_cells(series, province, splitter)
    groups: list[list[DataValue]] = []
    for month, point in province.items():
        units = geography.communes if month >= _MERGER_MONTH else geography.districts[PROVINCE]
        parts = cells.get(month) or largest_remainder(
            point.value,
            geography.weights(seed, code, _month_id(month), units),
            _quantum([point.value]),
        )
        groups.append(
            [_monthly(series, u.code, month, _Point(p)) for u, p in zip(units, parts, strict=True)]
        )
    for month, point in added.items():
        units = geography.districts[ADDED_PROVINCE]
        weights = geography.weights(seed, code, _month_id(month), units)
        parts = largest_remainder(point.value, weights, _quantum([point.value]))
        groups.append(
            [_monthly(series, u.code, month, _Point(p)) for u, p in zip(units, parts, strict=True)]
        )
    return groups


def _window_cells(
    series: _Series, province: dict[int, _Point], splitter: _DistrictSplitter
) -> dict[int, list[Decimal]]:
    """District parts of the months of a reported total, adding up to its district parts too."""
    amounts = [(a, a.value.value) for a in series.anchors]
    cells: dict[int, list[Decimal]] = {}
    for anchor, (first, last), total in series.windows(amounts, series.quantum):
        months = range(first, last + 1)
        rows = splitter.plain(series.indicator.code, anchor.period.id, total)
        columns = [province[m].value for m in months if m in province]
        if len(columns) == len(months) and sum(columns) == total:
            table = _split_table(rows, columns, _quantum([*rows, *columns]))
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
    geography = _Geography.build(structures)
    anchors = _province_anchors(catalog, reported)
    splitter = _DistrictSplitter(geography, seed)
    _prime_ratio_parts(splitter, catalog, anchors)
    split_codes = {indicator.code for indicator in _split_indicators(catalog, anchors)}
    out = _Output(reported)
    for indicator in catalog.indicators:
        if indicator.code in anchors:
            series = _Series(indicator, tuple(anchors[indicator.code]), months, seed)
            _add_reported_parts(out, series, splitter)
            _add_months(out, series, catalog, geography, splitter, indicator.code in split_codes)
    return out.values


def _month_range(first_month: str, last_month: str) -> range:
    months = range(
        _month_index(first_month, "first_month"), _month_index(last_month, "last_month") + 1
    )
    if not months:
        raise ValidationError(
            "Tháng đầu sau tháng cuối / first month after last month",
            first_month=first_month,
            last_month=last_month,
        )
    return months


def _add_reported_parts(out: _Output, series: _Series, splitter: _DistrictSplitter) -> None:
    """Step 1: the district parts of each reported figure."""
    code = series.indicator.code
    for anchor in series.anchors:
        parts = _district_parts(splitter, series.indicator, anchor)
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
    series: _Series,
    catalog: Catalog,
    geography: _Geography,
    splitter: _DistrictSplitter,
    split: bool,
) -> None:
    """Steps 2 to 4: the months of "19" and "06" and, if ``split``, of their units."""
    province, added = _territories(series, _province_series(series, catalog))
    # Only months actually added are split, so that every split has its total.
    province = {m: p for m, p in province.items() if out.add([_monthly(series, PROVINCE, m, p)])}
    added = {m: p for m, p in added.items() if out.add([_monthly(series, ADDED_PROVINCE, m, p)])}
    if split:
        for group in _monthly_splits(series, province, added, geography, splitter):
            out.add(group)
