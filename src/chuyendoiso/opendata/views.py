"""The open-data portal, for anyone: the public indicators and their approved figures for
the unit and period of the address, with the same figures to download from the open-data
API. It reads as ``PUBLIC`` whoever is signed in, so that what it shows never depends on
the visitor (docs/dashboards.md, docs/open-data.md)."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse
from django.urls import reverse

from chuyendoiso.analytics.audience import PUBLIC
from chuyendoiso.analytics.choice import Choice
from chuyendoiso.analytics.pages import figures_page
from chuyendoiso.analytics.presenters import card_text
from chuyendoiso.analytics.selectors import Unit, cards_of

DOWNLOADS = ("csv", "xlsx", "json")


def portal(request: HttpRequest) -> HttpResponse:
    def build(choice: Choice) -> dict[str, Any]:
        cards = cards_of(PUBLIC, choice.unit, choice.period)
        codes = [card.indicator.code for card in cards]
        return {
            "rows": [card_text(card, choice.period) for card in cards],
            "downloads": download_links(codes, choice) if codes else [],
        }

    return figures_page(request, "opendata/portal.html", build)


def download_links(codes: list[str], choice: Choice) -> list[tuple[str, str]]:
    """(format, address) of the open-data API's file of the figures the portal shows."""
    query = urlencode(
        {
            "dx": ";".join(codes),
            "pe": choice.period.id,
            "ou": Unit.of(choice.unit).key,
            "calendar": choice.period.calendar.value,
        }
    )
    files = "opendata-api:analytics_file"
    return [(fmt.upper(), f"{reverse(files, kwargs={'fmt': fmt})}?{query}") for fmt in DOWNLOADS]
