"""The open-data portal, for anyone: the public indicators and their approved figures for
the unit and period of the address. It reads as ``PUBLIC`` whoever is signed in, so that
what it shows never depends on the visitor (docs/dashboards.md)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse

from chuyendoiso.analytics.audience import PUBLIC
from chuyendoiso.analytics.choice import Choice
from chuyendoiso.analytics.pages import figures_page
from chuyendoiso.analytics.presenters import card_text
from chuyendoiso.analytics.selectors import cards_of


def portal(request: HttpRequest) -> HttpResponse:
    def build(choice: Choice) -> dict[str, Any]:
        cards = cards_of(PUBLIC, choice.unit, choice.period)
        return {"rows": [card_text(card, choice.period) for card in cards]}

    return figures_page(request, "opendata/portal.html", build)
