"""Local development and the demo (`cds serve --dev`, `cds demo --serve`): debug pages on
unless ``CDS_DEBUG=0``, static files served by the app."""

import os

from chuyendoiso.config.settings.base import *  # noqa: F403

DEBUG = os.environ.get("CDS_DEBUG", "1") == "1"
WHITENOISE_USE_FINDERS = True
