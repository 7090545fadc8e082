"""Production: DEBUG off whatever ``CDS_DEBUG`` says, the secret key from the environment,
HTTPS behind the province's web server. ``cds check`` runs Django's deployment checks
against these settings; ``cds serve`` uses them unless ``--dev``.

Environment variables (besides those of base.py):
- ``CDS_SECRET_KEY``: required; the server refuses to start without it.
- ``CDS_CSRF_TRUSTED_ORIGINS``: comma-separated origins (``https://cds.example.gov.vn``)
  from which forms are accepted, when the public address differs from the host asked for.
- ``CDS_PROXY_SSL_HEADER``: the header by which the web server in front says that the
  request came over HTTPS (``X-Forwarded-Proto``); trusted only when named.
- ``CDS_SSL_REDIRECT``: ``1`` (default) redirects plain HTTP to HTTPS.
- ``CDS_HSTS_SECONDS``: Strict-Transport-Security max-age (default one year; ``0``: none).
- ``CDS_HSTS_INCLUDE_SUBDOMAINS``, ``CDS_HSTS_PRELOAD``: ``1`` to add these directives
  (default ``0``: the province's other sites under the same domain are not ours to bind).
"""

import os

from django.core.exceptions import ImproperlyConfigured

from chuyendoiso.config.environment import flag, items, whole_number
from chuyendoiso.config.settings.base import *  # noqa: F403
from chuyendoiso.config.settings.base import DEVELOPMENT_SECRET_KEY

DEBUG = False
SECRET_KEY = os.environ.get("CDS_SECRET_KEY", "").strip()
if not SECRET_KEY or SECRET_KEY == DEVELOPMENT_SECRET_KEY:
    raise ImproperlyConfigured(
        "CDS_SECRET_KEY chưa được đặt / is not set: production needs a secret key of its own "
        "(at least 50 random characters), e.g. "
        "python -c 'import secrets; print(secrets.token_urlsafe(50))'"
    )

CSRF_TRUSTED_ORIGINS = items("CDS_CSRF_TRUSTED_ORIGINS")
_proxy_header = os.environ.get("CDS_PROXY_SSL_HEADER", "").strip()
if _proxy_header:
    SECURE_PROXY_SSL_HEADER = ("HTTP_" + _proxy_header.upper().replace("-", "_"), "https")
SECURE_SSL_REDIRECT = flag("CDS_SSL_REDIRECT", True)
SECURE_HSTS_SECONDS = whole_number("CDS_HSTS_SECONDS", 365 * 24 * 3600)
SECURE_HSTS_INCLUDE_SUBDOMAINS = flag("CDS_HSTS_INCLUDE_SUBDOMAINS", False)
SECURE_HSTS_PRELOAD = flag("CDS_HSTS_PRELOAD", False)
# Left out by choice (see above), so not a warning of `cds check`.
SILENCED_SYSTEM_CHECKS = [
    *([] if SECURE_HSTS_INCLUDE_SUBDOMAINS else ["security.W005"]),
    *([] if SECURE_HSTS_PRELOAD else ["security.W021"]),
]
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
LANGUAGE_COOKIE_SECURE = True
X_FRAME_OPTIONS = "DENY"
