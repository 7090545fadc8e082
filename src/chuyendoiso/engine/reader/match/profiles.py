"""What the matcher knows of each indicator: its profile of weighted terms.

Each indicator gets a profile of weighted terms (Vietnamese syllables and pairs of
syllables) from its name, the phrases of the reader's lexicon, its unit label and its
definition; rarer terms weigh more (inverse document frequency over the catalogue). The
pillars' words find the section a figure is in.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import pairwise

from chuyendoiso.engine.domain.catalog import (
    Catalog,
    Indicator,
    ValueType,
)
from chuyendoiso.engine.reader.lexicon import Lexicon
from chuyendoiso.engine.reader.model import (
    ExtractedFigure,
)
from chuyendoiso.engine.reader.normalize import fold, lower

TOKEN = re.compile(r"[^\W_]+")
_NAME_PREFIX = re.compile(r"^(?:tổng\s+số|số\s+lượng|số|tỷ\s+lệ|tỉ\s+lệ)\s+", re.IGNORECASE)


def tokens(text: str, lexicon: Lexicon) -> list[str]:
    """Syllables of ``text`` with the words of its abbreviations added (CCCD -> căn cước ...)."""
    words: list[str] = []
    originals = TOKEN.findall(text)
    lowered = TOKEN.findall(lower(text))
    if len(lowered) != len(originals):  # a character whose lower case is not a letter
        lowered = [lower(t) for t in originals]
    for token, low in zip(originals, lowered, strict=True):
        words.append(low)
        if token == low:
            continue
        expansion = lexicon.abbreviations.get(token)
        if expansion is None and sum(c.isupper() for c in token) >= 2:
            expansion = lexicon.abbreviations.get(token.upper())
        if expansion:
            words.extend(TOKEN.findall(expansion))
    return words


def terms_of(words: Sequence[str], stop: frozenset[str]) -> set[str]:
    """Content syllables and pairs of neighbouring syllables."""
    terms = {w for w in words if (w not in stop and len(w) > 1) or w.isdigit()}
    terms |= {f"{a} {b}" for a, b in pairwise(words) if not (a in stop and b in stop)}
    return terms


@dataclass
class Terms:
    """A set of terms ready to score: their weight (idf) in all and by folded form."""

    terms: frozenset[str]
    total: float = 0.0
    by_fold: dict[str, tuple[str, ...]] = field(default_factory=dict)

    def prepare(self, idf: Mapping[str, float]) -> None:
        self.total = sum(idf.get(t, 1.0) for t in self.terms)
        groups: dict[str, list[str]] = {}
        for term in self.terms:
            groups.setdefault(fold(term), []).append(term)
        self.by_fold = {k: tuple(v) for k, v in groups.items()}


@dataclass(frozen=True)
class Profile:
    indicator: Indicator
    vocabulary: frozenset[str]  # every term of its name, phrases and unit
    name: Terms
    phrases: tuple[Terms, ...]
    definition: Terms
    units: tuple[str, ...]
    is_numerator: bool
    is_denominator: bool


@dataclass
class Catalogue:
    catalog: Catalog
    lexicon: Lexicon
    profiles: dict[str, Profile] = field(default_factory=dict)
    idf: dict[str, float] = field(default_factory=dict)
    folded: dict[str, str] = field(default_factory=dict)  # term -> folded term
    pillar_words: dict[str, tuple[str, ...]] = field(default_factory=dict)
    unfold: dict[str, str] = field(default_factory=dict)  # folded term -> a catalogue term
    index: dict[str, set[str]] = field(default_factory=dict)  # term (and folded) -> codes

    def fold_term(self, term: str) -> str:
        if term not in self.folded:
            self.folded[term] = fold(term)
        return self.folded[term]


@lru_cache(maxsize=8)
def catalogue_of(catalog: Catalog, lexicon: Lexicon) -> Catalogue:
    stop = lexicon.stopwords
    result = Catalogue(catalog, lexicon)
    numerators = {i.numerator for i in catalog.indicators if i.numerator}
    denominators = {i.denominator for i in catalog.indicators if i.denominator}
    by_code = {i.code: i for i in catalog.indicators}
    document_frequency: dict[str, int] = {}
    for indicator in catalog.indicators:
        name_text = _NAME_PREFIX.sub("", indicator.name_vi)
        phrases = list(lexicon.indicator_phrases.get(indicator.code, ()))
        units = [indicator.unit_label_vi] if indicator.unit_label_vi != "%" else []
        if indicator.value_type is ValueType.RATIO and indicator.numerator in by_code:
            numerator = by_code[indicator.numerator]
            phrases.append(lower(_NAME_PREFIX.sub("", numerator.name_vi)))
            units.append(numerator.unit_label_vi)
        name = frozenset(terms_of(tokens(name_text, lexicon), stop))
        phrase_terms = tuple(frozenset(terms_of(tokens(p, lexicon), stop)) for p in phrases)
        definition = frozenset(terms_of(tokens(indicator.definition_vi, lexicon), stop))
        unit_terms = terms_of(tokens(" ".join(units), lexicon), stop)
        profile = Profile(
            indicator,
            frozenset(name.union(*phrase_terms, unit_terms)),
            Terms(name),
            tuple(Terms(p) for p in phrase_terms),
            Terms(definition),
            tuple(u for u in units if u),
            indicator.code in numerators,
            indicator.code in denominators,
        )
        result.profiles[indicator.code] = profile
        for term in name.union(*phrase_terms):  # definitions are long and alike: not counted
            document_frequency[term] = document_frequency.get(term, 0) + 1
    total = max(1, len(catalog.indicators))
    result.idf = {t: math.log(1 + total / df) for t, df in document_frequency.items()}
    for profile in result.profiles.values():
        for terms in (profile.name, profile.definition, *profile.phrases):
            terms.prepare(result.idf)
        for term in profile.vocabulary | profile.definition.terms:
            result.unfold.setdefault(fold(term), term)
        for term in profile.vocabulary:
            for key in (term, fold(term)):
                result.index.setdefault(key, set()).add(profile.indicator.code)
    for pillar in catalog.pillars:
        words = [lower(pillar.name_vi), *lexicon.pillar_phrases.get(pillar.code, ())]
        result.pillar_words[pillar.code] = tuple(fold(w) for w in words)
    return result


def pillars_of(figures: Sequence[ExtractedFigure], text: str, cat: Catalogue) -> list[str | None]:
    """The pillar of the section each figure is in, from headings and "Về ...:" leads."""
    headings: list[tuple[int, str | None]] = []
    pattern = re.compile(
        r"(?m)^[ \t]*(?:#+\s*)?(?:[0-9IVX]+[.)]\s*)?(?:về\s+)?([^\n:.;]{3,80})(?::|\n|$)",
        re.IGNORECASE,
    )
    for line in pattern.finditer(text):
        head = line.group(1)
        if len(head) > 80:
            continue
        folded = fold(lower(head))
        found = None
        for code, words in cat.pillar_words.items():
            if any(w and w in folded for w in words):
                found = code
                break
        if found is not None:
            headings.append((line.start(), found))
    result: list[str | None] = []
    index = 0
    current: str | None = None
    for figure in figures:
        while index < len(headings) and headings[index][0] <= figure.start:
            current = headings[index][1]
            index += 1
        result.append(current)
    return result
