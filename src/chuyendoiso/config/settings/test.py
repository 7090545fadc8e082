"""The test suite: SQLite in memory unless DATABASE_URL names another database."""

import dj_database_url

from chuyendoiso.config.settings.base import *  # noqa: F403

DATABASES = {"default": dj_database_url.config(default="sqlite://:memory:")}
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
STATIC_ROOT = None  # static files come from the apps through WhiteNoise's finders
WHITENOISE_USE_FINDERS = True
# the suite posts every fact-check from one address; tests/security sets its own limit
CDS_RATE_FACTCHECK = 1_000_000
# built every time: ids rolled back with a test may come again in the next one, so a key on
# the latest audit row could find the previous test's report; tests of the cache set it
CDS_REPORT_CACHE_SECONDS = 0
