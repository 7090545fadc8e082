"""Numbers as Vietnamese reports write them, read exactly.

``1.567.705`` is 1567705 (dots group thousands), ``89,44`` is 89.44 (a comma marks
decimals), ``1.207`` is 1207 and ``1,207`` is 1.207; ``07`` is 7. A number grouped with
commas in the English way (``1,567,705``, two or more groups) is read as such. Anything
else (``4.0``, ``1.1.1``, ``12.34``) is not a number: it is a version, a code or a list.

In a text written in English (``english=True``) the roles swap: "," groups thousands and
"." marks decimals (``316,510``, ``98.72``). ``dot_decimal`` reads a dot that cannot group
thousands (``98.72``, ``0.6534``: not three digits after it, or a zero before it) as a
decimal point, for a figure written in the English way inside a Vietnamese text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, localcontext

_GROUPED = re.compile(r"[0-9]{1,3}(?:\.[0-9]{3})+(?:,[0-9]+)?")
_PLAIN = re.compile(r"[0-9]+(?:,[0-9]+)?")
_ENGLISH = re.compile(r"[0-9]{1,3}(?:,[0-9]{3}){2,}")
_DOT_DECIMAL = re.compile(r"(?P<whole>[0-9]+)\.(?P<fraction>[0-9]+)")
_SWAP = str.maketrans(",.", ".,")


@dataclass(frozen=True)
class Number:
    value: Decimal
    decimals: int
    grouped: bool  # written with thousands separators
    padded: bool  # written with a leading zero (07)


def parse_number(text: str, *, english: bool = False) -> Number | None:
    """The number written in ``text`` (digits, '.' and ',' only), or None."""
    if english:
        text = text.translate(_SWAP)
    if _GROUPED.fullmatch(text):
        whole, _, fraction = text.partition(",")
        return _number(whole.replace(".", ""), fraction, grouped=True)
    if _PLAIN.fullmatch(text):
        whole, _, fraction = text.partition(",")
        return _number(whole, fraction, grouped=False)
    if _ENGLISH.fullmatch(text):
        return _number(text.replace(",", ""), "", grouped=True)
    return None


def dot_decimal(text: str) -> Number | None:
    """``98.72`` or ``0.6534``: a dot that cannot group thousands, read as a decimal point."""
    match = _DOT_DECIMAL.fullmatch(text)
    if match is None:
        return None
    whole, fraction = match.group("whole"), match.group("fraction")
    if len(fraction) == 3 and whole != "0":
        return None  # 1.207: a thousands group
    if len(whole) > 1 and whole.startswith("0"):
        return None
    return _number(whole, fraction, grouped=False)


def _number(whole: str, fraction: str, *, grouped: bool) -> Number:
    digits = whole + ("." + fraction if fraction else "")
    value = Decimal(digits)  # exact whatever its length (no int() digit limit)
    padded = len(whole) > 1 and whole.startswith("0") and not fraction
    return Number(value, len(fraction), grouped, padded)


def scaled(value: Decimal, scale: int) -> Decimal:
    """``value`` × ``scale`` exactly (the default context would round past 28 digits)."""
    digits = len(value.as_tuple().digits) + len(str(scale)) + 2
    with localcontext() as ctx:
        ctx.prec = max(28, digits)
        product = value * scale
        integral = product.to_integral_value()
        return integral if product == integral else product
