"""Numbers written the Vietnamese way: 1.567.705 and 89,44 (locale rules from Babel)."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from babel.numbers import format_decimal


def format_number(value: Decimal | int, decimals: int = 0) -> str:
    """Group thousands with '.', separate decimals with ',', keep ``decimals`` digits.

    Rounds half up, as official reports do (Babel alone would round half to even).
    """
    exact = Decimal(value).quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    pattern = "#,##0" + ("." + "0" * decimals if decimals else "")
    return str(format_decimal(exact, format=pattern, locale="vi"))
