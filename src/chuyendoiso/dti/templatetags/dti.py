"""``{{ value|gon }}``: a figure of the DTI page as its calculations write it (at most two
decimals, no trailing zeros: 6.600.000; 80,2), in the page's language."""

from __future__ import annotations

from decimal import Decimal

from django import template

from chuyendoiso.engine.dti import shown
from chuyendoiso.web import language

register = template.Library()


@register.filter
def gon(value: Decimal | int | None) -> str:
    if value is None:
        return "—"
    return shown(Decimal(value), language.current_language())
