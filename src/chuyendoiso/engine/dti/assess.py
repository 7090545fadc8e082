"""The index of one province and year under a framework, from the values of its
components (docs/dti.md).

Each component is scored when its maximum and rule are known and it has a value; the rest
are listed with the reason. A pillar's value is the share of points it achieved over the
points of its scored components; the index weighs each pillar's value by its maximum
points (922/QĐ-BTTTT: DTI = Σ points / 1000 once every component is scored), so a pillar
partly scored counts with the share it achieved, and ``coverage`` says how much of the
framework the index rests on.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum

from chuyendoiso.engine.dti.framework import Component, Framework, Pillar, RuleKind
from chuyendoiso.engine.dti.scoring import CONTEXT, ZERO, FormulaGap, Scored, score


class Status(StrEnum):
    SCORED = "scored"
    NO_DATA = "no_data"  # no value for the year (or a formula's input has no points)
    NO_POINTS = "no_points"  # the official maximum was not found and is not filled in
    NO_RULE = "no_rule"  # the scoring rule was not found and is not filled in
    NOT_SCORED = "not_scored"  # its pillar carries no points (Đô thị thông minh in 922)
    NO_BASE = "no_base"  # a norm relative to an indicator that has no value


STATUS_LABELS = {
    Status.SCORED: ("đã chấm", "scored"),
    Status.NO_DATA: ("thiếu số liệu", "no data"),
    Status.NO_POINTS: ("chưa có điểm chính thức", "official points not found"),
    Status.NO_RULE: ("chưa có cách chấm", "scoring rule not found"),
    Status.NOT_SCORED: ("không tính điểm", "not scored"),
    Status.NO_BASE: ("thiếu số liệu làm căn cứ định mức", "no value for the norm's base"),
}


@dataclass(frozen=True)
class Measured:
    """A component's value and where it came from."""

    value: Decimal
    origin: str = ""  # the indicator code, or "self" for a self-assessed value
    period: str = ""
    status: str = ""  # the data value's workflow state (approved, submitted, draft)
    note: str = ""  # what the reader should know (a partial year, an estimate)


@dataclass(frozen=True)
class ComponentResult:
    component: Component
    status: Status
    value: Decimal | None = None
    points: Decimal | None = None
    scored: Scored | None = None  # how the points were reached (words written when read)
    measured: Measured | None = None
    what_if: bool = False  # the value is one of the what-if's
    gap: str = ""  # a formula's input without points

    @property
    def how_vi(self) -> str:
        if self.gap:
            return f"thiếu điểm của {self.gap}"
        return self.scored.how_vi if self.scored else ""

    @property
    def how_en(self) -> str:
        if self.gap:
            return f"{self.gap} has no points"
        return self.scored.how_en if self.scored else ""

    @property
    def lost(self) -> Decimal:
        if self.points is None or self.component.max_points is None:
            return ZERO
        return self.component.max_points - self.points


@dataclass(frozen=True)
class PillarResult:
    pillar: Pillar
    components: tuple[ComponentResult, ...]
    achieved: Decimal
    scored_max: Decimal

    @property
    def value(self) -> Decimal | None:
        """Points achieved over the points of the scored components (0..1)."""
        if not self.scored_max:
            return None
        return CONTEXT.divide(self.achieved, self.scored_max)

    @property
    def lost(self) -> Decimal:
        return self.scored_max - self.achieved

    @property
    def weight(self) -> Decimal:
        """Its weight in the index: its maximum, or its scored points when not found."""
        return self.pillar.max_points if self.pillar.max_points is not None else self.scored_max

    @property
    def scored(self) -> int:
        return sum(1 for c in self.components if c.status is Status.SCORED)


@dataclass(frozen=True)
class Assessment:
    framework: Framework
    pillars: tuple[PillarResult, ...]
    overrides: Mapping[str, Decimal] = field(default_factory=dict)

    @property
    def components(self) -> tuple[ComponentResult, ...]:
        return tuple(c for p in self.pillars for c in p.components)

    def component(self, code: str) -> ComponentResult:
        return next(c for c in self.components if c.component.code == code)

    @property
    def counted(self) -> tuple[PillarResult, ...]:
        return tuple(p for p in self.pillars if p.value is not None and p.weight > 0)

    @property
    def index(self) -> Decimal | None:
        counted = self.counted
        weight = sum((p.weight for p in counted), ZERO)
        if not weight:
            return None
        total = sum((CONTEXT.multiply(p.value or ZERO, p.weight) for p in counted), ZERO)
        return CONTEXT.divide(total, weight)

    @property
    def achieved(self) -> Decimal:
        return sum((p.achieved for p in self.pillars), ZERO)

    @property
    def scored_max(self) -> Decimal:
        return sum((p.scored_max for p in self.pillars), ZERO)

    @property
    def coverage(self) -> Decimal | None:
        """The share of the framework's points that were scored (None when its maximum
        is not known)."""
        total = self.framework.max_points
        return CONTEXT.divide(self.scored_max, total) if total else None

    def with_status(self, *statuses: Status) -> tuple[ComponentResult, ...]:
        return tuple(c for c in self.components if c.status in statuses)


def assess(
    framework: Framework,
    measured: Mapping[str, Measured],
    *,
    bases: Mapping[str, Decimal] | None = None,
    overrides: Mapping[str, Decimal] | None = None,
) -> Assessment:
    """Score every component: ``measured`` by component code, ``bases`` the values of the
    indicators that norms are relative to, ``overrides`` the what-if's values."""
    bases, overrides = bases or {}, overrides or {}
    results: dict[str, ComponentResult] = {}
    formulas: list[Component] = []
    for component in framework.components:
        if component.rule is not None and component.rule.kind is RuleKind.FORMULA:
            formulas.append(component)
            continue
        results[component.code] = _one(framework, component, measured, bases, overrides)
    for component in _in_order(formulas):
        results[component.code] = _formula(framework, component, results)
    pillars = tuple(
        _pillar(pillar, [results[c.code] for c in framework.of_pillar(pillar.code)])
        for pillar in framework.pillars
    )
    return Assessment(framework, pillars, dict(overrides))


def with_value(
    assessment: Assessment,
    measured: Mapping[str, Measured],
    code: str,
    value: Decimal,
    *,
    bases: Mapping[str, Decimal] | None = None,
) -> Assessment:
    """``assessment`` with one component's value changed: only that component is scored
    again, unless a formula reads it (then everything is)."""
    framework = assessment.framework
    overrides = {**assessment.overrides, code: value}
    if any(code in c.rule.refs for c in framework.components if c.rule):
        return assess(framework, measured, bases=bases, overrides=overrides)
    component = framework.component(code)
    again = _one(framework, component, measured, bases or {}, overrides)
    pillars = tuple(
        _pillar(p.pillar, [again if c.component.code == code else c for c in p.components])
        if p.pillar.code == component.pillar
        else p
        for p in assessment.pillars
    )
    return Assessment(framework, pillars, overrides)


def _unscorable(framework: Framework, component: Component) -> Status | None:
    if framework.pillar(component.pillar).max_points == 0 or component.max_points == 0:
        return Status.NOT_SCORED
    if component.max_points is None:
        return Status.NO_POINTS
    if component.rule is None:
        return Status.NO_RULE
    return None


def _one(
    framework: Framework,
    component: Component,
    measured: Mapping[str, Measured],
    bases: Mapping[str, Decimal],
    overrides: Mapping[str, Decimal],
) -> ComponentResult:
    found = measured.get(component.code)
    what_if = component.code in overrides
    value = overrides[component.code] if what_if else (found.value if found else None)
    blocked = _unscorable(framework, component)
    if blocked is not None or value is None:
        return ComponentResult(
            component, blocked or Status.NO_DATA, value, measured=found, what_if=what_if
        )
    rule, max_points = component.rule, component.max_points
    assert rule is not None and max_points is not None
    per_value = bases.get(rule.per) if rule.per else None
    if rule.per and not per_value:
        return ComponentResult(component, Status.NO_BASE, value, measured=found, what_if=what_if)
    scored = score(rule, max_points, value, per_value=per_value)
    return _scored(component, scored, value, found, what_if)


def _scored(
    component: Component,
    scored: Scored,
    value: Decimal | None,
    found: Measured | None,
    what_if: bool,
) -> ComponentResult:
    return ComponentResult(
        component,
        Status.SCORED,
        value,
        scored.points,
        scored,
        found,
        what_if,
    )


def _formula(
    framework: Framework, component: Component, results: Mapping[str, ComponentResult]
) -> ComponentResult:
    blocked = _unscorable(framework, component)
    if blocked is not None:
        return ComponentResult(component, blocked)
    assert component.rule is not None and component.max_points is not None
    points_of = {code: result.points for code, result in results.items()}
    try:
        scored = score(component.rule, component.max_points, None, points_of=points_of)
    except FormulaGap as gap:
        return ComponentResult(component, Status.NO_DATA, gap=gap.code)
    return _scored(component, scored, scored.points, None, False)


def _in_order(formulas: list[Component]) -> list[Component]:
    """Formulas after the formulas they read (the file's check refused cycles)."""
    ordered: list[Component] = []
    placed: set[str] = set()
    pending = list(formulas)
    mine = {c.code for c in formulas}
    while pending:
        ready = [
            c
            for c in pending
            if all(r in placed or r not in mine for r in (c.rule.refs if c.rule else ()))
        ]
        if not ready:  # a cycle the file check did not see: leave them unscored
            ready = pending
        ordered += ready
        placed |= {c.code for c in ready}
        pending = [c for c in pending if c.code not in placed]
    return ordered


def _pillar(pillar: Pillar, components: list[ComponentResult]) -> PillarResult:
    scored = [c for c in components if c.status is Status.SCORED]
    achieved = sum((c.points or ZERO for c in scored), ZERO)
    scored_max = sum((c.component.max_points or ZERO for c in scored), ZERO)
    return PillarResult(pillar, tuple(components), achieved, scored_max)
