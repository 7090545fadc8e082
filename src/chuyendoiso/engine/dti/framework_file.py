"""Reading a DTI framework file (docs/dti.md): the whole file is checked and every problem
reported with its line, as the catalogue file is; nothing is half-read."""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from decimal import Decimal, InvalidOperation
from pathlib import Path

from chuyendoiso.engine.dti.framework import (
    Component,
    Direction,
    Framework,
    FrameworkKind,
    Group,
    Pillar,
    Rule,
    RuleKind,
    Step,
)
from chuyendoiso.engine.files.yamlfile import (
    LineMapping,
    ProblemCollector,
    YamlFileError,
    load_mapping,
    read_text,
)
from chuyendoiso.engine.rules import RuleError, nodes, parse

NOT_FOUND = "not_found"
FORMAT_VERSION = 1
FORMULA_FUNCTIONS = {"min", "max"}

_FRAMEWORK_KEYS = {"code", "number", "name_vi", "name_en", "decision", "source", "years"}
_FRAMEWORK_KEYS |= {"kind", "max_points", "components_stated"}
_PILLAR_KEYS = {"code", "ref", "name_vi", "name_en", "group", "max_points", "source"}
_PILLAR_KEYS |= {"components_stated"}
_COMPONENT_KEYS = {"code", "ref", "pillar", "name_vi", "name_en", "max_points", "rule"}
_COMPONENT_KEYS |= {"indicator", "source"}
_RULE_KEYS = {
    RuleKind.PROPORTIONAL: {"kind", "full_at", "zero_at"},
    RuleKind.THRESHOLDS: {"kind", "steps", "direction"},
    RuleKind.YES_NO: {"kind"},
    RuleKind.COUNT_VS_NORM: {"kind", "norm", "per", "per_unit"},
    RuleKind.FORMULA: {"kind", "expression"},
}


class FrameworkFileError(YamlFileError):
    what_vi = "Tệp bộ chỉ số DTI"
    what_en = "DTI framework file"


def read_framework(path: Path, *, indicators: Collection[str] | None = None) -> Framework:
    """The framework in ``path``; ``indicators``, when given, are the catalogue's codes that
    a component may name."""
    text = read_text(path, error=FrameworkFileError)
    return parse_framework(text, source=str(path), indicators=indicators)


def parse_framework(
    text: str, *, source: str, indicators: Collection[str] | None = None
) -> Framework:
    document = load_mapping(text, source=source, error=FrameworkFileError)
    reading = _Reading(indicators)
    framework = reading.framework(document, source)
    reading.raise_if_any(source, FrameworkFileError)
    return framework


class _Reading(ProblemCollector):
    def __init__(self, indicators: Collection[str] | None) -> None:
        super().__init__()
        self.indicators = set(indicators) if indicators is not None else None

    def framework(self, document: LineMapping, source: str) -> Framework:
        self.known_keys(document, {"version", "framework", "pillars", "components"})
        if document.get("version") != FORMAT_VERSION:
            self.problem(
                document.line_of("version"),
                f"'version' phải là {FORMAT_VERSION} / 'version' must be {FORMAT_VERSION}",
            )
        head = document.get("framework")
        if not isinstance(head, LineMapping):
            self.problem(document.line, "thiếu mục 'framework' / missing 'framework'")
            head = LineMapping()
        self.known_keys(head, _FRAMEWORK_KEYS)
        pillars = [self.pillar(item) for item in self.items(document, "pillars", required=True)]
        codes = self.unique("pillars", [(p[1], p[0].code) for p in pillars])
        components = [
            self.component(item, codes)
            for item in self.items(document, "components", required=True)
        ]
        self.unique("components", [(c.line, c.code) for c in components])
        found = Framework(
            code=self.code(head),
            number=self.text(head, "number"),
            name_vi=self.text(head, "name_vi"),
            name_en=self.text(head, "name_en"),
            decision=self.text(head, "decision"),
            source=self.text(head, "source"),
            years=self.years(head),
            kind=self.choice(head, "kind", FrameworkKind),
            max_points=self.points(head, "max_points"),
            pillars=tuple(p[0] for p in pillars),
            components=tuple(components),
            file=source,
            components_stated=self.count(head, "components_stated"),
        )
        self.formulas(found)
        self.counts(found, head, dict((p[0].code, p[1]) for p in pillars))
        self.sums(found, head, dict((p[0].code, p[1]) for p in pillars))
        return found

    def pillar(self, item: LineMapping) -> tuple[Pillar, int]:
        self.known_keys(item, _PILLAR_KEYS)
        pillar = Pillar(
            code=self.code(item),
            ref=self.text(item, "ref", required=False),
            name_vi=self.text(item, "name_vi"),
            name_en=self.text(item, "name_en"),
            group=self.choice(item, "group", Group),
            max_points=self.points(item, "max_points"),
            source=self.text(item, "source"),
            components_stated=self.count(item, "components_stated"),
        )
        return pillar, item.line

    def component(self, item: LineMapping, pillars: set[str]) -> Component:
        self.known_keys(item, _COMPONENT_KEYS)
        pillar = self.code(item, "pillar")
        if pillar and pillar not in pillars:
            self.problem(
                item.line_of("pillar"),
                f"trụ cột '{pillar}' không có trong 'pillars' / unknown pillar '{pillar}'",
            )
        indicator = self.code(item, "indicator", required=False)
        self.catalogue_code(item, "indicator", indicator)
        max_points = self.points(item, "max_points")
        return Component(
            code=self.code(item),
            ref=self.text(item, "ref", required=False),
            pillar=pillar,
            name_vi=self.text(item, "name_vi"),
            name_en=self.text(item, "name_en"),
            max_points=max_points,
            rule=self.rule(item, max_points),
            indicator=indicator,
            source=self.text(item, "source"),
            line=item.line,
        )

    def catalogue_code(self, item: LineMapping, key: str, code: str) -> None:
        if code and self.indicators is not None and code not in self.indicators:
            self.problem(
                item.line_of(key),
                f"chỉ tiêu '{code}' không có trong danh mục / '{key}': no indicator '{code}' "
                "in the catalogue",
            )

    def years(self, head: LineMapping) -> tuple[int, ...]:
        raw = head.get("years", [])
        last = dt.date.today().year + 1
        good = isinstance(raw, list) and all(
            isinstance(y, int) and not isinstance(y, bool) and 2015 <= y <= last for y in raw
        )
        if not good:
            self.problem(
                head.line_of("years"),
                f"'years' phải là danh sách năm từ 2015 đến {last} / 'years' must be a list "
                "of years",
            )
            return ()
        return tuple(raw)

    def decimal(self, item: LineMapping, key: str, *, required: bool = True) -> Decimal | None:
        raw = item.get(key)
        if raw is None:
            if required:
                self.problem(item.line, f"thiếu trường '{key}' / missing field '{key}'")
            return None
        try:
            if isinstance(raw, bool) or not isinstance(raw, str | int | float):
                raise InvalidOperation
            value = Decimal(str(raw).strip().replace(",", "."))
            if not value.is_finite():
                raise InvalidOperation
        except InvalidOperation:
            self.problem(
                item.line_of(key),
                f"'{key}' = '{raw}' không phải là số / '{key}' must be a number",
            )
            return None
        return value

    def count(self, item: LineMapping, key: str) -> int | None:
        """An optional count of components, or ``not_found`` (None)."""
        raw = item.get(key)
        if raw is None or raw == NOT_FOUND:
            return None
        if isinstance(raw, int) and not isinstance(raw, bool) and raw >= 0:
            return raw
        self.problem(
            item.line_of(key),
            f"'{key}' phải là số nguyên không âm hoặc {NOT_FOUND} / '{key}' must be a count "
            f"or {NOT_FOUND}",
        )
        return None

    def counts(self, framework: Framework, head: LineMapping, lines: dict[str, int]) -> None:
        """No more components listed than the decision has."""
        stated = [
            (p.components_stated, len(framework.of_pillar(p.code)), lines.get(p.code, 0))
            for p in framework.pillars
        ]
        stated.append(
            (
                framework.components_stated,
                len(framework.components),
                head.line_of("components_stated"),
            )
        )
        for count, listed, line in stated:
            if count is not None and listed > count:
                self.problem(
                    line,
                    f"liệt kê {listed} chỉ số thành phần, văn bản có {count} / {listed} "
                    f"components listed, the decision has {count}",
                )

    def points(self, item: LineMapping, key: str) -> Decimal | None:
        """A number of points, or ``not_found`` (None)."""
        if item.get(key) == NOT_FOUND:
            return None
        value = self.decimal(item, key)
        if value is not None and value < 0:
            self.problem(item.line_of(key), f"'{key}' không được âm / '{key}' must not be < 0")
        return value

    def rule(self, item: LineMapping, max_points: Decimal | None) -> Rule | None:
        raw = item.get("rule")
        if raw == NOT_FOUND:
            return None
        if not isinstance(raw, LineMapping):
            self.problem(
                item.line_of("rule"),
                f"'rule' phải là một bảng khóa: giá trị hoặc {NOT_FOUND} / 'rule' must be a "
                f"mapping or {NOT_FOUND}",
            )
            return None
        kind = self.choice(raw, "kind", RuleKind)
        self.known_keys(raw, _RULE_KEYS[kind])
        match kind:
            case RuleKind.PROPORTIONAL:
                return self.proportional(raw)
            case RuleKind.THRESHOLDS:
                return self.thresholds(raw, max_points)
            case RuleKind.COUNT_VS_NORM:
                return self.count_vs_norm(raw)
            case RuleKind.FORMULA:
                return self.formula(raw)
        return Rule(RuleKind.YES_NO)

    def proportional(self, raw: LineMapping) -> Rule:
        full = self.decimal(raw, "full_at")
        zero = self.decimal(raw, "zero_at", required=False) or Decimal(0)
        if full is not None and full == zero:
            self.problem(
                raw.line_of("full_at"),
                "'full_at' phải khác 'zero_at' / 'full_at' must differ from 'zero_at'",
            )
        return Rule(RuleKind.PROPORTIONAL, full_at=full, zero_at=zero)

    def thresholds(self, raw: LineMapping, max_points: Decimal | None) -> Rule:
        direction = self.choice(raw, "direction", Direction, Direction.UP)
        key = "from" if direction is Direction.UP else "to"
        steps: list[Step] = []
        for step in self.items(raw, "steps", required=True):
            self.known_keys(step, {key, "points"})
            bound, points = self.decimal(step, key), self.decimal(step, "points")
            if bound is None or points is None:
                continue
            if points < 0:
                self.problem(step.line_of("points"), "điểm không được âm / points must be >= 0")
            if max_points is not None and points > max_points:
                self.problem(
                    step.line_of("points"),
                    f"{points} điểm vượt điểm tối đa {max_points} / more than the maximum",
                )
            if steps and (points <= steps[-1].points or _not_after(bound, steps[-1], direction)):
                self.problem(
                    step.line,
                    "các mức phải theo thứ tự, điểm tăng dần / steps must be in order, with "
                    "more points each",
                )
            steps.append(Step(bound, points))
        if not steps:
            self.problem(raw.line, "cần ít nhất một mức / at least one step is needed")
        return Rule(RuleKind.THRESHOLDS, steps=tuple(steps), direction=direction)

    def count_vs_norm(self, raw: LineMapping) -> Rule:
        norm = self.decimal(raw, "norm")
        per = self.code(raw, "per", required=False)
        self.catalogue_code(raw, "per", per)
        per_unit = self.decimal(raw, "per_unit", required=False) or Decimal(1)
        for key, value in (("norm", norm), ("per_unit", per_unit)):
            if value is not None and value <= 0:
                self.problem(raw.line_of(key), f"'{key}' phải lớn hơn 0 / '{key}' must be > 0")
        return Rule(RuleKind.COUNT_VS_NORM, norm=norm, per=per, per_unit=per_unit)

    def formula(self, raw: LineMapping) -> Rule:
        text = self.text(raw, "expression")
        if not text:
            return Rule(RuleKind.FORMULA)
        try:
            tree = parse(text)
        except RuleError as exc:
            self.problem(raw.line_of("expression"), f"công thức / formula: {exc.message}")
            return Rule(RuleKind.FORMULA, expression=text)
        refs: list[str] = []
        for node in _walk(tree):
            if isinstance(node, nodes.Ref) and not node.category:
                refs.append(node.indicator)
            elif isinstance(node, nodes.Call) and node.name in FORMULA_FUNCTIONS:
                continue
            elif not isinstance(node, nodes.Number | nodes.Arithmetic | nodes.Negative):
                self.problem(
                    raw.line_of("expression"),
                    f"công thức chỉ dùng + - * /, số, mã chỉ số thành phần, min, max / "
                    f"a formula may use only + - * /, numbers, component codes, min, max: "
                    f"'{text[node.start : node.end]}'",
                )
        return Rule(
            RuleKind.FORMULA, expression=text, formula=tree, refs=tuple(dict.fromkeys(refs))
        )

    def formulas(self, framework: Framework) -> None:
        """A formula names known components and no formula depends on itself."""
        codes = {c.code for c in framework.components}
        reads = {c.code: c.rule.refs for c in framework.components if c.rule and c.rule.refs}
        for component in framework.components:
            for ref in reads.get(component.code, ()):
                if ref not in codes:
                    self.problem(
                        component.line,
                        f"công thức của '{component.code}' dùng '{ref}' không có trong "
                        f"'components' / the formula names an unknown component '{ref}'",
                    )
            if _reaches(component.code, component.code, reads, set()):
                self.problem(
                    component.line,
                    f"công thức của '{component.code}' vòng lại chính nó / the formula of "
                    f"'{component.code}' depends on itself",
                )

    def sums(self, framework: Framework, head: LineMapping, lines: dict[str, int]) -> None:
        """Known points add up: components within their pillar, pillars within the index."""
        for pillar in framework.pillars:
            if pillar.max_points is None:
                continue
            parts = [c.max_points for c in framework.of_pillar(pillar.code)]
            known = sum((p for p in parts if p is not None), Decimal(0))
            # all the decision's components listed, each with its points: they add up exactly
            complete = None not in parts and len(parts) == pillar.components_stated
            if known > pillar.max_points or (complete and known != pillar.max_points):
                self.problem(
                    lines.get(pillar.code, 0),
                    f"điểm các chỉ số thành phần của '{pillar.code}' cộng lại {known}, điểm "
                    f"tối đa của trụ cột {pillar.max_points} / its components' points add up to "
                    f"{known}, the pillar's maximum is {pillar.max_points}",
                )
        points = [p.max_points for p in framework.pillars]
        if framework.max_points is not None and None not in points:
            total = sum((p for p in points if p is not None), Decimal(0))
            if total != framework.max_points:
                self.problem(
                    head.line_of("max_points"),
                    f"điểm các trụ cột cộng lại {total}, điểm tối đa {framework.max_points} / "
                    f"the pillars' points add up to {total}, not {framework.max_points}",
                )


def _not_after(bound: Decimal, previous: Step, direction: Direction) -> bool:
    return bound <= previous.bound if direction is Direction.UP else bound >= previous.bound


def _walk(node: nodes.Node) -> list[nodes.Node]:
    found, stack = [], [node]
    while stack:
        current = stack.pop()
        found.append(current)
        stack.extend(reversed(current.children()))
    return found


def _reaches(start: str, target: str, reads: dict[str, tuple[str, ...]], seen: set[str]) -> bool:
    for ref in reads.get(start, ()):
        if ref == target:
            return True
        if ref not in seen:
            seen.add(ref)
            if _reaches(ref, target, reads, seen):
                return True
    return False
