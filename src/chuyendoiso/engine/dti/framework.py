"""A provincial DTI framework as data: its pillars (the main indices that carry points),
its component indicators, each one's maximum points and scoring rule, and where each
element was read (docs/dti.md).

What no public text states is ``None`` here (``not_found`` in the file): a component whose
maximum or rule is not known is listed and left unscored until the province fills it in.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from chuyendoiso.engine.rules import nodes


class FrameworkKind(StrEnum):
    OFFICIAL = "official"  # the structure of the public texts, unknown points marked
    PROVINCE = "province"  # a province's copy, with the points of the year's guidance
    FIXTURE = "fixture"  # for tests and examples only


class Group(StrEnum):
    FOUNDATION = "foundation"  # nhóm chỉ số nền tảng
    ACTIVITY = "activity"  # nhóm chỉ số hoạt động


class RuleKind(StrEnum):
    PROPORTIONAL = "proportional"
    THRESHOLDS = "thresholds"
    YES_NO = "yes_no"
    COUNT_VS_NORM = "count_vs_norm"
    FORMULA = "formula"


class Direction(StrEnum):
    UP = "up"  # more is better: a step is reached from its value up
    DOWN = "down"  # less is better: a step is reached from its value down


@dataclass(frozen=True)
class Step:
    bound: Decimal  # ``from`` (direction up) or ``to`` (direction down)
    points: Decimal


@dataclass(frozen=True)
class Rule:
    """How a value becomes points; the fields used depend on ``kind``."""

    kind: RuleKind
    full_at: Decimal | None = None  # proportional
    zero_at: Decimal = Decimal(0)  # proportional
    steps: tuple[Step, ...] = ()  # thresholds, ordered from the least to the most points
    direction: Direction = Direction.UP  # thresholds
    norm: Decimal | None = None  # count_vs_norm: the count expected (per ``per_unit`` of ``per``)
    per: str = ""  # count_vs_norm: a catalogue indicator the norm is relative to
    per_unit: Decimal = Decimal(1)
    expression: str = ""  # formula: over other components' points
    formula: nodes.Node | None = None  # the parsed expression
    refs: tuple[str, ...] = ()  # formula: the components it reads


@dataclass(frozen=True)
class Component:
    code: str
    ref: str
    pillar: str
    name_vi: str
    name_en: str
    max_points: Decimal | None  # None: the official points were not found
    rule: Rule | None  # None: the rule was not found
    indicator: str  # the catalogue indicator that measures it ("" when none)
    source: str
    line: int = 0  # where it is written in the file

    @property
    def scorable(self) -> bool:
        return self.max_points is not None and self.rule is not None


@dataclass(frozen=True)
class Pillar:
    code: str
    ref: str
    name_vi: str
    name_en: str
    group: Group
    max_points: Decimal | None  # None: not found; 0: listed, not scored
    source: str
    components_stated: int | None = None  # how many the decision has (None: not found)


@dataclass(frozen=True)
class Framework:
    code: str
    number: str  # the decision's number ("922"), as ``--framework`` names it
    name_vi: str
    name_en: str
    decision: str
    source: str
    years: tuple[int, ...]
    kind: FrameworkKind
    max_points: Decimal | None
    pillars: tuple[Pillar, ...]
    components: tuple[Component, ...]
    file: str = ""  # the file it was read from
    components_stated: int | None = None  # how many the decision has (None: not found)

    def pillar(self, code: str) -> Pillar:
        return next(p for p in self.pillars if p.code == code)

    def component(self, code: str) -> Component:
        return next(c for c in self.components if c.code == code)

    def of_pillar(self, code: str) -> tuple[Component, ...]:
        return tuple(c for c in self.components if c.pillar == code)

    @property
    def indicators(self) -> tuple[str, ...]:
        """The catalogue indicators its components and norms read, in order, once."""
        codes = [c.indicator for c in self.components if c.indicator]
        codes += [c.rule.per for c in self.components if c.rule and c.rule.per]
        return tuple(dict.fromkeys(codes))
