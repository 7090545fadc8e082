"""The open-data portal, for anyone: the dashboard's pages over the public indicators. The
portal (``/du-lieu-mo/``) shows the public indicators pillar by pillar with the unit's
figure for the period, its change against the same period last year and its progress, the
charts of the headline ones and the units below ranked; an indicator's public page
(``/du-lieu-mo/chi-tieu/<code>/``) its definition, history and figures by unit. Both read
as ``PUBLIC`` whoever is signed in, so that what they show never depends on the visitor,
and offer their figures as the open-data API's files (docs/open-data.md)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any
from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse
from django.urls import reverse

from chuyendoiso.analytics.audience import PUBLIC
from chuyendoiso.analytics.choice import Choice
from chuyendoiso.analytics.pages import figures_page, periods_up_to
from chuyendoiso.analytics.selectors import Unit, cards_of
from chuyendoiso.dashboards import pages

DOWNLOADS = ("csv", "xlsx", "json")
INDICATOR_VIEW = "opendata:indicator"  # where a card links to


def portal(request: HttpRequest) -> HttpResponse:
    def build(choice: Choice) -> dict[str, Any]:
        cards = cards_of(PUBLIC, choice.unit, choice.period)
        codes = [card.indicator.code for card in cards]
        return {
            **pages.headline(PUBLIC, cards, choice),
            **pages.place(choice),
            "pillars": pages.pillar_cards(cards, choice, {}),
            "synthetic": any(card.figure and card.figure.synthetic for card in cards),
            "indicator_view": INDICATOR_VIEW,
            "downloads": api_files(codes, [choice.period.id], [unit_of(choice)], choice)
            if codes
            else [],
        }

    return figures_page(request, "opendata/portal.html", build)


def indicator(request: HttpRequest, code: str) -> HttpResponse:
    """A public indicator's page; an internal one is not found, as an unknown one."""

    def build(choice: Choice) -> dict[str, Any]:
        shown = pages.indicator(PUBLIC, code, choice)
        found = [shown["indicator"].code]
        history = [p.id for p in periods_up_to(choice.period)]
        below = [row.unit for row, _text, _reporting in shown["ranking"]] + list(shown["missing"])
        levels = [f"LEVEL-{level}" for level in dict.fromkeys(unit.level for unit in below)]
        return {
            **shown,
            "history_files": api_files(
                found, history, [unit_of(choice)], choice, territory="current"
            ),
            "below_files": api_files(found, [choice.period.id], [unit_of(choice), *levels], choice)
            if levels
            else [],
        }

    return figures_page(request, "opendata/indicator.html", build)


def unit_of(choice: Choice) -> str:
    return Unit.of(choice.unit).key


def api_files(
    codes: Iterable[str],
    periods: Iterable[str],
    units: Iterable[str],
    choice: Choice,
    *,
    territory: str = "reported",
) -> list[tuple[str, str]]:
    """(format, address) of the open-data API's files of these figures: DHIS2's ``dx``,
    ``pe`` and ``ou``, in the calendar of the period chosen; a history (``territory``
    ``current``) with its earlier periods for the unit's latest territory, as its chart."""
    asked = {
        "dx": ";".join(codes),
        "pe": ";".join(periods),
        "ou": ";".join(units),
        "calendar": choice.period.calendar.value,
    }
    query = urlencode(asked | ({"territory": territory} if territory != "reported" else {}))
    files = "opendata-api:analytics_file"
    return [(fmt.upper(), f"{reverse(files, kwargs={'fmt': fmt})}?{query}") for fmt in DOWNLOADS]
