"""Each rule kind: a value into points, with the words that show how (docs/dti.md).

Exact decimals throughout. The words are written only when read (a page shows them; the
best changes score thousands of values that nobody reads).
"""

from __future__ import annotations

import decimal
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal

from chuyendoiso.engine.domain.vnnumbers import format_number, round_half_up
from chuyendoiso.engine.dti.framework import Direction, Rule, RuleKind
from chuyendoiso.engine.rules import nodes

CONTEXT = decimal.Context(prec=40, traps=[decimal.InvalidOperation, decimal.DivisionByZero])
ZERO, ONE = Decimal(0), Decimal(1)
SHOWN_PLACES = 2  # at most, in the words that show a calculation


def shown(value: Decimal, locale: str = "vi") -> str:
    """A number as the words of a calculation write it: at most two decimals, no trailing
    zeros, grouped as ``locale`` writes numbers (8,33; 1.318.208)."""
    rounded = round_half_up(value, SHOWN_PLACES).normalize()
    exponent = rounded.as_tuple().exponent
    places = max(0, -exponent) if isinstance(exponent, int) else 0
    return format_number(rounded, places, locale=locale)


@dataclass(frozen=True)
class Scored:
    """The points, and how they were reached: each template's ``{}`` are ``numbers``."""

    points: Decimal
    template_vi: str
    template_en: str
    numbers: tuple[Decimal, ...] = ()

    @property
    def how_vi(self) -> str:
        return self.template_vi.format(*(shown(n) for n in self.numbers))

    @property
    def how_en(self) -> str:
        return self.template_en.format(*(shown(n, "en") for n in self.numbers))


class FormulaGap(Exception):
    """A formula reads a component that has no points."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


def score(
    rule: Rule,
    max_points: Decimal,
    value: Decimal | None,
    *,
    per_value: Decimal | None = None,
    points_of: Mapping[str, Decimal | None] | None = None,
) -> Scored:
    """The points of a value under ``rule`` (``value`` is unused by a formula, which reads
    the other components' points in ``points_of``)."""
    if rule.kind is RuleKind.FORMULA:
        return _formula(rule, max_points, points_of or {})
    if value is None:
        raise ValueError("a value is needed")
    match rule.kind:
        case RuleKind.PROPORTIONAL:
            return _proportional(rule, max_points, value)
        case RuleKind.THRESHOLDS:
            return _thresholds(rule, value)
        case RuleKind.COUNT_VS_NORM:
            return _count_vs_norm(rule, max_points, value, per_value)
    yes = value != 0
    return Scored(max_points if yes else ZERO, "có" if yes else "không", "yes" if yes else "no")


def expected_count(rule: Rule, per_value: Decimal | None) -> Decimal | None:
    """The count a ``count_vs_norm`` rule expects (None when its base has no value)."""
    assert rule.norm is not None
    if not rule.per:
        return rule.norm
    if per_value is None:
        return None
    return CONTEXT.divide(CONTEXT.multiply(rule.norm, per_value), rule.per_unit)


def _share(numerator: Decimal, denominator: Decimal) -> Decimal:
    return min(ONE, max(ZERO, CONTEXT.divide(numerator, denominator)))


def _proportional(rule: Rule, max_points: Decimal, value: Decimal) -> Scored:
    assert rule.full_at is not None
    share = _share(value - rule.zero_at, rule.full_at - rule.zero_at)
    return Scored(
        CONTEXT.multiply(max_points, share),
        "({} - {}) / ({} - {}), giới hạn trong 0..1, × {} điểm",
        "({} - {}) / ({} - {}), kept within 0..1, × {} points",
        (value, rule.zero_at, rule.full_at, rule.zero_at, max_points),
    )


def _thresholds(rule: Rule, value: Decimal) -> Scored:
    up = rule.direction is Direction.UP
    reached = [s for s in rule.steps if (value >= s.bound if up else value <= s.bound)]
    if not reached:
        sign = "<" if up else ">"
        return Scored(
            ZERO,
            "{} " + sign + " {}: chưa đạt mức nào",
            "{} " + sign + " {}: no step reached",
            (value, rule.steps[0].bound),
        )
    step = reached[-1]
    sign = "≥" if up else "≤"
    return Scored(
        step.points,
        "{} " + sign + " {}: mức {} điểm",
        "{} " + sign + " {}: the step of {} points",
        (value, step.bound, step.points),
    )


def _count_vs_norm(
    rule: Rule, max_points: Decimal, value: Decimal, per_value: Decimal | None
) -> Scored:
    expected = expected_count(rule, per_value)
    if expected is None or expected == 0:
        raise ValueError("the norm's base has no value")
    base = " ({} / {} " + rule.per + ")" if rule.per else ""
    numbers = (value, expected, *((rule.norm or ZERO, rule.per_unit) if rule.per else ()))
    return Scored(
        CONTEXT.multiply(max_points, _share(value, expected)),
        "{} / {}" + base + ", tối đa 1, × {} điểm",
        "{} / {}" + base + ", at most 1, × {} points",
        (*numbers, max_points),
    )


def _formula(rule: Rule, max_points: Decimal, points_of: Mapping[str, Decimal | None]) -> Scored:
    assert rule.formula is not None
    raw = _evaluate(rule.formula, points_of)
    return Scored(
        min(max_points, max(ZERO, raw)),
        rule.expression + " = {}, trong 0..{}",
        rule.expression + " = {}, within 0..{}",
        (raw, max_points),
    )


def _evaluate(node: nodes.Node, points_of: Mapping[str, Decimal | None]) -> Decimal:
    if isinstance(node, nodes.Number):
        return node.value
    if isinstance(node, nodes.Ref):
        found = points_of.get(node.indicator)
        if found is None:
            raise FormulaGap(node.indicator)
        return found
    if isinstance(node, nodes.Negative):
        return -_evaluate(node.operand, points_of)
    if isinstance(node, nodes.Call):
        args = [_evaluate(arg, points_of) for arg in node.args]
        return min(args) if node.name == "min" else max(args)
    assert isinstance(node, nodes.Arithmetic)
    left, right = _evaluate(node.left, points_of), _evaluate(node.right, points_of)
    if node.operator == "/":
        return CONTEXT.divide(left, right) if right else ZERO
    operation = {"+": CONTEXT.add, "-": CONTEXT.subtract, "*": CONTEXT.multiply}
    return operation[node.operator](left, right)
