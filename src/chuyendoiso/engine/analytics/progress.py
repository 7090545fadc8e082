"""A dashboard card: an indicator's figure for a unit and a period, its change against the
same period last year, and its progress towards the national (``VN``) and provincial targets.

The progress is Open SDG's (``comparisons.progress_status``): the base is the figure of the
same period a year earlier, the latest is the figure, the target is due on 31 December of
its year. A target in percent applies to every unit under the one it names (the province's
80 % of households on fibre is the goal of each commune too); any other target (a count, an
amount) only to the unit it names. Without a target, the trend is the fixed-rate method
(growth in the desired direction); an indicator with no desired direction has no trend.
A real figure is never compared with a synthetic one.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from chuyendoiso.engine.analytics.aggregate import Figure
from chuyendoiso.engine.analytics.comparisons import (
    Attainment,
    Change,
    Progress,
    attainment,
    compare,
    progress_status,
)
from chuyendoiso.engine.domain.catalog import (
    Direction,
    Indicator,
    MeasureUnit,
    Target,
    TargetOperator,
)

NATIONAL = "VN"  # the org unit of a national target


@dataclass(frozen=True)
class TargetProgress:
    target: Target
    attainment: Attainment  # the figure as a percent of the target, reached or not
    status: Progress | None  # None: not computable (no base, non-positive values)


@dataclass(frozen=True)
class Card:
    indicator: Indicator
    figure: Figure | None  # None: nothing approved for the unit and period
    change: Change | None  # against the same period last year (None without a figure)
    national: TargetProgress | None = None
    provincial: TargetProgress | None = None
    trend: Progress | None = None  # without a target: growth in the desired direction

    @property
    def status(self) -> Progress | None:
        """The progress shown on the card: towards the provincial target, else the national
        one, else the trend."""
        for progress in (self.provincial, self.national):
            if progress is not None and progress.status is not None:
                return progress.status
        return self.trend


def card_of(
    indicator: Indicator,
    figure: Figure | None,
    previous: Figure | None,
    *,
    national: Target | None = None,
    provincial: Target | None = None,
) -> Card:
    """The card of ``figure`` (the unit's, for the period) given ``previous`` (the same
    period last year) and the targets that apply (``targets_for``)."""
    if figure is None:
        return Card(indicator, None, None)
    if previous is not None and previous.synthetic != figure.synthetic:
        previous = None
    return Card(
        indicator=indicator,
        figure=figure,
        change=compare(figure, previous, unit=indicator.unit),
        national=_towards(indicator, figure, previous, national),
        provincial=_towards(indicator, figure, previous, provincial),
        trend=_trend(indicator, figure, previous),
    )


def targets_for(
    targets: Iterable[Target],
    indicator: Indicator,
    *,
    unit: str,
    province: str,
    year: int,
) -> tuple[Target | None, Target | None]:
    """(national, provincial) targets of ``indicator`` for the unit coded ``unit`` in the
    province coded ``province``: for each, the one of the earliest year not before ``year``
    (a target already past is not a goal any more)."""

    def first(org_unit: str) -> Target | None:
        if org_unit != unit and indicator.unit is not MeasureUnit.PERCENT:
            return None
        ahead = [
            t
            for t in targets
            if t.indicator == indicator.code and t.org_unit == org_unit and t.year >= year
        ]
        return min(ahead, key=lambda t: t.year, default=None)

    return first(NATIONAL), first(province)


def status_counts(cards: Iterable[Card]) -> dict[str, Counter[Progress | None]]:
    """For each pillar, how many of its cards are in each progress status (None: none)."""
    counts: dict[str, Counter[Progress | None]] = {}
    for card in cards:
        if card.figure is not None:
            counts.setdefault(card.indicator.pillar, Counter())[card.status] += 1
    return counts


def figure_date(figure: Figure) -> dt.date:
    """When a figure stands: its reference date, else the end of what it covers."""
    return figure.reference_date or figure.own_period.end


def _towards(
    indicator: Indicator, figure: Figure, previous: Figure | None, target: Target | None
) -> TargetProgress | None:
    if target is None:
        return None
    reached = attainment(figure, target)
    status: Progress | None = Progress.ACHIEVED if reached.achieved else None
    if not reached.achieved and previous is not None:
        status = progress_status(
            base=(figure_date(previous), previous.value),
            latest=(figure_date(figure), figure.value),
            direction=_direction(target, indicator),
            target=(dt.date(target.year, 12, 31), target.value),
        )
        if status is Progress.ACHIEVED:  # equal to a strict target (> or <): not reached
            status = Progress.ON_TRACK
    return TargetProgress(target, reached, status)


def _trend(indicator: Indicator, figure: Figure, previous: Figure | None) -> Progress | None:
    if previous is None or indicator.direction is Direction.NONE:
        return None
    return progress_status(
        base=(figure_date(previous), previous.value),
        latest=(figure_date(figure), figure.value),
        direction=indicator.direction,
    )


def _direction(target: Target, indicator: Indicator) -> Direction:
    """The direction of progress towards a target: its operator's, else the indicator's."""
    if target.operator in (TargetOperator.GTE, TargetOperator.GT):
        return Direction.UP
    if target.operator in (TargetOperator.LTE, TargetOperator.LT):
        return Direction.DOWN
    return indicator.direction
