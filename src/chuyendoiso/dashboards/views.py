"""The leadership dashboard and the indicator page, for signed-in users: what the analytics'
read interface returns for the unit and period of the address (docs/dashboards.md)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse

from chuyendoiso.analytics.audience import Internal
from chuyendoiso.analytics.choice import Choice
from chuyendoiso.analytics.pages import figures_page, periods_up_to
from chuyendoiso.analytics.presenters import card_text, series_text
from chuyendoiso.analytics.selectors import cards_of, series_of


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    """A card for each headline indicator of the unit, for the period."""

    def build(choice: Choice) -> dict[str, Any]:
        cards = cards_of(Internal(request.user), choice.unit, choice.period)
        headline = [card for card in cards if card.indicator.headline]
        return {"rows": [card_text(card, choice.period) for card in headline]}

    return figures_page(request, "dashboards/dashboard.html", build)


@login_required
def indicator(request: HttpRequest, code: str) -> HttpResponse:
    """An indicator's definition and the unit's figures for the period and those before."""

    def build(choice: Choice) -> dict[str, Any]:
        periods = periods_up_to(choice.period)
        series = series_of(Internal(request.user), code, choice.unit, periods)
        return {"series": series, "indicator": series.indicator, "rows": series_text(series)}

    return figures_page(request, "dashboards/indicator.html", build)
