"""Headers every response carries and the request id every log line carries.

- ``RequestIdMiddleware``: the request's id is the ``X-Request-ID`` the web server in front
  sent (when it looks like one) or a new one; it is echoed in the response, set on every
  log line written while the request runs (``RequestIdFilter``), and one line per request
  is logged (method, path, status, time).
- ``ContentSecurityPolicyMiddleware``: the pages load only their own scripts, styles,
  images and fonts. The only inline code are the stylesheets of the report and of the
  fact-check page, allowed by their SHA-256 hashes (computed once, from the same source
  the templates include).
- ``CookieLocaleMiddleware``: the language of the page is the one of the language cookie
  (set by the switch in the header, Django's ``set_language``), Vietnamese without it; the
  browser's ``Accept-Language`` is never followed: a provincial office's browsers are often
  in English while their users read Vietnamese (docs/decisions/0022-bilingual-pages.md).
- ``LockTimeoutMiddleware``: a write that waited too long for another one's lock
  (``chuyendoiso.locks``) answers 503 with the message saying so and to try again, not a
  server error.
"""

from __future__ import annotations

import base64
import hashlib
import logging
import re
import time
import uuid
from collections.abc import Callable
from contextvars import ContextVar
from functools import cache

from django.conf import settings
from django.db import DatabaseError
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.utils import translation
from django.utils.cache import patch_vary_headers

from chuyendoiso.locks import (
    WHOLE_DATABASE,
    LockTimeoutError,
    is_lock_timeout,
    lock_timeout_error,
)

Handler = Callable[[HttpRequest], HttpResponseBase]

REQUEST_ID_HEADER = "X-Request-ID"
_REQUEST_ID = re.compile(r"[A-Za-z0-9._:-]{1,100}")
META_KEY = "chuyendoiso.request_id"
_current_request_id: ContextVar[str] = ContextVar("request_id", default="-")
_access_log = logging.getLogger("chuyendoiso.request")


def current_request_id() -> str:
    return _current_request_id.get()


class RequestIdFilter(logging.Filter):
    """Give every log record the id of the request being served (``-`` outside one). Django
    logs a refused or failed request after the middleware has returned, with the request."""

    def filter(self, record: logging.LogRecord) -> bool:
        request = getattr(record, "request", None)
        given = getattr(request, "META", {}).get(META_KEY)
        record.request_id = given or _current_request_id.get()
        return True


class RequestIdMiddleware:
    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        given = request.headers.get(REQUEST_ID_HEADER, "")
        request_id = given if _REQUEST_ID.fullmatch(given) else uuid.uuid4().hex
        request.META[META_KEY] = request_id
        token = _current_request_id.set(request_id)
        started = time.perf_counter()
        try:
            response = self.get_response(request)
            response[REQUEST_ID_HEADER] = request_id
            elapsed_ms = (time.perf_counter() - started) * 1000
            _access_log.info(
                "%s %s %s %.0f ms",
                request.method,
                request.path,
                response.status_code,
                elapsed_ms,
            )
            return response
        finally:
            _current_request_id.reset(token)


@cache
def _inline_style_hashes() -> tuple[str, ...]:
    from django.template.loader import render_to_string

    from chuyendoiso.engine.report import report_css

    sources = [report_css(), render_to_string("reports/factcheck.css")]
    return tuple(
        "'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"
        for text in sources
    )


@cache
def content_security_policy() -> str:
    return "; ".join(
        [
            "default-src 'self'",
            "script-src 'self'",
            "style-src 'self' " + " ".join(_inline_style_hashes()),
            "img-src 'self' data:",
            "font-src 'self'",
            "object-src 'none'",
            "base-uri 'none'",
            "form-action 'self'",
            "frame-ancestors 'none'",
        ]
    )


class ContentSecurityPolicyMiddleware:
    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        response = self.get_response(request)
        if "Content-Security-Policy" not in response:
            response["Content-Security-Policy"] = content_security_policy()
        return response


def cookie_language(request: HttpRequest) -> str:
    """The language the cookie names when it is one of the site's, else the default."""
    chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
    languages = {code for code, _ in settings.LANGUAGES}
    return chosen if chosen in languages else settings.LANGUAGE_CODE


class CookieLocaleMiddleware:
    """Activate the language of the cookie for the request (and only for it); the response
    says which language it is in and that it depends on the cookie."""

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        language = cookie_language(request)
        request.LANGUAGE_CODE = language  # as Django's LocaleMiddleware sets it
        with translation.override(language):
            response = self.get_response(request)
        patch_vary_headers(response, ["Cookie"])
        response.headers.setdefault("Content-Language", language)
        return response


class LockTimeoutMiddleware:
    RETRY_AFTER_SECONDS = 5

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exc: Exception) -> HttpResponse | None:
        if isinstance(exc, DatabaseError) and is_lock_timeout(exc):  # a write outside locks
            exc = lock_timeout_error(WHOLE_DATABASE)
        if not isinstance(exc, LockTimeoutError):
            return None
        return HttpResponse(
            exc.message,  # API clients and scripts get it too: both languages
            status=503,
            content_type="text/plain; charset=utf-8",
            headers={"Retry-After": str(self.RETRY_AFTER_SECONDS)},
        )
