"""What the pages of figures (dashboards, data quality, open data) share: the unit and period
read from the address, the page built from them, and the answer to a request that names no
unit or indicator (404, the product's own page) or that cannot be read (400, with the reason
on the page)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from chuyendoiso.analytics.choice import Choice, page_choice
from chuyendoiso.analytics.kept import kept_page
from chuyendoiso.engine.domain.errors import CdsError, NotFoundError
from chuyendoiso.engine.domain.periods import Period, previous_period
from chuyendoiso.orgunits.services import unit_key

HISTORY_PERIODS = 6  # the periods of a history table: the one asked for and five before it


def figures_page(
    request: HttpRequest, template: str, build: Callable[[Choice], dict[str, Any]]
) -> HttpResponse:
    """``template`` with what ``build`` reads for the unit and period of the address, kept
    for the reader until a write changes what it shows (analytics.kept)."""

    def page() -> HttpResponse:
        get = request.GET.get
        try:
            choice = page_choice(get("ou"), get("pe"), get("cal"))
            context = build(choice)
        except NotFoundError as error:  # the same page for an unknown and a hidden code
            raise Http404(error.message) from error
        except CdsError as error:
            return render(request, template, {"error": error}, status=400)
        context |= {"choice": choice, "query": choice_query(choice)}
        return render(request, template, context)

    return kept_page(request, page)


def choice_query(choice: Choice) -> str:
    """The address's query that asks for the same unit and period on another page."""
    unit, period = choice.unit, choice.period
    return urlencode(
        {"ou": unit_key(unit.code, unit.structure), "pe": period.id, "cal": period.calendar.value}
    )


def periods_up_to(period: Period, count: int = HISTORY_PERIODS) -> list[Period]:
    """``count`` periods of the same type, oldest first, ending with ``period``."""
    periods = [period]
    while len(periods) < count:
        periods.insert(0, previous_period(periods[0]))
    return periods
