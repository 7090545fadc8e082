"""Pages of figures and open-data answers, built once and kept while what they show is the
same (docs/decisions/0026-kept-pages.md).

What is kept lives in Django's cache under a key made of the rollup's token, which every
write a page can show changes (values, drafts included, a rejection of drafts, the
catalogue, the org units, a submission's state: analytics.rollup), and of everything else
the page depends on: the product's version, the address with its query, the language, the
day (a page without a period shows today's) and, for a page, its reader. A signed-in
reader's page is their own: it carries their name, their scope of drafts and the secret of
their forms (CSRF); a page whose forms have no secret yet is built every time (building it
gives the visitor one). Nothing is kept longer than ``CDS_REPORT_CACHE_SECONDS``, and with
0 nothing is kept.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from typing import TypeVar

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.middleware.gzip import GZipMiddleware, re_accepts_gzip
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.text import compress_string
from django.utils.translation import get_language

import chuyendoiso
from chuyendoiso.access.selectors import scope_signature
from chuyendoiso.analytics.rollup import rollup_token

T = TypeVar("T")


def kept(kind: str, parts: tuple[object, ...], build: Callable[[], T]) -> T:
    """What ``build`` returns for ``kind`` and ``parts`` under the current token: built
    once, then read from the cache until the token changes."""
    key = _key(kind, parts)
    if key is None:
        return build()
    found: T | None = cache.get(key)
    if found is None:
        found = build()
        cache.set(key, found, timeout=settings.CDS_REPORT_CACHE_SECONDS)
    return found


def kept_page(request: HttpRequest, build: Callable[[], HttpResponse]) -> HttpResponse:
    """The page ``build`` makes for ``request``, kept for this reader when it is found (a
    refusal or an error is built every time). A kept page is kept compressed too, as the
    GZip middleware would send it, so that serving it again compresses nothing."""
    secret = request.META.get("CSRF_COOKIE")
    if request.method != "GET" or not secret:
        return build()
    key = _key("page", (request.get_full_path(), scope_signature(request.user), secret))
    found = cache.get(key) if key is not None else None
    if found is not None:
        return _served(request, *found)
    response = build()
    if key is not None and response.status_code == 200 and not response.streaming:
        compressed = compress_string(
            response.content, max_random_bytes=GZipMiddleware.max_random_bytes
        )
        page = (response.content, compressed, response["Content-Type"])
        cache.set(key, page, timeout=settings.CDS_REPORT_CACHE_SECONDS)
    return response


def _served(
    request: HttpRequest, content: bytes, compressed: bytes, content_type: str
) -> HttpResponse:
    """A kept page's response: compressed for a browser that accepts gzip."""
    if re_accepts_gzip.search(request.META.get("HTTP_ACCEPT_ENCODING", "")):
        response = HttpResponse(compressed, content_type=content_type)
        response["Content-Encoding"] = "gzip"
    else:
        response = HttpResponse(content, content_type=content_type)
    patch_vary_headers(response, ("Accept-Encoding",))
    return response


def _key(kind: str, parts: tuple[object, ...]) -> str | None:
    """The cache key of what ``kind`` keeps for ``parts`` now; None when nothing is kept
    (``CDS_REPORT_CACHE_SECONDS`` 0)."""
    if not settings.CDS_REPORT_CACHE_SECONDS:
        return None
    named = (
        kind,
        chuyendoiso.__version__,  # a new release may draw a page otherwise
        rollup_token(),
        get_language(),
        timezone.localdate().isoformat(),
        *parts,
    )
    return "cds:kept:" + hashlib.sha256(repr(named).encode()).hexdigest()
