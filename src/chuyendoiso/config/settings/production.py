"""Production: secrets and hosts must come from the environment."""

import os

from chuyendoiso.config.settings.base import *  # noqa: F403

DEBUG = False
SECRET_KEY = os.environ["CDS_SECRET_KEY"]
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
