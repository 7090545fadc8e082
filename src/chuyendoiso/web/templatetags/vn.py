"""Numbers, dates and periods as the page's language writes them, and catalogue names in it.

{{ value|so }} -> 1.567.705 (Tiếng Việt) or 1,567,705 (English); {{ value|so:2 }} -> 89,44
or 89.44; {{ day|ngay }} -> 15/04/2024 or 15 Apr 2024, {{ moment|ngay:"gio" }} with the time;
{{ period|ky }} -> quý I năm 2024 or Q1 2024; {{ pillar|localized:"name" }} -> name_vi or name_en;
{{ error.message|in_language }} -> the part of "tiếng Việt / English" in the page's language.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from babel.dates import format_date, format_datetime
from django import template

from chuyendoiso.engine.domain.periods import Period, label_en, label_vi, parse_period
from chuyendoiso.engine.domain.vnnumbers import format_number
from chuyendoiso.web import language

register = template.Library()

DATE_PATTERNS = {"vi": "dd/MM/yyyy", "en": "d MMM yyyy"}
DATETIME_PATTERNS = {"vi": "dd/MM/yyyy HH:mm", "en": "d MMM yyyy, HH:mm"}


@register.filter
def so(value: Decimal | int, decimals: int = 0) -> str:
    """A number in the notation of the page's language, ``decimals`` digits, half up."""
    return format_number(value, int(decimals), locale=language.current_language())


@register.filter(expects_localtime=True)
def ngay(value: date | datetime | None, with_time: str = "") -> str:
    """A date (a moment: in the site's time zone; with ``"gio"``, its time too)."""
    if value is None or value == "":
        return ""
    lang = language.current_language()
    if isinstance(value, datetime) and with_time:
        return str(format_datetime(value, DATETIME_PATTERNS[lang], locale=lang))
    return str(format_date(value, DATE_PATTERNS[lang], locale=lang))


@register.filter
def ky(period: Period | str) -> str:
    """A period (or its id, 2024Q1) by name: quý I năm 2024 / Q1 2024."""
    if isinstance(period, str):
        period = parse_period(period)
    return label_en(period) if language.current_language() == "en" else label_vi(period)


@register.filter
def localized(obj: Any, field: str) -> Any:
    """The English ``<field>_en`` of a catalogue entry on an English page, else ``_vi``."""
    return language.localized(obj, field)


@register.filter
def in_language(message: Any) -> str:
    """The part of a message written in both languages that is in the page's language."""
    return language.in_language(str(message))
