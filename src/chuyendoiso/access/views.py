"""The login and logout pages, in Vietnamese. Failed logins are counted by django-axes
(settings: CDS_LOGIN_FAILURE_LIMIT, CDS_LOGIN_LOCKOUT_MINUTES), here as on the admin's
login page; a locked-out user name and address get templates/access/locked.html."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.http import HttpRequest


def login_address(request: HttpRequest) -> str | None:
    """The address failed logins are counted by: the connection's, never a header a client
    could set (settings ``AXES_CLIENT_IP_CALLABLE``); none for a request without one (a
    login made by code), which the database's address column could not hold as text."""
    return request.META.get("REMOTE_ADDR") or None


class LoginView(auth_views.LoginView):
    template_name = "access/login.html"
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(**kwargs) | {"failure_limit": settings.AXES_FAILURE_LIMIT}


login = LoginView.as_view()
logout = auth_views.LogoutView.as_view()  # POST only (Django), so no link logs anyone out
