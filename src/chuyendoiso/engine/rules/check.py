"""A parsed rule checked against the catalogue: every code named exists, every function is
called as it should be, and the expression is a condition (true or false).

Problems are :class:`RuleError` with their place in the expression; all of them are listed,
not only the first.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import Enum
from functools import cached_property

from chuyendoiso.engine.domain.catalog import Catalog, ValidationRule
from chuyendoiso.engine.rules import nodes
from chuyendoiso.engine.rules.grammar import RuleError, parse

HISTORY_FUNCTIONS = ("last_year", "previous")
OUTLIER_HISTORY = (3, 60)  # the periods of history outlier() may look back over
OUTLIER_DEFAULT_HISTORY = 8


class _Kind(Enum):
    NUMBER = "một số / a number"
    CONDITION = "một điều kiện / a condition"
    PARTS = "các phần của một phân tổ / the parts of a disaggregation"


@dataclass(frozen=True)
class Names:
    """What a rule may name: indicators with their categories, categories with options."""

    indicators: Mapping[str, tuple[str, ...]]
    categories: Mapping[str, tuple[str, ...]]

    @classmethod
    def of(cls, catalog: Catalog) -> Names:
        return cls(
            indicators={i.code: i.categories for i in catalog.indicators},
            categories={c.code: c.option_codes() for c in catalog.categories},
        )


@dataclass(frozen=True)
class CompiledRule:
    """A rule ready to evaluate."""

    rule: ValidationRule
    tree: nodes.Node
    options: Mapping[str, tuple[str, ...]]  # the options of each category, for sum(X[C:*])

    @cached_property  # read for every unit and period an import touches
    def indicators(self) -> frozenset[str]:
        """The indicators the rule reads for its own period: it applies where one has a
        value (history functions read other periods and do not count)."""
        return frozenset(ref.indicator for ref in current_refs(self.tree))

    @cached_property  # read for every evaluation
    def current_refs(self) -> tuple[nodes.Ref, ...]:
        """Each reference read for the rule's own period, once."""
        return tuple(dict.fromkeys(current_refs(self.tree)))

    @cached_property
    def reads(self) -> frozenset[str]:
        """Every indicator the rule reads, for any period."""
        return frozenset(
            node.indicator for node in nodes.walk(self.tree) if isinstance(node, nodes.Ref)
        )


def compile_rule(rule: ValidationRule, names: Names) -> CompiledRule:
    """Parse and check ``rule``; raise the first :class:`RuleError`."""
    tree = parse(rule.expression)
    problems = _Checker(rule.expression, names).problems_of(tree)
    if problems:
        raise problems[0]
    return CompiledRule(rule=rule, tree=tree, options=names.categories)


def check_expression(text: str, names: Names) -> list[RuleError]:
    """Every problem of a rule expression: its syntax error, or each name or call that is wrong."""
    try:
        tree = parse(text)
    except RuleError as exc:
        return [exc]
    return _Checker(text, names).problems_of(tree)


def current_refs(tree: nodes.Node) -> list[nodes.Ref]:
    """The references read for the rule's own period (not only inside a history function)."""
    found: list[nodes.Ref] = []
    pending = [tree]
    while pending:
        node = pending.pop()
        if isinstance(node, nodes.Ref):
            found.append(node)
        elif not (isinstance(node, nodes.Call) and node.name in HISTORY_FUNCTIONS):
            pending.extend(node.children())
    return found


class _Checker:
    def __init__(self, text: str, names: Names) -> None:
        self.text = text
        self.names = names
        self.problems: list[RuleError] = []

    def problems_of(self, tree: nodes.Node) -> list[RuleError]:
        self.expect(tree, _Kind.CONDITION, "biểu thức của quy tắc / the rule")
        return self.problems

    def problem(self, node: nodes.Node | int, reason: str) -> None:
        offset = node if isinstance(node, int) else node.start
        self.problems.append(RuleError(reason, text=self.text, offset=offset))

    def expect(self, node: nodes.Node, kind: _Kind, what: str) -> None:
        """``node`` is checked and gives ``kind``; ``what`` names it ("vi / en")."""
        found = self.kind(node)
        if found is not None and found is not kind:
            source = self.text[node.start : node.end]
            what_vi, what_en = what.split(" / ")
            kind_vi, kind_en = kind.value.split(" / ")
            found_vi, found_en = found.value.split(" / ")
            self.problem(
                node,
                f"{what_vi} phải là {kind_vi}, '{source}' là {found_vi} "
                f"/ {what_en} must be {kind_en}, not {found_en}",
            )

    def kind(self, node: nodes.Node) -> _Kind | None:
        """The kind of value ``node`` gives, after checking it (None: already wrong)."""
        match node:
            case nodes.Number():
                return _Kind.NUMBER
            case nodes.Ref():
                return self.ref(node)
            case nodes.Negative():
                self.expect(node.operand, _Kind.NUMBER, "số hạng / an operand")
                return _Kind.NUMBER
            case nodes.Arithmetic():
                for side in node.children():
                    self.expect(side, _Kind.NUMBER, "số hạng / an operand")
                return _Kind.NUMBER
            case nodes.Compare() | nodes.InRange():
                for side in node.children():
                    self.expect(side, _Kind.NUMBER, "vế so sánh / a side of a comparison")
                return _Kind.CONDITION
            case nodes.Logical() | nodes.Not():
                for side in node.children():
                    self.expect(side, _Kind.CONDITION, "vế and/or/not / an operand of and/or/not")
                return _Kind.CONDITION
            case nodes.Call():
                return self.call(node)
        return None  # pragma: no cover - every node kind is matched above

    def ref(self, ref: nodes.Ref) -> _Kind | None:
        categories = self.names.indicators.get(ref.indicator)
        if categories is None:
            self.problem(
                ref, f"chỉ tiêu '{ref.indicator}' không có trong danh mục / unknown indicator"
            )
            return None
        if not ref.category:
            return _Kind.NUMBER
        if ref.category not in categories:
            allowed = ", ".join(categories) or "không có / none"
            self.problem(
                ref,
                f"chỉ tiêu '{ref.indicator}' không phân tổ theo '{ref.category}' (có: {allowed}) "
                f"/ not disaggregated by '{ref.category}'",
            )
            return None
        if ref.option == nodes.ALL_OPTIONS:
            return _Kind.PARTS
        if ref.option not in self.names.categories.get(ref.category, ()):
            self.problem(
                ref,
                f"phân tổ '{ref.category}' không có phương án '{ref.option}' / unknown option",
            )
            return None
        return _Kind.NUMBER

    def call(self, call: nodes.Call) -> _Kind | None:
        arity = {"sum": (1, 1), "abs": (1, 1), "last_year": (1, 1), "previous": (1, 1)}
        low, high = arity.get(call.name, (2, 3))
        if call.name not in arity and call.name != "outlier":
            known = "sum, abs, last_year, previous, outlier"
            self.problem(call, f"không có hàm '{call.name}' (có: {known}) / unknown function")
            return None
        if not low <= len(call.args) <= high:
            count = str(low) if low == high else f"{low}–{high}"
            self.problem(
                call,
                f"hàm '{call.name}' nhận {count} đối số / '{call.name}' takes {count} arguments",
            )
            return None
        if call.name == "sum":
            self.expect(call.args[0], _Kind.PARTS, "đối số của sum / the argument of sum")
            return _Kind.NUMBER
        self.expect(
            call.args[0], _Kind.NUMBER, f"đối số của {call.name} / the argument of {call.name}"
        )
        if call.name != "outlier":
            return _Kind.NUMBER
        self.outlier_bounds(call)
        return _Kind.CONDITION

    def outlier_bounds(self, call: nodes.Call) -> None:
        deviations = call.args[1]
        if not isinstance(deviations, nodes.Number) or deviations.value <= 0:
            self.problem(
                deviations,
                "số độ lệch của outlier phải là một số dương viết sẵn / "
                "outlier's number of deviations must be a positive number",
            )
        if len(call.args) == 3:
            history = call.args[2]
            low, high = OUTLIER_HISTORY
            if not (
                isinstance(history, nodes.Number)
                and history.value == history.value.to_integral_value()
                and low <= history.value <= high
            ):
                self.problem(
                    history,
                    f"số kỳ của outlier phải là số nguyên từ {low} đến {high} / "
                    f"outlier's periods must be a whole number from {low} to {high}",
                )
