"""What the index is made of: the points each pillar lost, sorted, and the changes of a
figure that would raise the index most for the smallest change (docs/dti.md)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from chuyendoiso.engine.domain.vnnumbers import round_half_up
from chuyendoiso.engine.dti.assess import (
    Assessment,
    ComponentResult,
    PillarResult,
    Status,
    with_value,
)
from chuyendoiso.engine.dti.framework import Component, Direction, Rule, RuleKind
from chuyendoiso.engine.dti.scoring import CONTEXT, ONE, ZERO, expected_count

TOP = 10
INDEX_PLACES = 4  # as the ministry publishes the index (0,6961)


@dataclass(frozen=True)
class PillarLoss:
    pillar: PillarResult
    components: tuple[ComponentResult, ...]  # the scored ones that lost points, most first


def losses(assessment: Assessment) -> list[PillarLoss]:
    """Each pillar that lost points against the maximum of its scored components, most
    first; within it, the components that lost points, most first."""
    found = [
        PillarLoss(
            pillar,
            tuple(
                sorted(
                    (c for c in pillar.components if c.status is Status.SCORED and c.lost > 0),
                    key=lambda c: (-c.lost, c.component.code),
                )
            ),
        )
        for pillar in assessment.pillars
        if pillar.lost > 0
    ]
    return sorted(found, key=lambda loss: (-loss.pillar.lost, loss.pillar.pillar.code))


@dataclass(frozen=True)
class Change:
    """Bringing one component's figure from ``current`` to ``target``."""

    component: Component
    current: Decimal
    target: Decimal
    points_before: Decimal
    points_after: Decimal
    index_before: Decimal
    index_after: Decimal

    @property
    def gain(self) -> Decimal:
        return self.index_after - self.index_before

    @property
    def gain_shown(self) -> Decimal:
        """The gain as the two indices are shown (``INDEX_PLACES``): the difference of their
        rounded values, so that a reader subtracting them finds the gain written."""
        after, before = self.index_after, self.index_before
        return round_half_up(after, INDEX_PLACES) - round_half_up(before, INDEX_PLACES)

    @property
    def effort(self) -> Decimal:
        """The change of the figure relative to the larger of its two values (0..1)."""
        larger = max(abs(self.current), abs(self.target))
        return CONTEXT.divide(abs(self.target - self.current), larger) if larger else ONE

    @property
    def gain_per_effort(self) -> Decimal:
        return CONTEXT.divide(self.gain, self.effort) if self.effort else self.gain


def best_changes(
    assessment: Assessment,
    measured: dict,  # type: ignore[type-arg]
    *,
    bases: dict[str, Decimal] | None = None,
    top: int = TOP,
) -> list[Change]:
    """The ``top`` changes that raise the index most per relative change of the figure:
    for each scored component short of its maximum, its next step (thresholds), its full
    points (proportional, a norm) or yes (yes/no), each scored by computing the index again
    with the new value."""
    before = assessment.index
    if before is None:
        return []
    changes: list[Change] = []
    for result in assessment.components:
        if result.status is not Status.SCORED or result.lost <= 0 or result.value is None:
            continue
        rule = result.component.rule
        assert rule is not None
        if rule.kind is RuleKind.FORMULA:
            continue
        for target in _targets(rule, result.value, bases or {}):
            after = with_value(assessment, measured, result.component.code, target, bases=bases)
            index = after.index
            new_points = after.component(result.component.code).points
            if index is None or new_points is None or index <= before:
                continue
            changes.append(
                Change(
                    result.component,
                    result.value,
                    target,
                    result.points or ZERO,
                    new_points,
                    before,
                    index,
                )
            )
    changes.sort(key=lambda c: (-c.gain_per_effort, -c.gain, c.component.code))
    return changes[:top]


def _targets(rule: Rule, value: Decimal, bases: dict[str, Decimal]) -> list[Decimal]:
    match rule.kind:
        case RuleKind.PROPORTIONAL:
            return [rule.full_at] if rule.full_at is not None else []
        case RuleKind.THRESHOLDS:
            up = rule.direction is Direction.UP
            ahead = [s.bound for s in rule.steps if (s.bound > value if up else s.bound < value)]
            return ahead[:1]  # the next step (steps go from the fewest points to the most)
        case RuleKind.COUNT_VS_NORM:
            expected = expected_count(rule, bases.get(rule.per) if rule.per else None)
            return [expected] if expected is not None and expected > value else []
    return [ONE] if value == 0 else []
