"""The language a page is shown in, for what the translation catalogues do not cover: the
notation of numbers and dates, the name of a catalogue entry kept in both languages
(``name_vi`` / ``name_en``), and the product's messages, written in both."""

from __future__ import annotations

from typing import Any, Literal

from django.utils import translation

from chuyendoiso.engine.domain import errors

Language = Literal["vi", "en"]


def current_language() -> Language:
    """The active language, ``vi`` unless English was chosen (``en`` or a variant of it)."""
    active = (translation.get_language() or "vi").lower()
    return "en" if active.split("-")[0] == "en" else "vi"


def localized(obj: Any, field: str) -> Any:
    """``obj.<field>_en`` on an English page when it is filled in, else ``obj.<field>_vi``."""
    if current_language() == "en":
        english = getattr(obj, f"{field}_en", "")
        if english:
            return english
    return getattr(obj, f"{field}_vi")


def in_language(message: str) -> str:
    """The part of a message written in both languages ("tiếng Việt / English") that is in
    the page's language; a message in one language whole."""
    return errors.in_language(message, current_language())
