"""The data-quality page, for signed-in users: for the unit and period of the address, the
figure of each indicator with how many units reported it, whether it covers the whole
period, and whether it is synthetic (docs/dashboards.md)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse

from chuyendoiso.analytics.audience import Internal
from chuyendoiso.analytics.choice import Choice
from chuyendoiso.analytics.pages import figures_page
from chuyendoiso.analytics.selectors import cards_of


@login_required
def quality(request: HttpRequest) -> HttpResponse:
    def build(choice: Choice) -> dict[str, Any]:
        cards = cards_of(Internal(request.user), choice.unit, choice.period)
        return {
            "cards": [card for card in cards if card.figure is not None],
            "without_figure": [card.indicator for card in cards if card.figure is None],
        }

    return figures_page(request, "quality/quality.html", build)
