"""Deterministic SQL draws for synthetic records: row ``i`` gets its values from hashes of
``(i, seed, purpose)``, so a file is the same for the same arguments, whatever the number of
threads. Exact counts come from affine permutations of the row index: ``(a * i + b) mod n < k``
holds for exactly ``k`` rows of ``n``. Org units are drawn with weights by level: the province
40, a district 8, a commune 1, any other code (a department) 4.
"""

from __future__ import annotations

import math
import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from chuyendoiso.engine.sources import literal

_BUCKETS = 4096


@dataclass(frozen=True)
class Draws:
    """SQL snippets drawing values for row ``i`` deterministically from a seed."""

    seed: int
    rows: int
    units: tuple[str, ...]
    start: date
    end: date

    def uniform(self, purpose: str) -> str:
        """A double in [0, 1)."""
        return f"((hash(i, {self.seed}, {literal(purpose)}) >> 11) / 9007199254740992.0)"

    def integer(self, purpose: str, modulus: int) -> str:
        """An integer in [0, modulus)."""
        return f"CAST(hash(i, {self.seed}, {literal(purpose)}) % {modulus} AS BIGINT)"

    def pick(self, purpose: str, weights: dict[str, float]) -> str:
        """One of the keys of ``weights``, with those weights."""
        total = sum(weights.values())
        cumulative, branches = 0.0, []
        items = list(weights.items())
        for value, weight in items[:-1]:
            cumulative += weight / total
            branches.append(f"WHEN {self.uniform(purpose)} < {cumulative!r} THEN {literal(value)}")
        return f"CASE {' '.join(branches)} ELSE {literal(items[-1][0])} END"

    def unit(self, purpose: str = "unit") -> str:
        codes = ", ".join(literal(code) for code in unit_buckets(self.units))
        return f"([{codes}])[1 + {self.integer(purpose, _BUCKETS)}]"

    @property
    def first_second(self) -> str:
        return f"CAST({literal(datetime.combine(self.start, time()).isoformat(' '))} AS TIMESTAMP)"

    @property
    def span_seconds(self) -> int:
        return ((self.end - self.start) + timedelta(days=1)).days * 86400

    def moment(self, purpose: str, span_seconds: int | str | None = None) -> str:
        """A timestamp from the first second of ``start``, within ``span_seconds``."""
        span = self.span_seconds if span_seconds is None else span_seconds
        offset = f"CAST(FLOOR({self.uniform(purpose)} * ({span})) AS BIGINT)"
        return f"{self.first_second} + to_seconds({offset})"

    def permuted(self, purpose: str, modulus: int, index: str = "i") -> str:
        """A permutation of ``index`` over [0, modulus): ``(a * index + b) % modulus``."""
        a, b = affine(self.seed, purpose, modulus)
        return f"(({a} * {index} + {b}) % {modulus})"


def affine(seed: int, purpose: str, modulus: int) -> tuple[int, int]:
    """Coefficients of a permutation of [0, modulus) for this seed and purpose."""
    draw = random.Random(f"{seed}:{purpose}:{modulus}")
    if modulus <= 1:
        return 1, 0
    a = draw.randrange(max(1, modulus // 3), modulus)
    while math.gcd(a, modulus) != 1:
        a += 1
        if a >= modulus:
            a = 1
    return a, draw.randrange(modulus)


def unit_weight(code: str) -> int:
    return {2: 40, 3: 8, 5: 1}.get(len(code), 4) if code.isdigit() else 4


def unit_buckets(units: Sequence[str]) -> list[str]:
    """``_BUCKETS`` codes, each unit repeated by its weight (largest remainder)."""
    ordered = sorted(set(units))
    total = sum(unit_weight(u) for u in ordered)
    shares = [(u, unit_weight(u) * _BUCKETS / total) for u in ordered]
    counts = {u: int(share) for u, share in shares}
    left = _BUCKETS - sum(counts.values())
    for u, _share in sorted(shares, key=lambda s: (int(s[1]) - s[1], s[0]))[:left]:
        counts[u] += 1
    return [u for u in ordered for _ in range(counts[u])]


Recipe = Callable[[Draws], str]
