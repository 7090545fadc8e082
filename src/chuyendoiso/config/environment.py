"""Settings read from ``CDS_*`` variables: a flag, a whole number, a comma-separated list;
a value that is not one says which variable and why (``ImproperlyConfigured``)."""

from __future__ import annotations

import os

from django.core.exceptions import ImproperlyConfigured


def flag(name: str, default: bool) -> bool:
    text = os.environ.get(name, "").strip()
    if not text:
        return default
    if text not in ("0", "1"):
        raise ImproperlyConfigured(f"{name} must be 0 or 1, not {text!r}")
    return text == "1"


def whole_number(name: str, default: int) -> int:
    text = os.environ.get(name, "").strip()
    if not text:
        return default
    if not text.isdigit():
        raise ImproperlyConfigured(f"{name} must be a whole number, not {text!r}")
    return int(text)


def items(name: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, "").split(",") if item.strip()]
