"""The body limit of the pages, enforced while an upload streams in, and the rate limit of
the anonymous pages that read documents."""

from __future__ import annotations

import time
from typing import IO, Any

from django.conf import settings
from django.core.cache import cache
from django.core.files.uploadhandler import FileUploadHandler, StopUpload
from django.http import HttpRequest

from chuyendoiso.engine.domain.vnnumbers import format_number

REFUSED = "chuyendoiso.upload_refused"  # request.META key set when an upload was stopped
MIB = 1024 * 1024


def upload_limit_label() -> str:
    """``CDS_UPLOAD_MAX_BYTES`` as a person reads it: "20 MB", else in bytes."""
    limit: int = settings.CDS_UPLOAD_MAX_BYTES
    return f"{limit // MIB} MB" if limit % MIB == 0 else f"{format_number(limit)} byte"


class LimitedUploadHandler(FileUploadHandler):
    """Counts the bytes of the uploaded files as they arrive and stops the upload at
    ``CDS_UPLOAD_MAX_BYTES``: nothing beyond it is kept. A body that declares far more
    than the limit is not read at all past its first file."""

    declared = 0
    received = 0

    def handle_raw_input(
        self,
        input_data: IO[bytes],
        META: dict[str, str],
        content_length: int,
        boundary: str,
        encoding: str | None = None,
    ) -> None:
        self.declared = content_length or 0
        self.received = 0

    def new_file(self, *args: Any, **kwargs: Any) -> None:
        super().new_file(*args, **kwargs)
        if self.declared > 2 * settings.CDS_UPLOAD_MAX_BYTES:
            self._stop(connection_reset=True)

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes:
        self.received += len(raw_data)
        if self.received > settings.CDS_UPLOAD_MAX_BYTES:
            self._stop(connection_reset=False)
        return raw_data

    def file_complete(self, file_size: int) -> None:
        return None

    def _stop(self, *, connection_reset: bool) -> None:
        if self.request is not None:
            self.request.META[REFUSED] = self.file_name or ""
        raise StopUpload(connection_reset=connection_reset)


def upload_refused(request: HttpRequest) -> str | None:
    """The name of the file whose upload was stopped at the limit, if one was."""
    found = request.META.get(REFUSED)
    return None if found is None else str(found)


def client_address(request: HttpRequest) -> str:
    return str(request.META.get("REMOTE_ADDR") or "unknown")


def rate_exceeded(request: HttpRequest, scope: str, limit: int) -> bool:
    """Counts this request of the client in the current window of
    ``CDS_RATE_WINDOW_SECONDS``; True once the client passed ``limit`` in it. The count is
    kept in Django's cache (per process with the default local-memory cache)."""
    window: int = settings.CDS_RATE_WINDOW_SECONDS
    key = f"cds-rate:{scope}:{client_address(request)}:{int(time.time()) // window}"
    if cache.add(key, 1, timeout=window + 1):
        return limit < 1
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.add(key, 1, timeout=window + 1)
        count = 1
    return count > limit
