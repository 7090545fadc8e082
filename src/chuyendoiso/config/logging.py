"""Logging to standard error, every line with the id of the request it belongs to."""

from __future__ import annotations

from typing import Any

LOGGING: dict[str, Any] = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "chuyendoiso.web.middleware.RequestIdFilter"}},
    "formatters": {
        "line": {"format": "%(asctime)s %(levelname)s [%(request_id)s] %(name)s: %(message)s"}
    },
    "handlers": {
        "stderr": {
            "class": "logging.StreamHandler",
            "stream": "ext://sys.stderr",
            "filters": ["request_id"],
            "formatter": "line",
        }
    },
    "root": {"handlers": ["stderr"], "level": "WARNING"},
    "loggers": {
        # server errors (with their traceback) and refused requests
        "django": {"handlers": ["stderr"], "level": "INFO", "propagate": False},
        # the product's own lines reach the root's handler (and pytest's capture)
        "chuyendoiso": {"level": "INFO"},
    },
}
