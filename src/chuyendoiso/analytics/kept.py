"""Pages of figures and open-data answers, built once and kept while what they show is the
same (docs/decisions/0026-kept-pages.md).

What is kept lives in Django's cache under a key made of the rollup's token, which every
write a page can show changes (values, drafts included, the catalogue, the org units, a
submission's state: analytics.rollup), and of everything else the page depends on: the
address with its query, the language, the day (a page without a period shows today's) and
``reader``. A signed-in reader's page is their own: it carries their name, their scope of
drafts and the secret of their forms (CSRF); a page whose forms have no secret yet is built
every time (building it gives the visitor one). Nothing is kept longer than
``CDS_REPORT_CACHE_SECONDS``, and with 0 nothing is kept.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from typing import TypeVar

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.translation import get_language

import chuyendoiso
from chuyendoiso.access.selectors import scope_signature
from chuyendoiso.analytics.rollup import rollup_token

T = TypeVar("T")


def kept(kind: str, parts: tuple[object, ...], build: Callable[[], T | None]) -> T | None:
    """What ``build`` returns for ``kind`` and ``parts`` under the current token: built
    once, then read from the cache until the token changes (None is not kept)."""
    seconds: int = settings.CDS_REPORT_CACHE_SECONDS
    if not seconds:
        return build()
    named = (
        kind,
        chuyendoiso.__version__,  # a new release may draw a page otherwise
        rollup_token(),
        get_language(),
        timezone.localdate().isoformat(),
        *parts,
    )
    key = "cds:kept:" + hashlib.sha256(repr(named).encode()).hexdigest()
    found: T | None = cache.get(key)
    if found is None:
        found = build()
        if found is not None:
            cache.set(key, found, timeout=seconds)
    return found


def kept_page(request: HttpRequest, build: Callable[[], HttpResponse]) -> HttpResponse:
    """The page ``build`` makes for ``request``, kept for this reader when it is found (a
    refusal or an error is built every time)."""
    secret = request.META.get("CSRF_COOKIE")
    if request.method != "GET" or not secret:
        return build()
    reader = (scope_signature(request.user), secret)
    built: list[HttpResponse] = []

    def content() -> tuple[bytes, str] | None:
        response = build()
        built.append(response)
        if response.status_code != 200 or response.streaming:
            return None
        return response.content, response["Content-Type"]

    page = kept("page", (request.get_full_path(), reader), content)
    if built or page is None:  # built by this request: answered as built
        return built[0] if built else build()
    body, content_type = page
    return HttpResponse(body, content_type=content_type)
