from decimal import Decimal

from django import template

from chuyendoiso.engine.domain.vnnumbers import format_number

register = template.Library()


@register.filter
def so(value: Decimal | int, decimals: int = 0) -> str:
    """{{ value|so }} -> 1.567.705; {{ value|so:2 }} -> 89,44"""
    return format_number(value, int(decimals))
