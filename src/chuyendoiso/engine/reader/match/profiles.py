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
from dataclasses import dataclass, field, replace
from functools import lru_cache
from itertools import pairwise

from chuyendoiso.engine.domain.catalog import (
    Catalog,
    Indicator,
    ValueType,
)
from chuyendoiso.engine.reader.lexicon import Lexicon
from chuyendoiso.engine.reader.match.english import english_terms
from chuyendoiso.engine.reader.match.subject import nouns_of
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
    nouns: tuple[str, ...] = ()  # what it counts, folded (match/subject.py)
    # its name and phrases without the words of what it counts: what qualifies it
    qualifiers: tuple[Terms, ...] = ()
    # the same in English, for a text in English (match/english.py)
    english: tuple[Terms, ...] = ()
    english_qualifiers: tuple[Terms, ...] = ()
    english_vocabulary: frozenset[str] = frozenset()


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
            nouns_of(indicator, units, lexicon.indicator_phrases.get(indicator.code, ()), lexicon),
        )
        english, english_qualifiers = english_terms(indicator, lexicon, by_code)
        profile = replace(
            profile,
            qualifiers=_qualifiers(profile, phrases, lexicon),
            english=tuple(Terms(t) for t in english),
            english_qualifiers=tuple(Terms(t) for t in english_qualifiers),
            english_vocabulary=frozenset().union(*english),
        )
        result.profiles[indicator.code] = profile
        # definitions are long and alike: not counted
        for term in name.union(*phrase_terms) | profile.english_vocabulary:
            document_frequency[term] = document_frequency.get(term, 0) + 1
    total = max(1, len(catalog.indicators))
    result.idf = {t: math.log(1 + total / df) for t, df in document_frequency.items()}
    for profile in result.profiles.values():
        for terms in (
            profile.name,
            profile.definition,
            *profile.phrases,
            *profile.qualifiers,
            *profile.english,
            *profile.english_qualifiers,
        ):
            terms.prepare(result.idf)
        for term in profile.vocabulary | profile.definition.terms:
            result.unfold.setdefault(fold(term), term)
        for term in profile.vocabulary:
            for key in (term, fold(term)):
                result.index.setdefault(key, set()).add(profile.indicator.code)
        for term in profile.english_vocabulary:
            result.index.setdefault(term, set()).add(profile.indicator.code)
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


def _qualifiers(profile: Profile, phrases: Sequence[str], lexicon: Lexicon) -> tuple[Terms, ...]:
    """The name's and each phrase's terms that do not name what the indicator counts
    ("cung cấp dịch vụ viễn thông" of "doanh nghiệp cung cấp dịch vụ viễn thông"); none
    when the name is only what it counts ("Tổng số đảng viên"). A phrase that is a unit
    ("xã, phường, thị trấn") qualifies nothing."""
    counted = {w for noun in profile.nouns for w in noun.split()}
    counted |= lexicon.stopwords
    counted |= {w for phrase in lexicon.matching.get("generic", ()) for w in phrase.split()}
    units = {lexicon.unit_key(u) for u in lexicon.units}
    found = []
    for index, terms in enumerate((profile.name, *profile.phrases)):
        rest = frozenset(t for t in terms.terms if not set(t.split()) & counted)
        if index == 0 and not rest:
            return ()
        if rest and (index == 0 or lexicon.unit_key(phrases[index - 1]) not in units):
            found.append(Terms(rest))
    return tuple(found)
