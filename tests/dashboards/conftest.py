"""The pages of figures build the analytics once per unit and window while nothing is
written (analytics_latest), and are kept while nothing is written (analytics.kept): the
tests keep them, as a server does, and start afresh."""

import pytest
from django.core.cache import cache

from chuyendoiso.analytics import selectors


@pytest.fixture(autouse=True)
def kept_analytics(settings):
    settings.CDS_REPORT_CACHE_SECONDS = 600
    selectors._latest.clear()
    cache.clear()
    yield
    selectors._latest.clear()
    cache.clear()
