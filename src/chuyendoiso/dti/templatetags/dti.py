"""The DTI page's numbers in the page's language: ``{{ value|gon }}`` a figure as its
calculations write it (at most two decimals, no trailing zeros: 6.600.000; 80,2),
``{{ share|phan_tram }}`` a share of 0..1 as a percentage with one decimal (73,0%),
``{{ value|go }}`` a what-if value as the form reads it back."""

from __future__ import annotations

from decimal import Decimal

from django import template

from chuyendoiso.engine.domain.vnnumbers import format_number
from chuyendoiso.engine.dti import shown, typed
from chuyendoiso.web import language

register = template.Library()


@register.filter
def gon(value: Decimal | int | None) -> str:
    if value is None:
        return "—"
    return shown(Decimal(value), language.current_language())


@register.filter
def phan_tram(share: Decimal | None) -> str:
    if share is None:
        return "—"
    return format_number(Decimal(share) * 100, 1, locale=language.current_language()) + "%"


@register.filter
def go(value: Decimal) -> str:
    """A what-if value as the form and its address take it back (1.567.705; 80,2)."""
    return typed(Decimal(value))
