"""The data-quality page, for the people who may read drafts (coordinators over their
province, approvers over their subtree): for a unit of their scope and a period, the
validation rules that fail, the reports late or not started, the synthetic values, and the
latest writes of the audit trail (docs/dashboards.md)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from chuyendoiso.analytics.choice import page_choice
from chuyendoiso.analytics.pages import choice_query
from chuyendoiso.audit.presenters import action_label
from chuyendoiso.dashboards.pages import picker
from chuyendoiso.dashboards.selectors import breadcrumb
from chuyendoiso.engine.domain.errors import CdsError, NotFoundError
from chuyendoiso.orgunits.services import unit_key
from chuyendoiso.quality import selectors

TEMPLATE = "quality/quality.html"


@login_required
def quality(request: HttpRequest) -> HttpResponse:
    scope = selectors.scope_of(request.user)
    top = selectors.top_of(scope)
    if top is None:
        raise PermissionDenied("Trang dành cho người điều phối và người phê duyệt")
    get = request.GET.get
    try:
        choice = page_choice(get("ou") or unit_key(top.code, top.structure), get("pe"), get("cal"))
    except NotFoundError as error:
        raise Http404(error.message) from error
    except CdsError as error:
        return render(request, TEMPLATE, {"error": error}, status=400)
    unit, period = choice.unit, choice.period
    if not scope.filter(pk=unit.pk).exists():
        raise PermissionDenied("Đơn vị ngoài phạm vi của người dùng")
    context: dict[str, Any] = {
        "choice": choice,
        "query": choice_query(choice),
        "unit_key": unit_key(unit.code, unit.structure),
        "breadcrumb": [u for u in breadcrumb(unit) if scope.filter(code=u.code).exists()],
        "violations": selectors.violations(unit, period),
        "overdue": selectors.overdue(unit, timezone.localdate()),
        "synthetic": selectors.synthetic_counts(unit, period),
        "changes": [
            (entry, action_label(entry.action)) for entry in selectors.recent_changes(unit)
        ],
        **picker(choice),
    }
    return render(request, TEMPLATE, context)
