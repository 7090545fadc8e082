"""Local development and the demo: debug pages on, static files served by the app."""

from chuyendoiso.config.settings.base import *  # noqa: F403

DEBUG = True
WHITENOISE_USE_FINDERS = True
