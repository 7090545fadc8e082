"""Each rule kind: a value into points, with the words that show how (docs/dti.md).

Exact decimals throughout; points are kept to ``PLACES`` decimal places only when shown.
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


def _both(template: str, *numbers: Decimal) -> tuple[str, str]:
    """``template`` with ``numbers`` written the Vietnamese way and the English way."""
    return (
        template.format(*(shown(n) for n in numbers)),
        template.format(*(shown(n, "en") for n in numbers)),
    )


@dataclass(frozen=True)
class Scored:
    points: Decimal
    how_vi: str
    how_en: str


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
    return Scored(
        max_points if yes else ZERO,
        "có" if yes else "không",
        "yes" if yes else "no",
    )


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
    points = CONTEXT.multiply(max_points, share)
    vi, en = _both("({} - {}) / ({} - {})", value, rule.zero_at, rule.full_at, rule.zero_at)
    return Scored(
        points,
        f"{vi}, giới hạn trong 0..1, × {shown(max_points)} điểm",
        f"{en}, kept within 0..1, × {shown(max_points, 'en')} points",
    )


def _thresholds(rule: Rule, value: Decimal) -> Scored:
    up = rule.direction is Direction.UP
    reached = [s for s in rule.steps if (value >= s.bound if up else value <= s.bound)]
    if not reached:
        vi, en = _both("{} " + ("<" if up else ">") + " {}", value, rule.steps[0].bound)
        return Scored(ZERO, f"{vi}: chưa đạt mức nào", f"{en}: no step reached")
    step = reached[-1]
    vi, en = _both("{} " + ("≥" if up else "≤") + " {}: ", value, step.bound)
    return Scored(
        step.points,
        f"{vi}mức {shown(step.points)} điểm",
        f"{en}the step of {shown(step.points, 'en')} points",
    )


def _count_vs_norm(
    rule: Rule, max_points: Decimal, value: Decimal, per_value: Decimal | None
) -> Scored:
    expected = expected_count(rule, per_value)
    if expected is None or expected == 0:
        raise ValueError("the norm's base has no value")
    points = CONTEXT.multiply(max_points, _share(value, expected))
    vi, en = _both("{} / {}", value, expected)
    if rule.per:
        base = _both(" ({} / {} " + rule.per + ")", rule.norm or ZERO, rule.per_unit)
        vi, en = vi + base[0], en + base[1]
    return Scored(
        points,
        f"{vi}, tối đa 1, × {shown(max_points)} điểm",
        f"{en}, at most 1, × {shown(max_points, 'en')} points",
    )


def _formula(rule: Rule, max_points: Decimal, points_of: Mapping[str, Decimal | None]) -> Scored:
    assert rule.formula is not None
    raw = _evaluate(rule.formula, points_of)
    points = min(max_points, max(ZERO, raw))
    return Scored(
        points,
        f"{rule.expression} = {shown(raw)}, trong 0..{shown(max_points)}",
        f"{rule.expression} = {shown(raw, 'en')}, within 0..{shown(max_points, 'en')}",
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
