"""What the indicator page shows beside the figures: how the indicator is defined, counted
and collected (aggregation, the regimes and levels that report it, its targets, the
validation rules that read it), and the figures it offers for download: the unit's for the
periods of its history, and those of the units below for the period (docs/dashboards.md)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext_lazy, pgettext_lazy

from chuyendoiso.analytics.audience import Audience
from chuyendoiso.analytics.choice import Choice
from chuyendoiso.analytics.pages import periods_up_to
from chuyendoiso.analytics.selectors import FigureRow, Ranking, figures_of
from chuyendoiso.catalog import models as catalog_models
from chuyendoiso.catalog.selectors import catalog_get, datasets_all
from chuyendoiso.dashboards.presenters import number
from chuyendoiso.engine.analytics import Figure
from chuyendoiso.engine.domain.catalog import Indicator, Target
from chuyendoiso.orgunits.models import OrgUnit
from chuyendoiso.orgunits.services import unit_key
from chuyendoiso.validation.selectors import rules_compiled
from chuyendoiso.web.language import localized

ORG_AGGREGATION = {
    "sum": gettext_lazy("cộng giá trị của các đơn vị cấp dưới"),
    "ratio": gettext_lazy("tính lại tỷ lệ từ tử số và mẫu số đã cộng của các đơn vị cấp dưới"),
    "none": gettext_lazy("không cộng dồn: chỉ có ý nghĩa cho đơn vị báo cáo"),
}
TIME_AGGREGATION = {
    "flow": gettext_lazy("cộng các kỳ nhỏ trong kỳ"),
    "stock": gettext_lazy("giá trị cuối cùng tính đến hết kỳ"),
    "rate_per_month": gettext_lazy("bình quân mỗi tháng trong kỳ"),
}
DIRECTION = {
    "up": gettext_lazy("càng cao càng tốt"),
    "down": gettext_lazy("càng thấp càng tốt"),
    "none": gettext_lazy("không xếp hạng tốt, xấu"),
}
LEVEL_NAMES = {
    "province": gettext_lazy("tỉnh"),
    "department": gettext_lazy("sở, ban, ngành"),
    "district": gettext_lazy("huyện"),
    "commune": gettext_lazy("xã"),
}
PERIOD_NAMES = {  # "reported by ..."
    "year": pgettext_lazy("reported by", "năm"),
    "half": pgettext_lazy("reported by", "6 tháng"),
    "quarter": pgettext_lazy("reported by", "quý"),
    "month": pgettext_lazy("reported by", "tháng"),
    "day": pgettext_lazy("reported by", "ngày"),
}


@dataclass(frozen=True)
class Regime:
    code: str
    name: str
    period: str
    levels: str


def regimes_of(indicator: Indicator) -> list[Regime]:
    """The reporting regimes that collect the indicator, with the levels whose units report."""
    return [
        Regime(
            dataset.code,
            localized(dataset, "name"),
            str(PERIOD_NAMES.get(dataset.period_type.value, dataset.period_type.value)),
            ", ".join(str(LEVEL_NAMES.get(level.value, level.value)) for level in dataset.levels),
        )
        for dataset in datasets_all()
        if any(entry.indicator == indicator.code for entry in dataset.indicators)
    ]


def targets_of(indicator: Indicator) -> list[Target]:
    return sorted(
        (t for t in catalog_get().targets if t.indicator == indicator.code),
        key=lambda t: (t.year, t.org_unit),
    )


@dataclass(frozen=True)
class RuleLink:
    code: str
    name: str
    severity: str
    pk: int | None  # the rule's admin page


def rules_reading(indicator: Indicator) -> list[RuleLink]:
    reading = [c.rule for c in rules_compiled() if indicator.code in c.reads]
    pks = dict(
        catalog_models.ValidationRule.objects.filter(
            code__in=[r.code for r in reading]
        ).values_list("code", "pk")
    )
    return [RuleLink(r.code, r.name_vi, r.severity.value, pks.get(r.code)) for r in reading]


@dataclass(frozen=True)
class Reporting:
    """How complete the unit's figure is: the units that reported out of those expected."""

    reporting: int
    expected: int
    share: str  # "85,7%"
    whole_period: bool


def reporting_of(figure: Figure | None) -> Reporting | None:
    if figure is None:
        return None
    expected = figure.expected_units or 1
    share = number(Decimal(figure.reporting_units * 100) / expected, 1) + "%"
    whole = (figure.own_period.start, figure.own_period.end) == (
        figure.period.start,
        figure.period.end,
    )
    return Reporting(figure.reporting_units, figure.expected_units, share, whole)


def download_rows(
    audience: Audience, code: str, choice: Choice, ranking: Ranking
) -> list[FigureRow]:
    """The figures of the page: the unit's for each period of its history (for its latest
    territory, as the chart), then the figure of each unit below for the period."""
    periods = periods_up_to(choice.period)
    history = figures_of(audience, [code], [choice.unit], periods, same_territory=True)
    keys = [row.unit.key for row in ranking.rows]
    below = units_by_key(keys)
    rows = figures_of(audience, [code], [below[k] for k in keys], [choice.period])
    return history + rows


def units_by_key(keys: list[str]) -> dict[str, OrgUnit]:
    found: dict[str, OrgUnit] = {}
    codes = {key.split("@")[0] for key in keys}
    for unit in OrgUnit.objects.filter(code__in=codes):
        key = unit_key(unit.code, unit.structure)
        if key in keys:
            found[key] = unit
    return found
