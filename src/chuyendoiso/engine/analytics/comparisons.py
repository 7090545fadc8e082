"""Comparisons of figures: same period last year, previous period, targets, progress.

The progress status follows the method Open SDG adopted from Statistics Canada: the
observed compound annual growth rate (CAGR) is compared with the rate required to reach
the target on time (ratio R: target achieved; R >= 95% on track; 60% <= R < 95% progress
but acceleration needed; 0 <= R < 60% limited progress; R < 0 deterioration). Without a
target, the observed CAGR in the desired direction is compared with fixed rates (1.5% on
track, 0.5% acceleration needed, 0% limited progress). The scaling near natural limits of
that method is not applied.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal, localcontext
from enum import StrEnum

from chuyendoiso.engine.analytics.aggregate import Figure
from chuyendoiso.engine.domain.catalog import Direction, MeasureUnit, Target, TargetOperator


class Progress(StrEnum):
    ACHIEVED = "achieved"
    ON_TRACK = "on_track"
    ACCELERATION_NEEDED = "acceleration_needed"
    LIMITED = "limited"
    DETERIORATING = "deteriorating"

    @property
    def label_vi(self) -> str:
        return _PROGRESS_VI[self]


_PROGRESS_VI = {
    Progress.ACHIEVED: "đã đạt mục tiêu",
    Progress.ON_TRACK: "đúng lộ trình",
    Progress.ACCELERATION_NEEDED: "có tiến bộ nhưng cần đẩy nhanh",
    Progress.LIMITED: "tiến bộ hạn chế",
    Progress.DETERIORATING: "đang đi xuống",
}


@dataclass(frozen=True)
class Change:
    """How a figure compares with an earlier one.

    ``percent``: relative change in percent ((current - previous) / previous × 100);
    ``points``: difference in percentage points, for indicators that are percentages;
    ``level``: current as a percent of previous ("bằng 76,6% so với cùng kỳ");
    ``stated``: the comparison was taken from the report, not computed.
    """

    current: Figure
    previous: Figure | None
    percent: Decimal | None
    points: Decimal | None
    level: Decimal | None
    stated: bool = False


def compare(current: Figure, previous: Figure | None, *, unit: MeasureUnit) -> Change:
    """Compare two figures; a comparison stated with the current figure wins over one
    computed from the data, since that is how it was reported."""
    if current.change_stated is not None or current.level_stated is not None:
        level = current.level_stated
        percent = current.change_stated
        if percent is None and level is not None:
            percent = level - 100
        return Change(current, previous, percent, None, level, stated=True)
    if previous is None or previous.value == 0:
        return Change(current, previous, None, None, None)
    percent = (current.value - previous.value) * 100 / previous.value
    level = current.value * 100 / previous.value
    points = current.value - previous.value if unit is MeasureUnit.PERCENT else None
    return Change(current, previous, percent, points, level)


@dataclass(frozen=True)
class Attainment:
    target: Target
    percent_of_target: Decimal  # value / target × 100
    achieved: bool


def attainment(figure: Figure, target: Target) -> Attainment:
    achieved = {
        TargetOperator.GTE: figure.value >= target.value,
        TargetOperator.GT: figure.value > target.value,
        TargetOperator.LTE: figure.value <= target.value,
        TargetOperator.LT: figure.value < target.value,
        TargetOperator.EQ: figure.value == target.value,
    }[target.operator]
    share = figure.value * 100 / target.value if target.value else Decimal(0)
    return Attainment(target=target, percent_of_target=share, achieved=achieved)


def progress_status(
    *,
    base: tuple[dt.date, Decimal],
    latest: tuple[dt.date, Decimal],
    direction: Direction,
    target: tuple[dt.date, Decimal] | None = None,
) -> Progress | None:
    """The progress category from a base value, the latest value and an optional target
    (each a date and a value). None when it cannot be computed (non-positive values, or
    less than a month between the base and the latest value)."""
    (t0, y0), (ti, yi) = base, latest
    sign = Decimal(-1) if direction is Direction.DOWN else Decimal(1)
    if target is not None and _reached(yi, target[1], sign):
        return Progress.ACHIEVED
    years = Decimal((ti - t0).days) / Decimal("365.25")
    if y0 <= 0 or yi <= 0 or years < Decimal(1) / 12:
        return None
    observed = _cagr(y0, yi, years)
    if target is None:
        return _without_target(sign * observed)
    required_years = Decimal((target[0] - t0).days) / Decimal("365.25")
    if target[1] <= 0 or required_years <= 0:
        return None
    required = _cagr(y0, target[1], required_years)
    if required == 0:
        return Progress.ON_TRACK if sign * observed >= 0 else Progress.DETERIORATING
    ratio = observed / required
    if sign * required < 0:  # the base already beats the target in the desired direction
        ratio = -ratio
    return _category(ratio, on_track=Decimal("0.95"), acceleration_needed=Decimal("0.60"))


def _reached(value: Decimal, target: Decimal, sign: Decimal) -> bool:
    return value >= target if sign > 0 else value <= target


def _cagr(start: Decimal, end: Decimal, years: Decimal) -> Decimal:
    with localcontext() as context:
        context.prec = 28
        return (end / start) ** (1 / years) - 1


def _without_target(growth: Decimal) -> Progress:
    return _category(growth, on_track=Decimal("0.015"), acceleration_needed=Decimal("0.005"))


def _category(measure: Decimal, *, on_track: Decimal, acceleration_needed: Decimal) -> Progress:
    """The category of a measure (ratio R, or growth without a target) by its thresholds;
    limited progress from 0, deterioration below."""
    if measure >= on_track:
        return Progress.ON_TRACK
    if measure >= acceleration_needed:
        return Progress.ACCELERATION_NEEDED
    if measure >= 0:
        return Progress.LIMITED
    return Progress.DETERIORATING
