"""Settings shared by every environment; everything that varies is read from the environment.

Environment variables:
- ``DATABASE_URL``: the application database (default: SQLite in the data folder).
- ``CDS_DATA_DIR``: the data folder (default: ``var/`` in the project folder).
- ``CDS_SECRET_KEY``, ``CDS_DEBUG``, ``CDS_ALLOWED_HOSTS``: the usual Django settings.
- ``CDS_UPLOAD_MAX_BYTES``: the largest file or pasted text a page accepts, in bytes
  (default 20 MiB); Django's ``DATA_UPLOAD_MAX_MEMORY_SIZE`` follows it, so that a pasted
  report as large as an accepted file is read. Uploaded files larger than Django's
  ``FILE_UPLOAD_MAX_MEMORY_SIZE`` (2.5 MB, kept) go to a temporary file first.
- ``CDS_READER_MEMORY_MB`` and the other reader limits of reading an uploaded or
  pasted document (docs/reader.md, README).
- ``CDS_RATE_FACTCHECK``, ``CDS_RATE_WINDOW_SECONDS``: fact-checks a client may ask for in
  a window of seconds (default 10 in 60).
- ``CDS_REPORT_CACHE_SECONDS``: how long a built report is kept (default 600; 0: never);
  0 also keeps no figures of the pages in the process (they are read from the rollup table
  every time: docs/dashboards.md).
- ``CDS_LOCK_TIMEOUT_SECONDS``: how long a write waits for another one's lock before it
  gives up, writing nothing (default 30; chuyendoiso.locks).
- ``CDS_REFERENCE_DATA_DIR``: the reference data shipped with the product (default: ``data/``).
- ``CDS_PROVINCE``: the province the command line works on by default (default: ``19``).
- ``CDS_GRACE_DAYS``: the days after a unit's deadline before its approved report is locked
  by ``cds submissions lock-overdue`` (default 10).
- ``CDS_LOGIN_FAILURE_LIMIT``, ``CDS_LOGIN_LOCKOUT_MINUTES``: failed logins of one user name
  from one address before that pair is locked out, and for how long (default 5 and 15).
- ``CDS_SESSION_HOURS``: how long a login lasts (default 8).
- ``CDS_SPARK_MASTER``: the Spark master URL that ``cds sources compute --engine spark``
  runs on when ``--spark-master`` is not given (``spark://host:7077``, ``yarn``,
  ``k8s://https://host:6443``; default empty: a local session). ``CDS_SPARK_DRIVER_HOST``,
  the address executors reach this process at, is read by the engine (docs/sources.md).
- ``CDS_SEED_DIR``: the folder of the seed report (default: ``../shared/seed`` beside the
  project folder); the test suite checks the product against it.
"""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
import django_stubs_ext
from django.core.exceptions import ImproperlyConfigured

from chuyendoiso.config.logging import LOGGING  # noqa: F401  (to stderr, with request ids)

# ModelAdmin[...] and the other generic classes of the type stubs, subscriptable at run time
django_stubs_ext.monkeypatch()

PACKAGE_DIR = Path(__file__).resolve().parents[2]
PROJECT_DIR = PACKAGE_DIR.parents[1]
REFERENCE_DATA_DIR = Path(os.environ.get("CDS_REFERENCE_DATA_DIR", PROJECT_DIR / "data"))
DATA_DIR = Path(os.environ.get("CDS_DATA_DIR", PROJECT_DIR / "var"))
PROVINCE = os.environ.get("CDS_PROVINCE", "19")
GRACE_DAYS = int(os.environ.get("CDS_GRACE_DAYS", "10"))
SPARK_MASTER = os.environ.get("CDS_SPARK_MASTER", "").strip()
SEED_DIR = Path(os.environ.get("CDS_SEED_DIR", PROJECT_DIR.parent / "shared" / "seed"))
SEED_REPORT = SEED_DIR / "000_b363853b7bd0856b.txt"

DEVELOPMENT_SECRET_KEY = "chuyendoiso-development-only-key"  # production refuses it
SECRET_KEY = os.environ.get("CDS_SECRET_KEY", DEVELOPMENT_SECRET_KEY)
DEBUG = os.environ.get("CDS_DEBUG", "0") == "1"
ALLOWED_HOSTS = [
    h for h in os.environ.get("CDS_ALLOWED_HOSTS", "localhost,127.0.0.1").split(",") if h
]


def _positive(name: str, default: int) -> int:
    """A positive whole number from the environment; a clear message for anything else."""
    value = os.environ.get(name, str(default)).strip()
    if not value.isdigit() or int(value) == 0:
        raise ImproperlyConfigured(f"{name} must be a positive whole number, not {value!r}")
    return int(value)


CDS_UPLOAD_MAX_BYTES = _positive("CDS_UPLOAD_MAX_BYTES", 20 * 1024 * 1024)
DATA_UPLOAD_MAX_MEMORY_SIZE = CDS_UPLOAD_MAX_BYTES
# the upload stops as soon as its files pass CDS_UPLOAD_MAX_BYTES (reports/uploads.py)
FILE_UPLOAD_HANDLERS = [
    "chuyendoiso.reports.uploads.LimitedUploadHandler",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]
# untrusted documents are read in a worker process under these limits (docs/reader.md)
CDS_READER_MEMORY_MB = _positive("CDS_READER_MEMORY_MB", 2048)
CDS_READER_CPU_SECONDS = _positive("CDS_READER_CPU_SECONDS", 60)
CDS_READER_TIMEOUT_SECONDS = _positive("CDS_READER_TIMEOUT_SECONDS", 90)
CDS_READER_MAX_CHARS = _positive("CDS_READER_MAX_CHARS", 3_000_000)
CDS_READER_MAX_INFLATED_MB = _positive("CDS_READER_MAX_INFLATED_MB", 100)
CDS_READER_MAX_RATIO = _positive("CDS_READER_MAX_RATIO", 100)
CDS_READER_MAX_PAGES = _positive("CDS_READER_MAX_PAGES", 2000)
# requests of one client to the anonymous pages that write or read documents, per window
CDS_RATE_FACTCHECK = _positive("CDS_RATE_FACTCHECK", 10)
CDS_RATE_WINDOW_SECONDS = _positive("CDS_RATE_WINDOW_SECONDS", 60)
# how long a built report is kept in the cache (reports/selectors.py); 0: built every time
CDS_REPORT_CACHE_SECONDS = (
    0
    if os.environ.get("CDS_REPORT_CACHE_SECONDS", "").strip() == "0"
    else _positive("CDS_REPORT_CACHE_SECONDS", 600)
)

# how long a write waits for another one's lock (chuyendoiso.locks; on SQLite, any write)
CDS_LOCK_TIMEOUT_SECONDS = _positive("CDS_LOCK_TIMEOUT_SECONDS", 30)

INSTALLED_APPS = [
    "django.contrib.admin.apps.SimpleAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "axes",
    "ninja",  # its Swagger UI from the static files, not a CDN (the CSP allows only 'self')
    "chuyendoiso.audit",
    "chuyendoiso.orgunits",
    "chuyendoiso.catalog",
    "chuyendoiso.datavalues",
    "chuyendoiso.validation",
    "chuyendoiso.analytics",
    "chuyendoiso.reports",
    "chuyendoiso.sources",
    "chuyendoiso.access",
    "chuyendoiso.entry",
    "chuyendoiso.api",
    "chuyendoiso.collection",
    "chuyendoiso.dashboards",
    "chuyendoiso.quality",
    "chuyendoiso.opendata",
    "chuyendoiso.dti",
    "chuyendoiso.web",
]

MIDDLEWARE = [
    "chuyendoiso.web.middleware.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "chuyendoiso.web.middleware.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # pages compressed for a browser that accepts gzip (kept pages are kept compressed:
    # analytics.kept); Django pads each against BREACH. Static files are answered above.
    "django.middleware.gzip.GZipMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "chuyendoiso.web.middleware.CookieLocaleMiddleware",  # the language of the cookie only
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "chuyendoiso.web.middleware.LockTimeoutMiddleware",
    "axes.middleware.AxesMiddleware",  # last: it answers a locked-out login
]

ROOT_URLCONF = "chuyendoiso.config.urls"
WSGI_APPLICATION = "chuyendoiso.config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{DATA_DIR / 'chuyendoiso.sqlite3'}",
        conn_max_age=60,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # a transaction takes SQLite's write lock as it begins: a deferred one that has read
    # fails at once when it comes to write while another writes (chuyendoiso.locks)
    DATABASES["default"].setdefault("OPTIONS", {})["transaction_mode"] = "IMMEDIATE"
    # and waits for the lock held by another at most this long (the busy timeout)
    DATABASES["default"]["OPTIONS"]["timeout"] = CDS_LOCK_TIMEOUT_SECONDS
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Pages in Vietnamese (the default, and the language of the source texts) or English
# (docs/decisions/0022-bilingual-pages.md): the language is the one chosen with the switch
# in the header (Django's set_language, /i18n/setlang/), kept in the language cookie and read
# from it only, never from the browser's Accept-Language (web/middleware.py). Each app keeps
# its English catalogue in <app>/locale/en/LC_MESSAGES/django.po (`make messages`).
LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", "Tiếng Việt"), ("en", "English")]
LANGUAGE_COOKIE_AGE = 365 * 24 * 3600
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
# WhiteNoise serves the static files straight from the apps, in every environment: there
# is no collect step (docs/decisions/0011-production-server.md).
STATIC_ROOT: Path | None = None
WHITENOISE_USE_FINDERS = True
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

LOGIN_URL = "access:login"
LOGIN_REDIRECT_URL = "dashboards:dashboard"  # signed in, one lands on the dashboard
LOGOUT_REDIRECT_URL = "web:home"

# Login hardening (docs/access.md): failed attempts are counted per user name and address
# (django-axes, on the login page and the admin's); a success clears them.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = _positive("CDS_LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=_positive("CDS_LOGIN_LOCKOUT_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "access/locked.html"
# the connection's address (REMOTE_ADDR), as the upload rate limit counts it
AXES_CLIENT_IP_CALLABLE = "chuyendoiso.access.views.login_address"

_VALIDATION = "django.contrib.auth.password_validation"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": f"{_VALIDATION}.UserAttributeSimilarityValidator"},
    {"NAME": f"{_VALIDATION}.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": f"{_VALIDATION}.CommonPasswordValidator"},
    {"NAME": f"{_VALIDATION}.NumericPasswordValidator"},
]

# a login cookie out of reach of scripts, not sent by other sites' forms, ending
# CDS_SESSION_HOURS after the login (Secure in production: production.py)
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = _positive("CDS_SESSION_HOURS", 8) * 3600
CSRF_COOKIE_SAMESITE = "Lax"
