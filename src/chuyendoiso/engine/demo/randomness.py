"""Seeded draws for the demo values.

Determinism: every random draw comes from ``random.Random`` seeded with a hash of
(seed, purpose, indicator, unit or period); indicators go in catalogue order, units and
months in code order; nothing depends on the order of ``reported`` or of a set.
"""

from __future__ import annotations

import hashlib
import random


def rng_for(seed: int, *key: str) -> random.Random:
    """A generator of its own for each purpose, so no draw depends on another's order."""
    digest = hashlib.sha256("|".join([str(seed), *key]).encode()).digest()
    return random.Random(int.from_bytes(digest[:8], "big"))


def between(rng: random.Random, bounds: tuple[float, float]) -> float:
    low, high = bounds
    return low + (high - low) * rng.random()
