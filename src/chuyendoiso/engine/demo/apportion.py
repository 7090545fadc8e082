"""Amounts in steps (their quantum) and split into parts that add up exactly."""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction


def _places(amount: Decimal) -> int:
    exponent = amount.normalize().as_tuple().exponent
    return max(0, -exponent) if isinstance(exponent, int) else 0


def quantum_of(amounts: Iterable[Decimal]) -> Decimal:
    """The finest step among the amounts, at most 1: whole amounts give whole parts."""
    return Decimal(1).scaleb(-max((_places(amount) for amount in amounts), default=0))


def quantize(amount: float | Decimal, quantum: Decimal) -> Decimal:
    exact = amount if isinstance(amount, Decimal) else Decimal(amount)
    return exact.quantize(quantum, rounding=ROUND_HALF_UP)


def percent(share: float, decimals: int) -> Decimal:
    return quantize(share * 100, Decimal(1).scaleb(-decimals))


def largest_remainder(
    total: Decimal,
    weights: Sequence[float | Decimal],
    quantum: Decimal,
    caps: Sequence[Decimal] | None = None,
) -> list[Decimal]:
    """Parts of ``total`` in proportion to ``weights``, multiples of ``quantum``, adding up exactly.

    Each part gets the whole units of its quota; the units left go to the largest
    remainders (ties to the earlier part). With ``caps`` no part exceeds its cap: a quota
    above its cap is held at the cap and the rest shared again among the others.
    """
    units = total / quantum
    if total < 0 or units != units.to_integral_value():
        raise ValueError(f"{total} is not a non-negative multiple of {quantum}")
    cap_units = None if caps is None else [int(cap // quantum) for cap in caps]
    quotas = _quotas(int(units), [Fraction(weight) for weight in weights], cap_units)
    parts = [math.floor(quota) for quota in quotas]
    left = int(units) - sum(parts)
    by_remainder = sorted(range(len(parts)), key=lambda i: (parts[i] - quotas[i], i))
    for i in by_remainder[:left]:
        parts[i] += 1
    return [quantum * part for part in parts]


def _quotas(units: int, weights: list[Fraction], caps: list[int] | None) -> list[Fraction]:
    if not weights or (caps is not None and sum(caps) < units):
        raise ValueError(f"{units} units do not fit the parts")
    held: dict[int, Fraction] = {}
    while True:
        free = [i for i in range(len(weights)) if i not in held]
        rest = units - sum(held.values())
        if not free:
            return [held[i] for i in range(len(weights))]
        weight = sum((weights[i] for i in free), Fraction(0))
        quota = {
            i: rest * (weights[i] / weight if weight else Fraction(1, len(free))) for i in free
        }
        over = [i for i in free if caps is not None and quota[i] > caps[i]]
        if not over:
            return [held.get(i, quota.get(i, Fraction(0))) for i in range(len(weights))]
        held.update({i: Fraction(caps[i]) for i in over if caps is not None})


def split_table(
    rows: Sequence[Decimal], columns: Sequence[Decimal], quantum: Decimal
) -> list[list[Decimal]]:
    """cells[column][row], adding up to both margins (which must have the same total).

    Column by column, in proportion to what each row has still to receive and capped by
    it, so the last column takes exactly what is left.
    """
    remaining = list(rows)
    cells: list[list[Decimal]] = []
    for total in columns:
        parts = largest_remainder(total, remaining, quantum, caps=remaining)
        remaining = [left - part for left, part in zip(remaining, parts, strict=True)]
        cells.append(parts)
    return cells
