"""The leadership dashboard and the indicator page, for signed-in users: what the analytics'
read interface returns for the unit and period of the address (docs/dashboards.md). The
open-data portal shows the same pages to the public (``pages.py``, ``opendata/views.py``)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse

from chuyendoiso.analytics.audience import Internal
from chuyendoiso.analytics.choice import Choice, page_choice
from chuyendoiso.analytics.pages import figures_page
from chuyendoiso.analytics.presenters import FORMATS, figures_file
from chuyendoiso.analytics.selectors import cards_of, ranking_of
from chuyendoiso.dashboards import indicator_page as page
from chuyendoiso.dashboards import pages, selectors
from chuyendoiso.engine.domain.errors import CdsError, NotFoundError
from chuyendoiso.web.language import in_language

INDICATOR_VIEW = "dashboards:indicator"  # where a card links to


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    """A card per pillar and per headline indicator of the unit for the period, a chart of
    each headline indicator, the units below ranked."""

    def build(choice: Choice) -> dict[str, Any]:
        audience = Internal(request.user)
        cards = cards_of(audience, choice.unit, choice.period)
        drafts = selectors.drafts_by_indicator(request.user, choice.unit, choice.period)
        shown = pages.headline(audience, cards, choice)
        return {
            "pillars": pages.pillar_views(cards),
            "cards": [pages.card_view(card, choice, drafts) for card in shown["headline_cards"]],
            "drafts_total": sum(drafts.values()),
            "indicator_view": INDICATOR_VIEW,
            **shown,
            **pages.place(choice),
        }

    return figures_page(request, "dashboards/dashboard.html", build)


@login_required
def indicator(request: HttpRequest, code: str) -> HttpResponse:
    """An indicator: its definition, how it is counted and collected, its targets, the
    unit's history (chart and table), the units below for the period, the reporting behind
    the figure, the rules that read it, and its figures for download."""

    def build(choice: Choice) -> dict[str, Any]:
        shown = pages.indicator(Internal(request.user), code, choice)
        found = shown["indicator"]
        return {
            **shown,
            "regimes": page.regimes_of(found),
            "rules": page.rules_reading(found),
            "formats": list(FORMATS),
        }

    return figures_page(request, "dashboards/indicator.html", build)


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
        message = in_language(error.message)
        return HttpResponse(message, status=400, content_type="text/plain; charset=utf-8")
    response = HttpResponse(file.content, content_type=file.media_type)
    response["Content-Disposition"] = f'attachment; filename="{file.filename}"'
    return response
