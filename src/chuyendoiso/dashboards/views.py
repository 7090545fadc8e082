"""The leadership dashboard and the indicator page, for signed-in users: what the analytics'
read interface returns for the unit and period of the address (docs/dashboards.md)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext_lazy

from chuyendoiso.analytics.audience import Internal
from chuyendoiso.analytics.choice import Choice, page_choice
from chuyendoiso.analytics.pages import figures_page, periods_up_to
from chuyendoiso.analytics.presenters import FORMATS, OPERATORS, figures_file, value_decimals
from chuyendoiso.analytics.selectors import Unit, cards_of, ranking_of, series_of
from chuyendoiso.catalog.selectors import catalog_get
from chuyendoiso.dashboards import indicator_page as page
from chuyendoiso.dashboards import presenters, selectors
from chuyendoiso.engine.analytics import NATIONAL, Card, Progress, status_counts
from chuyendoiso.engine.domain.catalog import Indicator, Target
from chuyendoiso.engine.domain.errors import CdsError, NotFoundError
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


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    """A card per pillar and per headline indicator of the unit for the period, a chart of
    each headline indicator, the units below ranked."""

    def build(choice: Choice) -> dict[str, Any]:
        audience = Internal(request.user)
        unit, period = choice.unit, choice.period
        cards = cards_of(audience, unit, period)
        drafts = selectors.drafts_by_indicator(request.user, unit, period)
        headline = [card for card in cards if card.indicator.headline]
        codes = [card.indicator.code for card in headline]
        periods = periods_up_to(period)
        charts = [
            presenters.series_chart(series_of(audience, code, unit, periods), f"chart-{n}")
            for n, code in enumerate(codes, start=1)
        ]
        levels = [
            level_rows(str(LEVELS.get(level.level, level.level)), level.units, headline)
            for level in selectors.rankings(audience, codes, unit, period)
        ]
        return {
            "pillars": pillar_views(cards),
            "cards": [card_view(card, choice, drafts) for card in headline],
            "charts": charts,
            "headline": [
                (card.indicator.code, localized(card.indicator, "name")) for card in headline
            ],
            "levels": levels,
            "breadcrumb": selectors.breadcrumb(unit),
            "unit_key": unit_key(unit.code, unit.structure),
            "drafts_total": sum(drafts.values()),
            "synthetic": any(card.figure and card.figure.synthetic for card in headline),
            **picker(choice),
        }

    return figures_page(request, "dashboards/dashboard.html", build)


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


def card_view(card: Card, choice: Choice, drafts: dict[str, int]) -> presenters.CardView:
    return presenters.card_view(card, choice.period, drafts.get(card.indicator.code, 0))


@login_required
def indicator(request: HttpRequest, code: str) -> HttpResponse:
    """An indicator: its definition, how it is counted and collected, its targets, the
    unit's history (chart and table), the units below for the period, the reporting behind
    the figure, the rules that read it, and its figures for download."""

    def build(choice: Choice) -> dict[str, Any]:
        audience = Internal(request.user)
        series = series_of(audience, code, choice.unit, periods_up_to(choice.period))
        found = series.indicator
        ranking = ranking_of(audience, found.code, choice.unit, choice.period)
        latest = series.points[-1].figure
        return {
            "indicator": found,
            "name": localized(found, "name"),
            "definition": localized(found, "definition"),
            "unit_label": localized(found, "unit_label"),
            "source_system": source_system(found),
            "org_aggregation": page.ORG_AGGREGATION[found.aggregation_org.value],
            "time_aggregation": page.TIME_AGGREGATION[found.aggregation_time.value],
            "direction": page.DIRECTION[found.direction.value],
            "regimes": page.regimes_of(found),
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
            "reporting": page.reporting_of(latest),
            "rules": page.rules_reading(found),
            "breadcrumb": selectors.breadcrumb(choice.unit),
            "unit_key": unit_key(choice.unit.code, choice.unit.structure),
            "formats": list(FORMATS),
            **picker(choice),
        }

    return figures_page(request, "dashboards/indicator.html", build)


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


@login_required
def download(request: HttpRequest, code: str, fmt: str) -> HttpResponse:
    """The indicator page's figures as CSV, XLSX or JSON: the unit's history, then the
    units below for the period."""
    get = request.GET.get
    try:
        choice = page_choice(get("ou"), get("pe"), get("cal"))
        audience = Internal(request.user)
        ranking = ranking_of(audience, code, choice.unit, choice.period)
        rows = page.download_rows(audience, code, choice, ranking)
        name = f"{ranking.indicator.code}-{choice.unit.code}-{choice.period.id}"
        file = figures_file(rows, fmt, name=name)
    except NotFoundError as error:
        raise Http404(error.message) from error
    except CdsError as error:
        return HttpResponse(error.message, status=400, content_type="text/plain; charset=utf-8")
    response = HttpResponse(file.content, content_type=file.media_type)
    response["Content-Disposition"] = f'attachment; filename="{file.filename}"'
    return response
