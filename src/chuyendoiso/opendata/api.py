"""The open-data API under /du-lieu-mo/api/, for anyone, without a login: DHIS2's analytics
(``analytics``, and ``analytics.csv|xlsx|json`` to download), the public indicators and the
org units, with its OpenAPI document (``openapi.json``) and Swagger UI (``docs``), served
from the site's own static files.

It reads as ``PUBLIC`` whoever calls it: the approved figures of the public indicators
only. There is no parameter that reaches a draft (``status`` takes ``approved`` alone) or
an internal indicator (refused as an unknown code, with the same answer). Errors have the
product's one shape (docs/open-data.md, docs/decisions/0025-open-data.md).
"""

from __future__ import annotations

from typing import Any, Literal

from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from ninja import NinjaAPI, Query

from chuyendoiso.analytics.kept import kept
from chuyendoiso.analytics.presenters import figures_file
from chuyendoiso.api.errors import errors_handled
from chuyendoiso.api.schemas import Error
from chuyendoiso.api.selectors import orgunits_listed
from chuyendoiso.engine.analytics import AnalyticsRequest, parse_analytics
from chuyendoiso.engine.domain.adminunits import Level
from chuyendoiso.engine.domain.errors import ValidationError
from chuyendoiso.opendata import schemas
from chuyendoiso.opendata.presenters import analytics_json, indicator_json, orgunit_json
from chuyendoiso.opendata.selectors import (
    AnalyticsAnswer,
    analytics_answer,
    indicator_public,
    indicators_public,
)

public_api = NinjaAPI(
    title="chuyendoiso: dữ liệu mở / open data",
    version="1",
    description=(
        "Số liệu đã duyệt của các chỉ tiêu công khai, theo tham số analytics của DHIS2, "
        "không cần đăng nhập / approved figures of the public indicators, with DHIS2's "
        "analytics parameters, no login (docs/open-data.md)"
    ),
    auth=None,
    urls_namespace="opendata-api",
)
errors_handled(public_api)

REFUSALS: dict[int, Any] = {400: Error, 404: Error}
FILE_NAME = "du-lieu-mo"
FILE_TYPES = {
    "text/csv": {"schema": {"type": "string"}},
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": {
        "schema": {"type": "string", "format": "binary"}
    },
    "application/json": {"schema": {"type": "array", "items": {"type": "object"}}},
}


def _request(query: schemas.AnalyticsQuery) -> AnalyticsRequest:
    """The analytics request of the query: ``dimension`` and ``filter`` in the order given,
    then the short forms ``dx``, ``pe``, ``ou``."""
    if query.status is not None and query.status.strip().lower() != "approved":
        raise ValidationError(
            "Chỉ số liệu đã duyệt được công khai / only approved figures are public",
            field="status",
            expected="approved",
        )
    pairs = [("dimension", d) for d in query.dimension] + [("filter", f) for f in query.filter]
    for name in ("dx", "pe", "ou", "calendar"):
        value = getattr(query, name)
        if value is not None:
            pairs.append((name, value))
    return parse_analytics(pairs, today=timezone.localdate())


def _answer(query: schemas.AnalyticsQuery) -> AnalyticsAnswer:
    return analytics_answer(
        _request(query),
        today=timezone.localdate(),
        same_territory=query.territory == "current",
    )


@public_api.get(
    "/analytics",
    response={200: schemas.AnalyticsOut, **REFUSALS},
    summary="Số liệu theo chỉ tiêu, kỳ, đơn vị / figures by indicator, period, org unit",
)
def analytics(request: HttpRequest, query: Query[schemas.AnalyticsQuery]) -> dict[str, Any]:
    # the same for every caller: kept for the query until a write changes it
    return kept("analytics", (request.GET.urlencode(),), lambda: analytics_json(_answer(query)))


@public_api.get(
    "/analytics.{fmt}",
    response={200: None, **REFUSALS},
    openapi_extra={"responses": {200: {"description": "CSV, XLSX, JSON", "content": FILE_TYPES}}},
    summary="Tải số liệu về / download the figures (csv, xlsx, json)",
)
def analytics_file(
    request: HttpRequest,
    fmt: Literal["csv", "xlsx", "json"],
    query: Query[schemas.AnalyticsQuery],
) -> HttpResponse:
    file = figures_file(_answer(query).rows, fmt, name=FILE_NAME)
    response = HttpResponse(file.content, content_type=file.media_type)
    response["Content-Disposition"] = f'attachment; filename="{file.filename}"'
    return response


@public_api.get(
    "/indicators",
    response=schemas.IndicatorsOut,
    summary="Chỉ tiêu công khai / public indicators",
)
def indicators(request: HttpRequest) -> dict[str, Any]:
    return {"indicators": [indicator_json(row) for row in indicators_public()]}


@public_api.get(
    "/indicators/{code}",
    response={200: schemas.IndicatorOut, 404: Error},
    summary="Một chỉ tiêu công khai / one public indicator",
)
def indicator(request: HttpRequest, code: str) -> dict[str, Any]:
    return indicator_json(indicator_public(code))


@public_api.get(
    "/orgUnits",
    response={200: schemas.OrgUnitsOut, 400: Error},
    summary="Đơn vị / org units",
)
def org_units(request: HttpRequest, level: str = "") -> dict[str, Any]:
    if level and level not in {each.value for each in Level}:
        raise ValidationError(
            "Cấp đơn vị không hợp lệ / unknown level",
            field="level",
            value=level,
            expected=", ".join(each.value for each in Level),
        )
    return {"orgUnits": [orgunit_json(unit) for unit in orgunits_listed(level)]}
