"""Figures in the words and notation of the page's language: a figure with its qualifier
("gần 140" / "nearly 140"), its change against the same period last year, its progress
towards a target (a status told by an icon and words as well as a colour), and the charts
of a series (web/charts.py)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from chuyendoiso.analytics.presenters import OPERATORS, value_decimals
from chuyendoiso.analytics.selectors import Series
from chuyendoiso.engine.analytics import Card, Figure, Progress, TargetProgress
from chuyendoiso.engine.domain.catalog import Indicator, MeasureUnit
from chuyendoiso.engine.domain.datavalues import Qualifier
from chuyendoiso.engine.domain.periods import Period, label_en, label_vi
from chuyendoiso.engine.domain.vnnumbers import format_number, round_half_up
from chuyendoiso.web import charts
from chuyendoiso.web.language import current_language, localized

CHANGE_DECIMALS = 2
QUALIFIERS = {
    Qualifier.EXACT: "",
    Qualifier.GAN: gettext_lazy("gần"),
    Qualifier.HON: gettext_lazy("hơn"),
    Qualifier.TREN: gettext_lazy("trên"),
    Qualifier.KHOANG: gettext_lazy("khoảng"),
}
SCALES = {
    10**6: gettext_lazy("triệu"),
    10**9: gettext_lazy("tỷ"),
    10**12: gettext_lazy("nghìn tỷ"),
}


@dataclass(frozen=True)
class Status:
    """A progress status as the page shows it: ``key`` names its colour (CSS), ``icon`` and
    ``label`` tell it without the colour."""

    key: str
    icon: str
    label: str


STATUSES = {
    Progress.ACHIEVED: ("✔", gettext_lazy("đã đạt mục tiêu")),
    Progress.ON_TRACK: ("↗", gettext_lazy("đúng lộ trình")),
    Progress.ACCELERATION_NEEDED: ("➚", gettext_lazy("có tiến bộ nhưng cần đẩy nhanh")),
    Progress.LIMITED: ("→", gettext_lazy("tiến bộ hạn chế")),
    Progress.DETERIORATING: ("↘", gettext_lazy("đang đi xuống")),
}
NO_STATUS = ("·", gettext_lazy("chưa đánh giá được"))


def status_of(progress: Progress | None) -> Status:
    icon, label = STATUSES.get(progress, NO_STATUS) if progress else NO_STATUS
    return Status(progress.value if progress else "none", icon, str(label))


def period_label(period: Period) -> str:
    return label_en(period) if current_language() == "en" else label_vi(period)


def number(value: Decimal | int, decimals: int = 0) -> str:
    return format_number(value, decimals, locale=current_language())


def is_percent(indicator: Indicator) -> bool:
    return indicator.unit is MeasureUnit.PERCENT


def figure_text(figure: Figure | None, indicator: Indicator) -> str:
    """The figure as stated, with its qualifier: "gần 140", "99,63%", "trên 6,6 triệu"."""
    if figure is None:
        return "—"
    decimals = value_decimals(figure.value, figure.decimals)
    scale = 1 if is_percent(indicator) else figure.scale
    text = number(Decimal(figure.value) / scale, decimals)
    if scale in SCALES:
        text = f"{text} {SCALES[scale]}"
    if is_percent(indicator):
        text += "%"
    word = QUALIFIERS[figure.qualifier]
    return f"{word} {text}" if word else text


def short_percent(value: Decimal, decimals: int = CHANGE_DECIMALS) -> str:
    """A percentage without trailing decimal zeros: 9% rather than 9,00%."""
    shown = round_half_up(value, decimals).normalize()
    places = max(0, -int(shown.as_tuple().exponent))
    return number(shown, places) + "%"


def change_text(card: Card, period: Period) -> str:
    """tăng 9% so với cùng kỳ năm 2023 / up 9% on the same period of 2023."""
    change = card.change
    if change is None or change.percent is None:
        return ""
    shown = round_half_up(change.percent, CHANGE_DECIMALS)
    year = period.year - 1
    if shown == 0:
        return _("bằng cùng kỳ năm %(year)s") % {"year": year}
    words = {"percent": short_percent(abs(shown)), "year": year}
    if shown > 0:
        return _("tăng %(percent)s so với cùng kỳ năm %(year)s") % words
    return _("giảm %(percent)s so với cùng kỳ năm %(year)s") % words


def target_text(progress: TargetProgress | None, indicator: Indicator) -> str:
    """≥ 90% (2025): 89,1% mục tiêu / ≥ 90% (2025): 89.1% of the target."""
    if progress is None:
        return ""
    target = progress.target
    goal = number(target.value, value_decimals(target.value, 0))
    if is_percent(indicator):
        goal += "%"
    share = number(progress.attainment.percent_of_target, 1)
    return _("%(operator)s %(goal)s (%(year)s): %(share)s%% mục tiêu") % {
        "operator": OPERATORS[target.operator.value],
        "goal": goal,
        "year": target.year,
        "share": share,
    }


@dataclass(frozen=True)
class CardView:
    card: Card
    name: str
    unit_label: str
    value: str
    change: str
    national: str
    provincial: str
    status: Status
    drafts: int  # the unit's values of the indicator waiting for approval that the user may read


def card_view(card: Card, period: Period, drafts: int) -> CardView:
    indicator = card.indicator
    return CardView(
        card=card,
        name=localized(indicator, "name"),
        unit_label="" if is_percent(indicator) else localized(indicator, "unit_label"),
        value=figure_text(card.figure, indicator),
        change=change_text(card, period),
        national=target_text(card.national, indicator),
        provincial=target_text(card.provincial, indicator),
        status=status_of(card.status),
        drafts=drafts,
    )


def series_chart(series: Series, chart_id: str) -> charts.Chart:
    """The unit's figures period by period, as a line."""
    indicator = series.indicator
    values = tuple(p.figure.value if p.figure else None for p in series.points)
    decimals = max(
        (value_decimals(p.figure.value, p.figure.decimals) for p in series.points if p.figure),
        default=0,
    )
    name = localized(indicator, "name")
    scale = axis_scale(values) if not is_percent(indicator) else 1
    return charts.Chart(
        id=chart_id,
        title=name,
        kind="line",
        category_label=_("Kỳ"),
        categories=tuple(period_label(p.period) for p in series.points),
        series=(charts.Series(series.unit.name, values),),
        description=_("%(indicator)s của %(unit)s theo kỳ")
        % {"indicator": name, "unit": series.unit.name},
        unit="%" if is_percent(indicator) else localized(indicator, "unit_label"),
        decimals=decimals,
        scale=scale,
        scale_label=str(SCALES.get(scale, "")),
    )


def axis_scale(values: tuple[Decimal | None, ...]) -> int:
    """The largest of millions, billions, thousands of billions the largest value reaches
    (1 below a million): the value axis counts in it."""
    largest = max((abs(v) for v in values if v is not None), default=Decimal(0))
    return max((scale for scale in SCALES if largest >= scale), default=1)
