"""Match extracted figures to the indicators of the catalogue.

Each indicator gets a profile of weighted terms (Vietnamese syllables and pairs of
syllables) from its name, the phrases of the reader's lexicon, its unit label and its
definition; rarer terms weigh more (inverse document frequency over the catalogue).
A figure is scored against the indicators of its kind by how much of an indicator's
name or phrase its surrounding words cover (words nearer the number weigh more), with
its unit word as a strong signal and small bonuses for the section's pillar and for the
figure's role (a total, a part). Words typed without diacritics, or with wrong ones,
still match at a lower weight. The catalogue is small, so every indicator is scored:
no index, no model, no network. See docs/reader.md.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Sequence
from dataclasses import replace

from chuyendoiso.engine.domain.catalog import Catalog
from chuyendoiso.engine.reader.lexicon import Lexicon, default_lexicon
from chuyendoiso.engine.reader.match.choose import UNMATCHED, Choosing, refine_period
from chuyendoiso.engine.reader.match.english import text_is_english
from chuyendoiso.engine.reader.match.profiles import catalogue_of, pillars_of
from chuyendoiso.engine.reader.match.qualify import sentence_topics
from chuyendoiso.engine.reader.match.score import THRESHOLD, Context, Scored, Scoring
from chuyendoiso.engine.reader.match.subject import Subject, subjects
from chuyendoiso.engine.reader.model import ExtractedFigure, Match

__all__ = ["THRESHOLD", "UNMATCHED", "Matcher", "match", "matches_within", "refine_period"]


class Matcher(Scoring, Choosing):
    """Matches figures to one catalogue; build it once and reuse it."""

    def __init__(self, catalog: Catalog, lexicon: Lexicon | None = None) -> None:
        self._topics: list[ExtractedFigure | None] = []
        self._sentence_cache: tuple[tuple[int, int], Context | None] = ((-1, -1), None)
        self._unit_cache: dict[tuple[str, str], bool] = {}
        self._subjects: list[Subject] = []
        self._english_text = False
        self._why_not: dict[int, str] = {}
        self.lexicon = lexicon or default_lexicon()
        self.cat = catalogue_of(catalog, self.lexicon)
        self.catalog = catalog

    def match(self, figures: Sequence[ExtractedFigure], *, text: str = "") -> list[Match]:
        self._topics = sentence_topics(figures)
        self._subjects = subjects(figures, text, self.lexicon)
        self._english_text = text_is_english(text, self.lexicon)
        self._why_not = {}
        contexts = [self._context(f, figures, text) for f in figures]
        pillars = pillars_of(figures, text, self.cat) if text else [None] * len(figures)
        candidates: list[list[Scored]] = []
        for figure, context, pillar in zip(figures, contexts, pillars, strict=True):
            candidates.append(self._candidates(figure, context, pillar, figures))
        chosen = self._resolve(figures, candidates)
        chosen = self._parts_differ(figures, candidates, chosen)
        chosen = self._follow_links(figures, chosen)
        return [self._match(f, chosen[f.id], candidates[f.id]) for f in figures]


def match(
    figures: Sequence[ExtractedFigure],
    catalog: Catalog,
    *,
    text: str = "",
    lexicon: Lexicon | None = None,
) -> list[Match]:
    """One Match per figure, in the order of ``figures``; ``text`` adds sentence context."""
    return Matcher(catalog, lexicon).match(figures, text=text)


def matches_within(
    matches: Sequence[Match], catalog: Catalog, shown: Collection[str]
) -> tuple[Match, ...]:
    """The matches as a reader who may see the indicators ``shown`` only gets them: a figure
    matched to another indicator (or a ratio with a part that is another) is left
    unmatched, and no other indicator is named among the alternatives or in a reason.
    Matching itself used the whole catalogue, so a figure of a hidden indicator is never
    taken for a shown one (and then checked against the shown one's figures)."""
    hidden = [i.code for i in catalog.indicators if i.code not in shown]
    names_hidden = re.compile(
        r"\b(?:" + "|".join(map(re.escape, hidden)) + r")\b" if hidden else r"(?!)"
    )

    def said(reason: str) -> str:
        return "; ".join(part for part in reason.split("; ") if not names_hidden.search(part))

    masked = []
    for m in matches:
        codes = {m.indicator, m.numerator, m.denominator} - {None}
        alternatives = tuple((c, s) for c, s in m.alternatives if c in shown)
        if codes <= set(shown):
            masked.append(replace(m, reason=said(m.reason), alternatives=alternatives))
        else:
            masked.append(Match(m.figure, None, 0.0, UNMATCHED, m.period, alternatives))
    return tuple(masked)
