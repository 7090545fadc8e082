"""The indicator catalogue: frameworks, pillars, indicators, disaggregations, targets,
reporting regimes.

Plain dataclasses; the file format lives in ``catalog_file`` and persistence in the
Django ``catalog`` app. See docs/catalog-format.md for every field.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum

from chuyendoiso.engine.domain.adminunits import Level
from chuyendoiso.engine.domain.regimes import DataSet


class MeasureUnit(StrEnum):
    COUNT = "count"  # số lượng (tin bài, trạm, thuê bao, ...)
    PERCENT = "percent"  # %
    VND = "vnd"  # đồng
    PER_MONTH = "per_month"  # số lượng mỗi tháng
    SCORE = "score"  # điểm chỉ số (DTI 0..1)
    RANK = "rank"  # thứ hạng


class ValueType(StrEnum):
    COUNT = "count"
    AMOUNT = "amount"
    PERCENT = "percent"  # a percentage reported as such, without its parts
    RATIO = "ratio"  # numerator / denominator of two other indicators, times 100


class OrgAggregation(StrEnum):
    SUM = "sum"
    RATIO = "ratio"  # recompute from the summed numerator and denominator
    NONE = "none"  # meaningful only for the unit that reported it


class TimeAggregation(StrEnum):
    FLOW = "flow"  # summed over the period
    STOCK = "stock"  # last value as of the period's end
    RATE_PER_MONTH = "rate_per_month"  # average per month over the period


class Direction(StrEnum):
    UP = "up"  # higher is better
    DOWN = "down"  # lower is better
    NONE = "none"


class TargetOperator(StrEnum):
    GTE = ">="
    GT = ">"
    LTE = "<="
    LT = "<"
    EQ = "="


@dataclass(frozen=True)
class Pillar:
    code: str
    name_vi: str
    name_en: str
    order: int


@dataclass(frozen=True)
class Framework:
    """A national indicator framework (DTI by QĐ 922/QĐ-BTTTT, by QĐ 405/QĐ-BKHCN, ...)."""

    code: str
    name_vi: str
    name_en: str
    source: str
    valid_from: dt.date
    valid_to: dt.date | None
    pillars: tuple[Pillar, ...]


@dataclass(frozen=True)
class Placement:
    """Where an indicator sits in a framework: its pillar there and the framework's own ref."""

    framework: str
    pillar: str
    ref: str = ""


@dataclass(frozen=True)
class CategoryOption:
    code: str
    name_vi: str
    name_en: str


@dataclass(frozen=True)
class Category:
    """A disaggregation ("phân tổ"): for example channel = online | in person."""

    code: str
    name_vi: str
    name_en: str
    options: tuple[CategoryOption, ...]

    def option_codes(self) -> tuple[str, ...]:
        return tuple(option.code for option in self.options)


@dataclass(frozen=True)
class Indicator:
    """An indicator of the catalogue. ``public``: its approved figures may be shown to anyone
    (the open-data portal); an indicator is internal unless marked. ``headline``: a key
    indicator, shown as a card on the dashboards. ``levels``: the levels of unit whose own
    report states it (the provincial newspaper's articles are the province's, not a
    commune's); none listed, every level."""

    code: str
    name_vi: str
    name_en: str
    pillar: str
    unit: MeasureUnit
    value_type: ValueType
    aggregation_org: OrgAggregation
    aggregation_time: TimeAggregation
    direction: Direction = Direction.UP
    unit_label_vi: str = ""
    unit_label_en: str = ""
    definition_vi: str = ""
    definition_en: str = ""
    numerator: str = ""
    denominator: str = ""
    categories: tuple[str, ...] = ()
    source_system: str = ""
    source_system_en: str = ""
    placements: tuple[Placement, ...] = ()
    public: bool = False
    headline: bool = False
    levels: tuple[Level, ...] = ()

    def reported_at(self, level: str) -> bool:
        """Whether the report of a unit of this level states the indicator."""
        return not self.levels or level in self.levels


@dataclass(frozen=True)
class Target:
    indicator: str
    org_unit: str  # official code; "VN" for a national target
    year: int
    value: Decimal
    operator: TargetOperator
    source: str
    note: str = ""


class RuleSeverity(StrEnum):
    ERROR = "error"  # refuses an import, blocks a submission
    WARNING = "warning"  # reported; explained by a comment on a value involved


class MissingPolicy(StrEnum):
    """What a validation rule does when a value it needs is missing or a division is by 0."""

    SKIP = "skip"  # the rule is not evaluated
    ZERO = "zero"  # the missing value (or the quotient) counts as 0
    ERROR = "error"  # the rule fails


@dataclass(frozen=True)
class ValidationRule:
    """A rule over indicator values in the language of engine.rules (docs/rules.md)."""

    code: str
    name_vi: str
    expression: str
    severity: RuleSeverity = RuleSeverity.ERROR
    missing: MissingPolicy = MissingPolicy.SKIP
    message_vi: str = ""


@dataclass(frozen=True)
class Catalog:
    pillars: tuple[Pillar, ...]
    frameworks: tuple[Framework, ...] = ()
    categories: tuple[Category, ...] = ()
    indicators: tuple[Indicator, ...] = ()
    targets: tuple[Target, ...] = ()
    datasets: tuple[DataSet, ...] = ()  # reporting regimes (engine.domain.regimes)
    rules: tuple[ValidationRule, ...] = ()
    _index: dict[str, Indicator] = field(default_factory=dict, compare=False, repr=False)

    def indicator(self, code: str) -> Indicator:
        if not self._index:
            self._index.update({ind.code: ind for ind in self.indicators})
        return self._index[code]
