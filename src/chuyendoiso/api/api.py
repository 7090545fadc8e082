"""The JSON API under /api/: DHIS2's ``dataValueSets`` (push and pull figures), the data sets,
the org units and the caller. Every call needs the right to call the API on a unit
(``Action.CALL_API``), then the right of what it does there; the writes go through the same
services as every page and file (docs/api.md, docs/decisions/0020-json-api.md)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AbstractBaseUser, AbstractUser
from django.core.exceptions import RequestDataTooBig
from django.http import HttpRequest, HttpResponse
from ninja import NinjaAPI, Query, Status
from ninja.errors import AuthenticationError

from chuyendoiso.access.selectors import Actor, is_unrestricted, units_where
from chuyendoiso.api import schemas
from chuyendoiso.api.auth import AUTH
from chuyendoiso.api.dhis2 import ImportParams, ReadParams, import_payload, read_payload, too_large
from chuyendoiso.api.errors import error_response, errors_handled
from chuyendoiso.api.selectors import memberships_listed, orgunits_listed
from chuyendoiso.catalog.selectors import datasets_all
from chuyendoiso.engine.domain.access import Action
from chuyendoiso.engine.domain.errors import CdsError, PermissionDeniedError

api = NinjaAPI(
    title="chuyendoiso API",
    version="1",
    description="Số liệu chuyển đổi số theo chuẩn dataValueSets của DHIS2 (docs/api.md)",
    auth=AUTH,
    urls_namespace="api",
)

errors_handled(api)


@api.exception_handler(AuthenticationError)
def _unauthenticated(request: HttpRequest, exc: Exception) -> HttpResponse:
    response = error_response(
        api,
        request,
        401,
        CdsError(
            "Cần khóa API hợp lệ (Authorization: Bearer ...) hoặc đăng nhập "
            "/ a valid API token or a login is required"
        ),
    )
    response["WWW-Authenticate"] = "Bearer"
    return response


def caller(request: HttpRequest) -> AbstractBaseUser:
    """The user the token or session authenticated (ninja sets ``request.auth``)."""
    user: AbstractBaseUser = request.auth  # type: ignore[attr-defined]
    return user


def require_api(user: Actor) -> None:
    """Refuse a caller that may call the API on no unit at all."""
    if not units_where(user, Action.CALL_API).exists():
        raise PermissionDeniedError(
            "không có quyền dùng API ở đơn vị nào / may not call the API", action="call_api"
        )


_ANSWERS = {200: schemas.ImportSummary, 400: schemas.ImportSummary, 409: schemas.ImportSummary}
_REFUSALS = {401: schemas.Error, 403: schemas.Error, 413: schemas.ImportSummary}


@api.post(
    "/dataValueSets",
    response=_ANSWERS | _REFUSALS,
    exclude_none=True,
    openapi_extra={"requestBody": schemas.DATA_VALUE_SET_BODY},
    summary="Nạp số liệu / import data values (DHIS2 dataValueSets)",
)
def post_data_value_sets(
    request: HttpRequest, params: Query[ImportParams]
) -> Status[dict[str, Any]]:
    try:
        body = request.body
    except RequestDataTooBig:
        return Status(413, too_large(params))
    return Status(*import_payload(caller(request), body, params))


@api.get(
    "/dataValueSets",
    response={200: schemas.DataValueSet, 400: schemas.Error, 403: schemas.Error},
    summary="Đọc số liệu / read data values (DHIS2 dataValueSets)",
)
def get_data_value_sets(request: HttpRequest, params: Query[ReadParams]) -> dict[str, Any]:
    return read_payload(caller(request), params)


@api.get("/dataSets", response=schemas.DataSets, summary="Chế độ báo cáo / data sets")
def get_data_sets(request: HttpRequest) -> dict[str, Any]:
    require_api(caller(request))
    return {
        "dataSets": [
            {
                "code": each.code,
                "name": each.name_vi,
                "nameEn": each.name_en,
                "periodType": each.period_type.value,
                "calendar": each.calendar.value,
                "levels": [level.value for level in each.levels],
                "dataSetElements": [
                    {"dataElement": entry.indicator, "categories": list(entry.categories)}
                    for entry in each.indicators
                ],
            }
            for each in datasets_all()
        ]
    }


@api.get("/orgUnits", response=schemas.OrgUnits, summary="Đơn vị / org units")
def get_org_units(request: HttpRequest, level: str = "") -> dict[str, Any]:
    require_api(caller(request))
    units = orgunits_listed(level)
    return {
        "orgUnits": [
            {
                "code": unit.code,
                "name": unit.name,
                "level": unit.level,
                "structure": unit.structure,
                "parent": unit.parent.code if unit.parent else None,
            }
            for unit in units
        ]
    }


@api.get("/me", response=schemas.Me, summary="Người gọi / the caller")
def get_me(request: HttpRequest) -> dict[str, Any]:
    user = caller(request)
    require_api(user)
    return {
        "username": user.get_username(),
        "name": user.get_full_name() if isinstance(user, AbstractUser) else "",
        "unrestricted": is_unrestricted(user),
        "roles": [
            {
                "role": row.role,
                "roleName": row.get_role_display(),
                "orgUnit": row.org_unit.code,
                "orgUnitName": row.org_unit.name,
            }
            for row in memberships_listed(user)
        ],
    }
