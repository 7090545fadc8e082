"""The one error shape of the JSON APIs (``CdsError.as_dict``: ``{"message", "extra"}``) for
the errors every API answers alike: the product's own (400, 403 refused, 404 unknown), bad
parameters (400, each named), and ninja's HTTP errors (the CSRF refusal)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import HttpError
from ninja.errors import ValidationError as NinjaValidationError

from chuyendoiso.engine.domain.errors import CdsError, NotFoundError, PermissionDeniedError

STATUS_OF = {PermissionDeniedError: 403, NotFoundError: 404}


def errors_handled(api: NinjaAPI) -> None:
    """Answer ``api``'s errors in the product's shape."""

    @api.exception_handler(CdsError)
    def cds_error(request: HttpRequest, exc: CdsError) -> HttpResponse:
        return error_response(api, request, STATUS_OF.get(type(exc), 400), exc)

    @api.exception_handler(NinjaValidationError)
    def bad_parameters(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
        problems = [
            {
                "field": ".".join(str(part) for part in each.get("loc", ())),
                "reason": each.get("msg"),
            }
            for each in exc.errors
        ]
        refusal = CdsError("Tham số không hợp lệ / bad parameters", errors=problems)
        return error_response(api, request, 400, refusal)

    @api.exception_handler(HttpError)  # the CSRF refusal
    def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
        return error_response(api, request, exc.status_code, CdsError(str(exc)))


def error_response(api: NinjaAPI, request: HttpRequest, status: int, exc: CdsError) -> HttpResponse:
    return api.create_response(request, exc.as_dict(), status=status)
