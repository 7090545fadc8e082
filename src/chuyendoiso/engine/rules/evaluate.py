"""Evaluating a checked rule for one org unit and period over values given by the caller.

Arithmetic is Decimal throughout: sums, differences and products are exact, a quotient is
kept to 50 significant digits. A value the rule needs that is missing, and a division by
zero, follow the rule's missing policy (``skip``, ``zero``, ``error``). docs/rules.md has
the language and every definition used here.
"""

from __future__ import annotations

import decimal
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from enum import Enum
from typing import Protocol

from chuyendoiso.engine.domain.catalog import MissingPolicy, RuleSeverity, ValidationRule
from chuyendoiso.engine.domain.periods import Period, previous_period, same_period_last_year
from chuyendoiso.engine.rules import nodes
from chuyendoiso.engine.rules.check import OUTLIER_DEFAULT_HISTORY, CompiledRule

PRECISION = 50
# a median absolute deviation times this estimates a standard deviation (normal data)
MAD_SCALE = Decimal("1.4826")
MIN_HISTORY = 3  # outlier() needs at least this many past values
# 50 digits; NaN or Infinity stop the evaluation instead of being compared
_CONTEXT = decimal.Context(
    prec=PRECISION, traps=[decimal.InvalidOperation, decimal.DivisionByZero, decimal.Overflow]
)


@dataclass(frozen=True)
class Figure:
    """A value as a rule sees it, with what explains it and where it came from."""

    value: Decimal
    comment: str = ""
    row: int = 0  # the row of the file it is being imported from; 0 when it is stored


class Values(Protocol):
    def figure(self, indicator: str, option: str, period: Period) -> Figure | None:
        """The value of an indicator (``option`` "" for the total) for the unit and period."""


@dataclass(frozen=True)
class UsedValue:
    indicator: str
    option: str  # "" for the total, else CATEGORY:OPTION
    period: str
    value: Decimal | None  # None: missing
    comment: str = ""
    row: int = 0

    @property
    def label(self) -> str:
        return f"{self.indicator}[{self.option}]" if self.option else self.indicator


@dataclass(frozen=True)
class Side:
    """One side of a comparison as the rule computed it."""

    text: str
    value: Decimal | None


class Outcome(Enum):
    HOLDS = "holds"
    FAILS = "fails"
    SKIPPED = "skipped"  # a value missing, or a division by zero, under ``missing: skip``
    NOT_APPLICABLE = "not_applicable"  # none of the rule's values exists for the unit and period


@dataclass(frozen=True)
class Result:
    rule: ValidationRule
    period: str
    outcome: Outcome
    used: tuple[UsedValue, ...] = ()
    sides: tuple[Side, ...] = ()
    reason: str = ""  # why the rule failed or was skipped, beyond its condition being false

    @property
    def message(self) -> str:
        return self.rule.message_vi or self.rule.name_vi

    @property
    def explained(self) -> bool:
        """A warning whose values of the rule's own period carry a comment."""
        return self.rule.severity is RuleSeverity.WARNING and any(
            used.comment
            for used in self.used
            if used.period == self.period and used.value is not None
        )


class _MissingError(Exception):
    """A value the rule needs is missing (or a division is by zero)."""


def evaluate(compiled: CompiledRule, values: Values, period: Period) -> Result:
    """The outcome of ``compiled`` for one unit (that of ``values``) and ``period``."""
    rule = compiled.rule
    if not _applies(compiled, values, period):
        return Result(rule, period.id, Outcome.NOT_APPLICABLE)
    run = _Evaluation(compiled, values)
    try:
        with decimal.localcontext(_CONTEXT):
            holds = run.condition(compiled.tree, period)
    except _MissingError as exc:
        outcome = Outcome.SKIPPED if rule.missing is MissingPolicy.SKIP else Outcome.FAILS
        return Result(rule, period.id, outcome, run.used_values(), tuple(run.sides), str(exc))
    except (decimal.DivisionByZero, decimal.Overflow, decimal.InvalidOperation) as exc:
        # a number beyond what a rule can compute (1e999999): the rule cannot hold
        reason = f"không tính được / cannot compute: {type(exc).__name__}"
        return Result(rule, period.id, Outcome.FAILS, run.used_values(), tuple(run.sides), reason)
    outcome = Outcome.HOLDS if holds else Outcome.FAILS
    return Result(rule, period.id, outcome, run.used_values(), tuple(run.sides))


def _applies(compiled: CompiledRule, values: Values, period: Period) -> bool:
    for ref in compiled.current_refs:
        if ref.option != nodes.ALL_OPTIONS:
            if values.figure(ref.indicator, ref.option_code, period) is not None:
                return True
            continue
        for option in compiled.options.get(ref.category, ()):
            if values.figure(ref.indicator, f"{ref.category}:{option}", period) is not None:
                return True
    return False


def periods_read(compiled: CompiledRule, period: Period) -> set[Period]:
    """Every period the rule may read values of when evaluated for ``period``."""
    found: set[Period] = set()
    pending: list[tuple[nodes.Node, Period]] = [(compiled.tree, period)]
    while pending:
        node, at = pending.pop()
        if isinstance(node, nodes.Ref):
            found.add(at)
        elif isinstance(node, nodes.Call) and node.name in _SHIFTS:
            pending.append((node.args[0], _SHIFTS[node.name](at)))
        elif isinstance(node, nodes.Call) and node.name == "outlier":
            pending.extend((node.args[0], past) for past in [at, *_history(node, at)])
        else:
            pending.extend((child, at) for child in node.children())
    return found


_SHIFTS: dict[str, Callable[[Period], Period]] = {
    "last_year": same_period_last_year,
    "previous": previous_period,
}


def _history(call: nodes.Call, period: Period) -> list[Period]:
    """The periods outlier() looks back over: the N before ``period``, nearest first."""
    count = OUTLIER_DEFAULT_HISTORY
    if len(call.args) == 3 and isinstance(call.args[2], nodes.Number):
        count = int(call.args[2].value)
    found, current = [], period
    for _ in range(count):
        current = previous_period(current)
        found.append(current)
    return found


def median(numbers: list[Decimal]) -> Decimal:
    ordered = sorted(numbers)
    middle = len(ordered) // 2
    if len(ordered) % 2:
        return ordered[middle]
    return (ordered[middle - 1] + ordered[middle]) / 2


@dataclass
class _Evaluation:
    compiled: CompiledRule
    values: Values
    used: dict[tuple[str, str, str], UsedValue] = field(default_factory=dict)
    sides: list[Side] = field(default_factory=list)
    lenient: int = 0  # > 0 inside outlier()'s history: a gap is left out, whatever the policy

    @property
    def policy(self) -> MissingPolicy:
        return self.compiled.rule.missing

    def used_values(self) -> tuple[UsedValue, ...]:
        return tuple(self.used.values())

    def missing(self, reason: str) -> Decimal:
        """The value of something missing: 0 under ``zero``, else the rule stops."""
        if self.policy is MissingPolicy.ZERO and not self.lenient:
            return Decimal(0)
        raise _MissingError(reason)

    def text(self, node: nodes.Node) -> str:
        return self.compiled.rule.expression[node.start : node.end]

    def condition(self, node: nodes.Node, period: Period) -> bool:
        match node:
            case nodes.Logical(operator="and"):
                return self.condition(node.left, period) and self.condition(node.right, period)
            case nodes.Logical():
                return self.condition(node.left, period) or self.condition(node.right, period)
            case nodes.Not():
                return not self.condition(node.operand, period)
            case nodes.Compare():
                return self.compare(node, period)
            case nodes.InRange():
                value, low, high = (self.side(part, period) for part in node.children())
                return low <= value <= high
            case nodes.Call(name="outlier"):
                return self.outlier(node, period)
        raise TypeError(f"not a condition: {node}")  # the checker lets none through

    def compare(self, node: nodes.Compare, period: Period) -> bool:
        numbers = [self.side(operand, period) for operand in node.operands]
        return all(
            _COMPARISONS[operator](left, right)
            for operator, left, right in zip(node.operators, numbers, numbers[1:], strict=False)
        )

    def side(self, node: nodes.Node, period: Period) -> Decimal:
        value = self.number(node, period)
        if not isinstance(node, nodes.Number | nodes.Ref):  # those show as they are
            self.sides.append(Side(self.text(node), value))
        return value

    def number(self, node: nodes.Node, period: Period) -> Decimal:
        match node:
            case nodes.Number():
                return node.value
            case nodes.Ref():
                return self.figure(node.indicator, node.option_code, period)
            case nodes.Negative():
                return -self.number(node.operand, period)
            case nodes.Arithmetic():
                return self.arithmetic(node, period)
            case nodes.Call(name="abs"):
                return abs(self.number(node.args[0], period))
            case nodes.Call(name="sum"):
                return self.parts(node.args[0], period)
            case nodes.Call(name=name) if name in _SHIFTS:
                return self.number(node.args[0], _SHIFTS[name](period))
        raise TypeError(f"not a number: {node}")  # the checker lets none through

    def arithmetic(self, node: nodes.Arithmetic, period: Period) -> Decimal:
        left = self.number(node.left, period)
        right = self.number(node.right, period)
        if node.operator == "+":
            return left + right
        if node.operator == "-":
            return left - right
        if node.operator == "*":
            return left * right
        if right == 0:
            return self.missing(f"chia cho 0 / division by zero: {self.text(node)}")
        return left / right

    def figure(self, indicator: str, option: str, period: Period) -> Decimal:
        found = self.values.figure(indicator, option, period)
        key = (indicator, option, period.id)
        if found is None:
            self.used.setdefault(key, UsedValue(indicator, option, period.id, None))
            label = f"{indicator}[{option}]" if option else indicator
            return self.missing(f"thiếu số liệu / missing value: {label} ({period.id})")
        self.used[key] = UsedValue(
            indicator, option, period.id, found.value, found.comment, found.row
        )
        return found.value

    def parts(self, ref: nodes.Node, period: Period) -> Decimal:
        assert isinstance(ref, nodes.Ref)  # the checker lets only X[C:*] into sum()
        return sum(
            (
                self.figure(ref.indicator, f"{ref.category}:{option}", period)
                for option in self.compiled.options.get(ref.category, ())
            ),
            Decimal(0),
        )

    def outlier(self, call: nodes.Call, period: Period) -> bool:
        value = self.number(call.args[0], period)
        past: list[Decimal] = []
        self.lenient += 1
        try:
            for earlier in _history(call, period):
                try:
                    past.append(self.number(call.args[0], earlier))
                except _MissingError:
                    continue  # a gap in the history is left out, not counted as 0
        finally:
            self.lenient -= 1
        if len(past) < MIN_HISTORY:
            reason = (
                f"chưa đủ {MIN_HISTORY} kỳ trước để xét bất thường / fewer than "
                f"{MIN_HISTORY} past values for outlier(): {self.text(call)}"
            )
            if self.policy is MissingPolicy.ZERO:
                return False  # not enough history: nothing is an outlier
            raise _MissingError(reason)
        centre = median(past)
        spread = MAD_SCALE * median([abs(each - centre) for each in past])
        assert isinstance(call.args[1], nodes.Number)  # checked: a number written in the rule
        limit = call.args[1].value * spread
        self.sides += [
            Side(self.text(call.args[0]), value),
            Side(f"trung vị {len(past)} kỳ trước / median of {len(past)} past", centre),
            Side("độ lệch mạnh / robust deviation (1.4826 × MAD)", spread),
        ]
        return abs(value - centre) > limit


_COMPARISONS: dict[str, Callable[[Decimal, Decimal], bool]] = {
    "<": lambda a, b: a < b,
    "<=": lambda a, b: a <= b,
    "==": lambda a, b: a == b,
    "!=": lambda a, b: a != b,
    ">=": lambda a, b: a >= b,
    ">": lambda a, b: a > b,
}
