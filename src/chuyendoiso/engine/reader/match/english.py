"""What the matcher knows of each indicator in English, for a text written in English.

The catalogue names every indicator in English (``name_en``, ``unit_label_en``); the
lexicon adds phrases under ``indicators_en`` ("applications received"). A figure in a
sentence of English is scored on these terms instead of the Vietnamese ones: "the city's
public administrative service system received 1,284,560 applications" is the number of
administrative dossiers received. The English words that say nothing of what is counted
are the lexicon's ``matching: english`` list.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from itertools import pairwise

from chuyendoiso.engine.domain.catalog import Indicator, ValueType
from chuyendoiso.engine.reader.lexicon import Lexicon
from chuyendoiso.engine.reader.normalize import lower

_WORD = re.compile(r"[a-z0-9]+")
_HEAD = re.compile(r"^(?:number|share|rate|total)\s+of\s+", re.IGNORECASE)
ENGLISH_WORDS = 3  # a sentence with this many of the lexicon's English words is English


def english_words(text: str) -> list[str]:
    return _WORD.findall(lower(text))


ENGLISH_SHARE = 0.12  # a text whose words are this much the lexicon's English ones


def is_english(text: str, lexicon: Lexicon) -> bool:
    """Whether ``text`` (a sentence) is written in English."""
    if not text.isascii():
        return False
    known = set(lexicon.matching.get("english", ()))
    return len(known.intersection(english_words(text))) >= ENGLISH_WORDS


def text_is_english(text: str, lexicon: Lexicon) -> bool:
    """Whether a whole text is written in English: its sentences without diacritics are."""
    sample = text[:100_000]
    words = english_words(sample)
    if not words or sum(not c.isascii() for c in sample) > len(sample) // 100:
        return False
    known = set(lexicon.matching.get("english", ()))
    return sum(w in known for w in words) >= ENGLISH_SHARE * len(words)


def english_terms(
    indicator: Indicator, lexicon: Lexicon, by_code: Mapping[str, Indicator]
) -> tuple[list[frozenset[str]], list[frozenset[str]]]:
    """The terms of the indicator's English name and phrases, and of each without the
    words of its unit ("dossiers"): what qualifies it."""
    stop = frozenset(lexicon.matching.get("english", ()))
    texts = [
        _HEAD.sub("", indicator.name_en),
        *lexicon.indicator_phrases_en.get(indicator.code, ()),
    ]
    units = [indicator.unit_label_en]
    if indicator.value_type is ValueType.RATIO and indicator.numerator in by_code:
        numerator = by_code[indicator.numerator]
        texts.append(_HEAD.sub("", numerator.name_en))
        units.append(numerator.unit_label_en)
    counted = stop | set(english_words(" ".join(units)))
    terms = [_terms(english_words(t), stop) for t in texts if t]
    qualifiers = [frozenset(t for t in each if not set(t.split()) & counted) for each in terms]
    return [t for t in terms if t], [q for q in qualifiers if q]


def _terms(words: Sequence[str], stop: frozenset[str]) -> frozenset[str]:
    """Content words and pairs of neighbouring words (as for Vietnamese syllables)."""
    found = {w for w in words if w not in stop and len(w) > 1}
    found |= {f"{a} {b}" for a, b in pairwise(words) if a not in stop and b not in stop}
    return frozenset(found)
