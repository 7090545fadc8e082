"""The site's URLs and handlers, plus one page that is forbidden and one that fails: the
error pages as a request meets them (tests/web/test_errors.py)."""

from django.core.exceptions import PermissionDenied
from django.urls import path

from chuyendoiso.config.urls import (  # noqa: F401  (Django reads the handlers from here)
    handler400,
    handler403,
    handler404,
    handler500,
)
from chuyendoiso.config.urls import urlpatterns as site


def forbidden(request):
    raise PermissionDenied("secret reason")


def broken(request):
    raise RuntimeError("boom: a secret detail")


urlpatterns = [path("cam/", forbidden), path("loi/", broken), *site]
