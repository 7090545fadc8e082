"""Who calls the API: a machine client by its token (``Authorization: Bearer <secret>``, no
CSRF: it holds no session cookie), a logged-in browser by its session (CSRF required on
writes, as on every page)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja.security import HttpBearer, SessionAuth

from chuyendoiso.access.services import user_for_token


class TokenAuth(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> Any:
        return user_for_token(f"Bearer {token}")


class BrowserSession(SessionAuth):
    """The session of a logged-in user; the token, when one is sent, decides alone."""

    def __call__(self, request: HttpRequest) -> Any:
        if request.headers.get("Authorization") or not request.user.is_authenticated:
            return None  # not a CSRF refusal: the caller is not known at all (401)
        return super().__call__(request)


AUTH = [TokenAuth(), BrowserSession(csrf=True)]
