"""What the pages of figures show for an audience, built once for the signed-in pages
(``views.py``: the dashboard and the indicator page, ``Internal(user)``) and for the public
ones (``opendata/views.py``: the portal and the public indicator page, ``PUBLIC``): the
place (breadcrumb, period picker), the cards, the charts of the headline indicators, the
units below ranked, and an indicator's definition, history and figures by unit."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext_lazy

from chuyendoiso.analytics.audience import Audience
from chuyendoiso.analytics.choice import Choice
from chuyendoiso.analytics.pages import periods_up_to
from chuyendoiso.analytics.presenters import OPERATORS, value_decimals
from chuyendoiso.analytics.selectors import Unit, ranking_of, series_of
from chuyendoiso.catalog.selectors import catalog_get
from chuyendoiso.dashboards import indicator_page as page
from chuyendoiso.dashboards import presenters, selectors
from chuyendoiso.engine.analytics import NATIONAL, Card, Progress, status_counts
from chuyendoiso.engine.domain.catalog import Indicator, Target
from chuyendoiso.orgunits.services import unit_key
from chuyendoiso.web.language import current_language, localized

LEVELS = {
    "province": gettext_lazy("Tỉnh"),
    "department": gettext_lazy("Sở, ban, ngành"),
    "district": gettext_lazy("Huyện, thành phố (trước 01/7/2025)"),
    "commune": gettext_lazy("Xã, phường"),
}
PERIOD_TYPES = {
    "year": gettext_lazy("Năm"),
    "half": gettext_lazy("6 tháng"),
    "quarter": gettext_lazy("Quý"),
    "month": gettext_lazy("Tháng"),
}
CALENDARS = {
    "calendar": gettext_lazy("Lịch thường (tháng dương lịch)"),
    "nd09": gettext_lazy("Lịch Nghị định 09 (từ ngày 15 đến ngày 14)"),
}


def picker(choice: Choice) -> dict[str, Any]:
    """The period picker's groups and calendars, labelled in the page's language."""
    groups = [
        (
            PERIOD_TYPES[group.type.value],
            [(p.id, presenters.period_label(p)) for p in group.periods],
        )
        for group in selectors.period_choices(choice.period)
    ]
    calendars = [(c.value, CALENDARS[c.value]) for c in selectors.CALENDARS]
    return {"period_groups": groups, "calendars": calendars}


def place(choice: Choice) -> dict[str, Any]:
    """The unit's breadcrumb and the period picker (``dashboards/_picker.html``)."""
    unit = choice.unit
    return {
        "breadcrumb": selectors.breadcrumb(unit),
        "unit_key": unit_key(unit.code, unit.structure),
        **picker(choice),
    }


@dataclass(frozen=True)
class PillarView:
    name: str
    indicators: int  # the pillar's indicators the dashboard counts
    with_figure: int
    statuses: list[tuple[presenters.Status, int]]


def pillar_views(cards: list[Card]) -> list[PillarView]:
    counts = status_counts(cards)
    views = []
    for pillar in catalog_get().pillars:
        of_pillar = [card for card in cards if card.indicator.pillar == pillar.code]
        if not of_pillar:
            continue
        counted: Counter[Progress | None] = counts.get(pillar.code, Counter())
        order: list[Progress | None] = [*Progress, None]
        statuses = [(presenters.status_of(p), counted[p]) for p in order if counted.get(p)]
        views.append(
            PillarView(
                name=localized(pillar, "name"),
                indicators=len(of_pillar),
                with_figure=sum(1 for card in of_pillar if card.figure is not None),
                statuses=statuses,
            )
        )
    return views


def pillar_cards(
    cards: list[Card], choice: Choice, drafts: dict[str, int]
) -> list[tuple[str, list[presenters.CardView]]]:
    """The cards pillar by pillar, in the catalogue's order: (pillar's name, its cards)."""
    return [
        (localized(pillar, "name"), of_pillar)
        for pillar in catalog_get().pillars
        if (
            of_pillar := [
                card_view(card, choice, drafts)
                for card in cards
                if card.indicator.pillar == pillar.code
            ]
        )
    ]


def card_view(card: Card, choice: Choice, drafts: dict[str, int]) -> presenters.CardView:
    return presenters.card_view(card, choice.period, drafts.get(card.indicator.code, 0))


def headline(audience: Audience, cards: list[Card], choice: Choice) -> dict[str, Any]:
    """The headline indicators of ``cards``: a chart of each over the periods up to the one
    chosen, and the units below ranked by them, level by level (``dashboards/_ranking.html``)."""
    unit, period = choice.unit, choice.period
    chosen = [card for card in cards if card.indicator.headline]
    codes = [card.indicator.code for card in chosen]
    periods = periods_up_to(period)
    charts = [
        presenters.series_chart(series_of(audience, code, unit, periods), f"chart-{n}")
        for n, code in enumerate(codes, start=1)
    ]
    levels = [
        level_rows(str(LEVELS.get(level.level, level.level)), level.units, chosen)
        for level in selectors.rankings(audience, codes, unit, period)
    ]
    return {
        "charts": charts,
        "headline": [(card.indicator.code, localized(card.indicator, "name")) for card in chosen],
        "headline_cards": chosen,
        "levels": levels,
        "synthetic": any(card.figure and card.figure.synthetic for card in chosen),
    }


@dataclass(frozen=True)
class RankedCell:
    text: str
    rank: int


@dataclass(frozen=True)
class RankedRow:
    unit: Unit
    cells_in_order: list[RankedCell | None]


def ranked_row(each: selectors.RankedUnit, headline: list[Card]) -> RankedRow:
    cells: list[RankedCell | None] = []
    for card in headline:
        ranked = each.cells.get(card.indicator.code)
        text = presenters.figure_text(ranked.figure, card.indicator) if ranked else ""
        cells.append(RankedCell(text, ranked.rank) if ranked else None)
    return RankedRow(each.unit, cells)


def level_rows(
    label: str, units: tuple[selectors.RankedUnit, ...], headline: list[Card]
) -> tuple[str, list[RankedRow], list[RankedRow]]:
    """A level's rows with a figure for some headline indicator, and those with none."""
    rows = [ranked_row(each, headline) for each in units]
    return (
        label,
        [row for row in rows if any(row.cells_in_order)],
        [row for row in rows if not any(row.cells_in_order)],
    )


def indicator(audience: Audience, code: str, choice: Choice) -> dict[str, Any]:
    """An indicator as the audience may see it: its definition, how it is counted, its
    targets, the unit's history (chart and table), the units below for the period and how
    complete the unit's figure is. An indicator the audience may not see is not found."""
    series = series_of(audience, code, choice.unit, periods_up_to(choice.period))
    found = series.indicator
    ranking = ranking_of(audience, found.code, choice.unit, choice.period)
    return {
        "indicator": found,
        "name": localized(found, "name"),
        "definition": localized(found, "definition"),
        "unit_label": localized(found, "unit_label"),
        "source_system": source_system(found),
        "org_aggregation": page.ORG_AGGREGATION[found.aggregation_org.value],
        "time_aggregation": page.TIME_AGGREGATION[found.aggregation_time.value],
        "direction": page.DIRECTION[found.direction.value],
        "targets": [target_view(t, found) for t in page.targets_of(found)],
        "chart": presenters.series_chart(series, "history"),
        "history": [
            (
                presenters.period_label(p.period),
                presenters.figure_text(p.figure, found),
                p.figure,
            )
            for p in reversed(series.points)
        ],
        "ranking": [
            (row, presenters.figure_text(row.figure, found), page.reporting_of(row.figure))
            for row in ranking.rows
        ],
        "missing": ranking.missing,
        "reporting": page.reporting_of(series.points[-1].figure),
        **place(choice),
    }


def source_system(indicator: Indicator) -> str:
    """The system the figures come from, in English on an English page when it has one."""
    if current_language() == "en" and indicator.source_system_en:
        return indicator.source_system_en
    return indicator.source_system


def target_view(target: Target, indicator: Indicator) -> dict[str, Any]:
    goal = presenters.number(target.value, value_decimals(target.value, 0))
    percent = "%" if presenters.is_percent(indicator) else ""
    return {
        "target": target,
        "text": f"{OPERATORS[target.operator.value]} {goal}{percent}",
        "national": target.org_unit == NATIONAL,
    }
