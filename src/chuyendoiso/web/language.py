"""The language a page is shown in, for what the translation catalogues do not cover: the
notation of numbers and dates, and the name of a catalogue entry kept in both languages
(``name_vi`` / ``name_en``)."""

from __future__ import annotations

from typing import Any, Literal

from django.utils import translation

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
