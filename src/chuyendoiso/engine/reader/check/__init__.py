"""Recompute every claim of a text that can be recomputed, and show the arithmetic.

Kinds of check (docs/reader.md): a percentage against the two figures it was computed
from, with the rounding the text used (786.370/822.099 = 95,65% stated as 96% is right at
0 decimals); a part against its total; listed parts against their total; a stated change
against both values (from the text, or from stored data); the same quantity stated twice;
a share above 100% or a rank beyond its field; and figures against stored data through a
``lookup(indicator_code, period) -> (value, decimals) | None`` callable.

A figure stated exactly is exact (counts) or exact to its last written digit (89,44 means
[89,435; 89,445)); "khoảng" widens it by 5%, "gần" means at most it and not 10% below,
"hơn"/"trên" means at least it. When every figure of a claim is exact, the claim holds
if the arithmetic rounded half up as the text rounds gives the stated value.
"""

from __future__ import annotations

from collections.abc import Sequence

from chuyendoiso.engine.domain.catalog import Catalog
from chuyendoiso.engine.reader.check.base import MIN_CONFIDENCE, Lookup, figure_interval
from chuyendoiso.engine.reader.check.changes import Changes
from chuyendoiso.engine.reader.check.parts import Parts
from chuyendoiso.engine.reader.check.ranges import Ranges
from chuyendoiso.engine.reader.check.repeats import Repeats
from chuyendoiso.engine.reader.check.shares import Shares
from chuyendoiso.engine.reader.check.stored import Stored
from chuyendoiso.engine.reader.lexicon import Lexicon
from chuyendoiso.engine.reader.model import Check, ExtractedFigure, Match

__all__ = ["MIN_CONFIDENCE", "Lookup", "check", "check_against", "figure_interval"]


def check(
    figures: Sequence[ExtractedFigure],
    matches: Sequence[Match] | None = None,
    *,
    lookup: Lookup | None = None,
    lexicon: Lexicon | None = None,
    catalog: Catalog | None = None,
) -> list[Check]:
    """Every claim of the text recomputed; with ``lookup``, figures against stored data;
    with ``catalog``, a stated share against its parts by the ratio's definition."""
    found: list[Check] = []
    Shares(figures, matches, lookup, found, catalog=catalog).shares()
    Parts(figures, matches, lookup, found).parts()
    Changes(figures, matches, lookup, found).changes()
    Repeats(figures, matches, lookup, found, lexicon, catalog).repeats()
    Ranges(figures, matches, lookup, found).ranges()
    Stored(figures, matches, lookup, found).stored()
    return sorted(found, key=lambda c: (min(c.figures) if c.figures else -1, c.kind.value))


def check_against(
    figures: Sequence[ExtractedFigure], matches: Sequence[Match], lookup: Lookup
) -> list[Check]:
    """Only the checks against stored data: figures that conflict with approved values."""
    found: list[Check] = []
    Stored(figures, matches, lookup, found).stored()
    changes = Changes(figures, matches, lookup, found)
    for figure in figures:
        if figure.comparison is not None and changes._baseline(figure) is None:
            changes._stored_change(figure)
    return found
