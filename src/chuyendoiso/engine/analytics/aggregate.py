"""Figures for any indicator, org unit and period, aggregated by the indicator's own rules.

Over time: flows are summed over the sub-periods that tile the period, stocks take the
last value as of the period's end, rates per month are averaged. Over org units: sums are
summed, ratios are recomputed from the summed numerators and denominators (never an
average of percentages), and "none" indicators are not aggregated. A figure reported for
the unit itself wins over one computed from its parts; reported and derived figures win
over synthetic ones. Units merged on 1 July 2025 roll up into their successor when the
same territory is asked for.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, fields, replace
from decimal import ROUND_HALF_UP, Decimal

from chuyendoiso.engine.domain.catalog import (
    Catalog,
    Direction,
    Indicator,
    OrgAggregation,
    TimeAggregation,
    ValueType,
)
from chuyendoiso.engine.domain.datavalues import DataValue, Origin, Qualifier, ratio_percent
from chuyendoiso.engine.domain.periods import (
    Calendar,
    Period,
    PeriodType,
    parse_period,
    periods_within,
)

RATIO_DECIMALS = 2  # decimals of a ratio computed here (a reported one keeps its own)
TILING_TYPES = (PeriodType.HALF, PeriodType.QUARTER, PeriodType.MONTH, PeriodType.DAY)


@dataclass(frozen=True)
class Observation:
    """One stored value, as the analytics engine needs it."""

    unit: str
    period: Period
    value: Decimal
    numerator: Decimal | None = None
    denominator: Decimal | None = None
    origin: Origin = Origin.REPORTED
    qualifier: Qualifier = Qualifier.EXACT
    decimals: int = 0
    scale: int = 1
    reference_date: dt.date | None = None
    change_stated: Decimal | None = None  # "tăng 71,79% so với cùng kỳ" as reported
    level_stated: Decimal | None = None  # "bằng 76,6% so với cùng kỳ" as reported


# what an observation takes from its data value: every field they share
_FROM_VALUE = tuple(
    each.name for each in fields(Observation) if each.name not in ("unit", "period")
)


def observation_of(value: DataValue, unit: str) -> Observation:
    """A data value as the engine reads it, for the analytics unit key ``unit``."""
    shared = {name: getattr(value, name) for name in _FROM_VALUE}
    return Observation(unit=unit, period=_period(value.period, value.calendar), **shared)


@functools.lru_cache(maxsize=4096)
def _period(period_id: str, calendar: str) -> Period:
    return parse_period(period_id, Calendar(calendar))


@dataclass(frozen=True)
class OrgNode:
    key: str
    code: str
    name: str
    level: str
    parent: str | None = None
    valid_from: dt.date | None = None
    valid_to: dt.date | None = None

    def exists_during(self, period: Period) -> bool:
        return self.exists_between(period.start, period.end)

    def exists_on(self, day: dt.date) -> bool:
        return self.exists_between(day, day)

    def exists_between(self, start: dt.date, end: dt.date) -> bool:
        """Valid on some day of [start, end]: the same rule as orgunits_valid_during."""
        return (self.valid_from is None or self.valid_from <= end) and (
            self.valid_to is None or self.valid_to >= start
        )


@dataclass
class Hierarchy:
    """Org units, their parents, and the primary old-to-new mapping of the reorganisation."""

    units: dict[str, OrgNode]
    predecessors: dict[str, list[str]] = field(default_factory=dict)  # new key -> old keys
    _children: dict[str, list[str]] = field(default_factory=dict, init=False, repr=False)

    def __post_init__(self) -> None:
        for unit in self.units.values():
            if unit.parent is not None:
                self._children.setdefault(unit.parent, []).append(unit.key)

    def children(self, key: str, period: Period, *, at_end: bool = False) -> list[OrgNode]:
        kids = (self.units[k] for k in self._children.get(key, []))
        if at_end:
            return [kid for kid in kids if kid.exists_on(period.end)]
        return [kid for kid in kids if kid.exists_during(period)]


@dataclass(frozen=True)
class Figure:
    """The value of an indicator for a unit and a period, and how it was obtained."""

    indicator: str
    unit: str
    period: Period  # the period asked for
    value: Decimal
    own_period: Period  # what the figure covers: the period itself, or a part of it
    numerator: Decimal | None = None
    denominator: Decimal | None = None
    qualifier: Qualifier = Qualifier.EXACT
    decimals: int = 0
    scale: int = 1
    reference_date: dt.date | None = None
    origins: frozenset[Origin] = frozenset({Origin.REPORTED})
    reporting_units: int = 1
    expected_units: int = 1
    change_stated: Decimal | None = None
    level_stated: Decimal | None = None

    @property
    def complete(self) -> bool:
        """The figure covers the whole period and every expected unit reported."""
        whole = (self.own_period.start, self.own_period.end) == (self.period.start, self.period.end)
        return whole and self.reporting_units == self.expected_units

    @property
    def synthetic(self) -> bool:
        return Origin.SYNTHETIC in self.origins


class Facts:
    """Observations by indicator and unit (totals only: disaggregations are kept apart)."""

    def __init__(self, observations: Iterable[tuple[str, Observation]]) -> None:
        self._by_key: dict[tuple[str, str], list[Observation]] = defaultdict(list)
        self.add(observations)

    def add(self, observations: Iterable[tuple[str, Observation]]) -> None:
        """More observations (of units not read before: facts read unit by unit)."""
        for indicator, observation in observations:
            self._by_key[(indicator, observation.unit)].append(observation)

    def of(self, indicator: str, unit: str) -> list[Observation]:
        return self._by_key.get((indicator, unit), [])


class Analytics:
    def __init__(self, catalog: Catalog, hierarchy: Hierarchy, facts: Facts) -> None:
        self.catalog = catalog
        self.hierarchy = hierarchy
        self.facts = facts
        self._indicators = {indicator.code: indicator for indicator in catalog.indicators}
        self._cache: dict[tuple[str, str, Period, bool], Figure | None] = {}

    def indicator(self, code: str) -> Indicator:
        return self._indicators[code]

    def figure(
        self, indicator: str, unit: str, period: Period, *, same_territory: bool = False
    ) -> Figure | None:
        """The figure, or None when nothing was reported for it or below it.

        ``same_territory``: add the units that were merged into ``unit`` on 1 July 2025
        (for a period before it), so that figures before and after are comparable.
        """
        key = (indicator, unit, period, same_territory)
        if key not in self._cache:
            ind = self._indicators[indicator]
            if same_territory:
                self._cache[key] = self._territory(ind, unit, period)
            else:
                self._cache[key] = self._own(ind, unit, period) or self._from_children(
                    ind, unit, period
                )
        return self._cache[key]

    def ranking(self, indicator: str, units: Sequence[str], period: Period) -> list[Figure]:
        """Units by their figure, best first by the indicator's direction; units without one
        are left out."""
        figures = [f for unit in units if (f := self.figure(indicator, unit, period))]
        descending = self._indicators[indicator].direction is not Direction.DOWN
        return sorted(figures, key=lambda f: f.value, reverse=descending)

    # --- time -------------------------------------------------------------------------

    def _own(self, ind: Indicator, unit: str, period: Period) -> Figure | None:
        inside = [o for o in self.facts.of(ind.code, unit) if period.contains(o.period)]
        real = [o for o in inside if o.origin is not Origin.SYNTHETIC]
        for candidates in (real, inside):  # a reported figure wins over a synthetic one
            if candidates and (found := self._over_time(ind, candidates, period)):
                return found
        return None

    def _over_time(
        self, ind: Indicator, observations: list[Observation], period: Period
    ) -> Figure | None:
        exact = [o for o in observations if _same_dates(o.period, period)]
        if exact:
            return _figure(ind, period, [exact[0]])
        if ind.aggregation_time is TimeAggregation.STOCK:
            last = max(observations, key=lambda o: (o.period.end, -o.period.days))
            return _figure(ind, period, [last])
        tiles = _tiling(observations, period)
        if tiles and ind.value_type is ValueType.RATIO:
            return self._ratio_over_time(ind, period, tiles)
        if tiles and ind.value_type is not ValueType.PERCENT:
            return _combine_over_time(ind, period, tiles)
        if ind.aggregation_time is TimeAggregation.FLOW or ind.value_type is ValueType.PERCENT:
            widest = max(observations, key=lambda o: (o.period.days, o.period.end))
            return _figure(ind, period, [widest])
        return None

    def _ratio_over_time(
        self, ind: Indicator, period: Period, tiles: list[Observation]
    ) -> Figure | None:
        """A ratio over several periods, recomputed from its parts summed over all of them:
        each period's own numerator and denominator, else those of the catalogue's
        indicators for the same unit and dates; with only the denominators known, the
        periods' ratios weighted by them. Never one period's ratio for the whole."""
        filled = [self._with_parts(ind, tile) for tile in tiles]
        if any(o.denominator is None for o in filled) or not sum(
            (o.denominator or Decimal(0) for o in filled), Decimal(0)
        ):
            return None
        return _combine_over_time(ind, period, filled)

    def _with_parts(self, ind: Indicator, tile: Observation) -> Observation:
        """The observation with the numerator and denominator it lacks, from the catalogue's
        indicators of its parts for the same unit and dates, when they hold one."""

        def part(code: str) -> Decimal | None:
            same = [o for o in self.facts.of(code, tile.unit) if _same_dates(o.period, tile.period)]
            return same[0].value if code and same else None

        return replace(
            tile,
            numerator=tile.numerator if tile.numerator is not None else part(ind.numerator),
            denominator=(
                tile.denominator if tile.denominator is not None else part(ind.denominator)
            ),
        )

    # --- org units --------------------------------------------------------------------

    def _from_children(self, ind: Indicator, unit: str, period: Period) -> Figure | None:
        if ind.aggregation_org is OrgAggregation.NONE:
            return None
        at_end = ind.aggregation_time is TimeAggregation.STOCK
        kids = self.hierarchy.children(unit, period, at_end=at_end)
        figures = [f for kid in kids if (f := self.figure(ind.code, kid.key, period))]
        if not figures:
            return None
        levels = {self.hierarchy.units[f.unit].level for f in figures}
        expected = sum(1 for kid in kids if kid.level in levels)
        return _combine_units(ind, unit, period, figures, expected)

    def _territory(self, ind: Indicator, unit: str, period: Period) -> Figure | None:
        units = [unit] if self.hierarchy.units[unit].exists_during(period) else []
        level = self.hierarchy.units[unit].level
        before = [
            old
            for old in self.hierarchy.predecessors.get(unit, [])
            if self.hierarchy.units[old].exists_during(period)
        ]
        # a predecessor of another level (the dissolved district whose seat a new ward
        # took) is not the unit's territory when units of its own level are named: its
        # figure covers many new units. Named alone (an island district become a special
        # zone), it is.
        same_level = [old for old in before if self.hierarchy.units[old].level == level]
        units += same_level or before
        figures = [f for key in units if (f := self.figure(ind.code, key, period))]
        if not figures:
            return None
        if len(figures) == 1:
            return replace(figures[0], unit=unit)
        if ind.aggregation_org is OrgAggregation.NONE:
            return None
        return _combine_units(ind, unit, period, figures, len(units))


def _same_dates(a: Period, b: Period) -> bool:
    return (a.start, a.end) == (b.start, b.end)


def _tiling(observations: list[Observation], period: Period) -> list[Observation]:
    """Observations of one period type that together cover ``period`` exactly, or []. The
    months inside 1 January - 27 May do not cover it: their sum is not its figure."""
    by_dates = {(o.period.start, o.period.end): o for o in observations}
    for period_type in TILING_TYPES:
        parts = periods_within(period, period_type)
        if not parts or (parts[0].start, parts[-1].end) != (period.start, period.end):
            continue
        if all((p.start, p.end) in by_dates for p in parts):
            return [by_dates[(p.start, p.end)] for p in parts]
    return []


def _figure(ind: Indicator, period: Period, observations: list[Observation]) -> Figure:
    (only,) = observations
    return Figure(
        indicator=ind.code,
        unit=only.unit,
        period=period,
        value=only.value,
        own_period=only.period,
        numerator=only.numerator,
        denominator=only.denominator,
        qualifier=only.qualifier,
        decimals=only.decimals,
        scale=only.scale,
        reference_date=only.reference_date
        or (only.period.end if ind.aggregation_time is TimeAggregation.STOCK else None),
        origins=frozenset({only.origin}),
        change_stated=only.change_stated,
        level_stated=only.level_stated,
    )


_LOWER_BOUNDS = frozenset({Qualifier.HON, Qualifier.TREN})  # "hơn", "trên": more than


def combined_qualifier(qualifiers: Sequence[Qualifier], *, ratio: bool = False) -> Qualifier:
    """How a sum (or average) of figures stated with these qualifiers is to be stated.

    Exact parts make an exact total; parts bounded the same way bound the total that way
    ("trên 100" + "trên 200" = "trên 300", "gần 140" + 8 = "gần 148"); parts bounded in
    different directions, and a ratio recomputed from inexact parts, give "khoảng".
    """
    inexact = {q for q in qualifiers if q is not Qualifier.EXACT}
    if not inexact:
        return Qualifier.EXACT
    if ratio:
        return Qualifier.KHOANG
    if len(inexact) == 1:
        return inexact.pop()
    if inexact <= _LOWER_BOUNDS:
        return Qualifier.TREN
    return Qualifier.KHOANG


def _combine_over_time(ind: Indicator, period: Period, tiles: list[Observation]) -> Figure:
    origins = frozenset(o.origin for o in tiles)
    numerator = denominator = None
    ratio = ind.value_type is ValueType.RATIO
    if ratio:
        numerator, denominator, value = _ratio_summed(tiles)
    elif ind.aggregation_time is TimeAggregation.RATE_PER_MONTH:
        value = sum((o.value for o in tiles), Decimal(0)) / len(tiles)
    else:
        value = sum((o.value for o in tiles), Decimal(0))
    return Figure(
        indicator=ind.code,
        unit=tiles[0].unit,
        period=period,
        value=value,
        own_period=period,
        numerator=numerator,
        denominator=denominator,
        qualifier=combined_qualifier([o.qualifier for o in tiles], ratio=ratio),
        decimals=RATIO_DECIMALS if ratio else max(o.decimals for o in tiles),
        scale=max(o.scale for o in tiles),
        origins=origins,
    )


def _ratio_summed(tiles: list[Observation]) -> tuple[Decimal | None, Decimal | None, Decimal]:
    """The numerator, denominator and ratio of periods whose denominators are all known:
    their parts summed; without every numerator, their ratios weighted by their
    denominators (the same figure, its parts unknown)."""
    denominator = sum((o.denominator or Decimal(0) for o in tiles), Decimal(0))
    if all(o.numerator is not None for o in tiles):
        numerator = sum((o.numerator or Decimal(0) for o in tiles), Decimal(0))
        return numerator, denominator, ratio_percent(numerator, denominator, RATIO_DECIMALS)
    weighted = sum((o.value * (o.denominator or Decimal(0)) for o in tiles), Decimal(0))
    value = (weighted / denominator).quantize(Decimal(1).scaleb(-RATIO_DECIMALS), ROUND_HALF_UP)
    return None, None, value


def _combine_units(
    ind: Indicator, unit: str, period: Period, figures: list[Figure], expected: int
) -> Figure | None:
    origins = frozenset().union(*(f.origins for f in figures))
    # the whole period only when every part covers it: a half-year added to a quarter
    # covers neither
    partial = [f.own_period for f in figures if not _same_dates(f.own_period, period)]
    own_period = partial[0] if partial else period
    numerator = denominator = None
    decimals = max(f.decimals for f in figures)
    if ind.aggregation_org is OrgAggregation.RATIO:
        if any(f.numerator is None or f.denominator is None for f in figures):
            return None
        numerator = sum((f.numerator or Decimal(0) for f in figures), Decimal(0))
        denominator = sum((f.denominator or Decimal(0) for f in figures), Decimal(0))
        if denominator == 0:
            return None
        decimals = RATIO_DECIMALS
        value = ratio_percent(numerator, denominator, decimals)
    else:
        value = sum((f.value for f in figures), Decimal(0))
    return Figure(
        indicator=ind.code,
        unit=unit,
        period=period,
        value=value,
        own_period=own_period,
        numerator=numerator,
        denominator=denominator,
        qualifier=combined_qualifier([f.qualifier for f in figures], ratio=numerator is not None),
        decimals=decimals,
        scale=max(f.scale for f in figures),
        reference_date=max((f.reference_date for f in figures if f.reference_date), default=None),
        origins=origins,
        reporting_units=len(figures),
        expected_units=max(expected, len(figures)),
    )
