"""How well each indicator explains a figure: its words, its unit, its place.

A figure is scored against the indicators of its kind by how much of an indicator's name
or phrase its surrounding words cover (words nearer the number weigh more), with its unit
word as a strong signal and small bonuses for the section's pillar and for the figure's
role (a total, a part). Words typed without diacritics, or with wrong ones, still match at
a lower weight.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from chuyendoiso.engine.domain.catalog import (
    MeasureUnit,
    ValueType,
)
from chuyendoiso.engine.reader.lexicon import Lexicon
from chuyendoiso.engine.reader.match.english import is_english
from chuyendoiso.engine.reader.match.profiles import Catalogue, Profile, Terms, tokens
from chuyendoiso.engine.reader.match.qualify import Said, around, beside, judge
from chuyendoiso.engine.reader.match.subject import Subject, fits
from chuyendoiso.engine.reader.model import (
    ExtractedFigure,
    Kind,
)
from chuyendoiso.engine.reader.normalize import fold, lower

TOKEN_WORDS = re.compile(r"[^\W_]+")

THRESHOLD = 0.45  # below this a figure is left unmatched
_URL = re.compile(r"(?:https?://)?[^\W_]+(?:\.[^\W_]+){2,}\S*")
_KIND_UNITS: Mapping[Kind, tuple[MeasureUnit, ...]] = {
    Kind.COUNT: (MeasureUnit.COUNT,),
    Kind.PERCENT: (MeasureUnit.PERCENT,),
    Kind.AMOUNT: (MeasureUnit.VND,),
    Kind.RATE: (MeasureUnit.PER_MONTH,),
    Kind.SCORE: (MeasureUnit.SCORE,),
    Kind.RANK: (MeasureUnit.RANK,),
    Kind.RATIO: (MeasureUnit.PERCENT,),
}


@dataclass
class Context:
    weights: dict[str, float]
    folded: dict[str, float]
    near: dict[str, float] = field(default_factory=dict)  # content words near the number
    keys: set[str] = field(default_factory=set)  # terms near it, as written and folded
    plain: bool = False  # written without diacritics: folded matches count fully
    said: Said = field(default_factory=Said)  # what may say what it counts (qualify.py)
    english: bool = False  # its sentence is in English: matched on the English terms

    @classmethod
    def build(
        cls, parts: Iterable[tuple[Sequence[str], Sequence[float]]], stop: frozenset[str]
    ) -> Context:
        weights: dict[str, float] = {}
        for words, word_weights in parts:
            for index, word in enumerate(words):
                weight = word_weights[index]
                if (word not in stop and len(word) > 1) or word.isdigit():
                    weights[word] = max(weights.get(word, 0.0), weight)
                if index + 1 < len(words):
                    pair = f"{word} {words[index + 1]}"
                    pair_weight = min(weight, word_weights[index + 1])
                    weights[pair] = max(weights.get(pair, 0.0), pair_weight)
        folded: dict[str, float] = {}
        for term, weight in weights.items():
            key = fold(term)
            folded[key] = max(folded.get(key, 0.0), weight)
        return cls(weights, folded)

    def merge(self, other: Context | None) -> None:
        """Add ``other``'s words where they weigh more than here."""
        if other is None:
            return
        for mine, theirs in ((self.weights, other.weights), (self.folded, other.folded)):
            for term, weight in theirs.items():
                if weight > mine.get(term, 0.0):
                    mine[term] = weight

    def content(self, stop: frozenset[str]) -> bool:
        return any(" " not in t and t not in stop for t in self.weights)


def decay(count: int, *, reverse: bool, near: float = 1.0, far: float = 0.4) -> list[float]:
    """Weights by distance from the number: the nearest 4 words count fully, then less."""
    weights = [near if i < 4 else max(far, near - 0.07 * (i - 3)) for i in range(count)]
    return weights[::-1] if reverse else weights


@dataclass
class Scored:
    code: str
    score: float
    text_score: float
    matched: list[str]
    unit_match: bool
    notes: list[str]
    category_option: str = ""
    own_fit: bool = True  # what qualifies the indicator is said by the figure's own words
    fits: bool = True  # what qualifies the indicator is said around it (qualify.py)
    explained: bool = True  # no word qualifying the figure's noun is foreign to it


class Scoring:
    """The scoring half of the Matcher."""

    cat: Catalogue
    lexicon: Lexicon
    _topics: list[ExtractedFigure | None]
    _sentence_cache: tuple[tuple[int, int], Context | None]
    _unit_cache: dict[tuple[str, str], bool]
    _subjects: list[Subject]
    _english_text: bool
    _why_not: dict[int, str]

    def _subject_of(self, figure: ExtractedFigure) -> Subject:
        return self._subjects[figure.id] if figure.id < len(self._subjects) else Subject()

    def _context(
        self, figure: ExtractedFigure, figures: Sequence[ExtractedFigure], text: str
    ) -> Context:
        start, end = figure.sentence
        sentence = text[start:end][:600]
        english = bool(text) and (
            is_english(sentence, self.lexicon) or (self._english_text and sentence.isascii())
        )
        stop = self._stop(english)
        left = tokens(_URL.sub(" ", figure.context_left), self.lexicon)
        right = tokens(_URL.sub(" ", figure.context_right), self.lexicon)
        beyond = tokens(figure.context_after, self.lexicon)  # past the first comma
        unit = tokens(figure.unit, self.lexicon) if figure.unit != "%" else []
        # near the number (the verb) and at the start of the clause (the subject) weigh most
        left_weights = decay(len(left), reverse=True)
        for i in range(min(5, len(left))):
            left_weights[i] = max(left_weights[i], 0.8)
        parts: list[tuple[Sequence[str], Sequence[float]]] = [
            (left, left_weights),
            (unit, [1.0] * len(unit)),
            (right, decay(len(right), reverse=False)),
            (beyond, decay(len(beyond), reverse=False, near=0.45, far=0.25)),
        ]
        near = Context.build(parts, stop)
        previous = self._borrowed(figure, figures, near)
        if previous is not None:
            # "hiện đạt 76%", "(mục tiêu 50%)", "tỷ lệ này": the words of the figure before
            more = tokens(previous.context_left + " " + previous.context_right, self.lexicon)
            parts.append((more, [0.8] * len(more)))
            near = Context.build(parts, stop)
        context = Context(dict(near.weights), dict(near.folded))
        topic = self._topics[figure.id] if figure.id < len(self._topics) else None
        if topic is not None:
            # "hệ thống X đã triển khai tại 48 sở; 08 đơn vị; 100% xã": the sentence's subject
            words = tokens(_URL.sub(" ", topic.context_left), self.lexicon)
            context.merge(Context.build([(words, [0.45] * len(words))], stop))
        context.keys = set(context.weights) | set(context.folded)
        raw = figure.context_left + figure.context_right + figure.unit
        context.plain = raw.isascii() and any(c.isalpha() for c in raw)
        context.english = english
        context.said = self._said(figure, figures, context)
        context.said.english = english
        context.merge(self._sentence_context(figure, text))
        context.said.sentence = context.said.near | set(context.weights)
        context.said.fold_all()
        context.near = {
            t: w for t, w in near.weights.items() if " " not in t and w >= 0.5 and not t.isdigit()
        }
        return context

    def _borrowed(
        self, figure: ExtractedFigure, figures: Sequence[ExtractedFigure], near: Context
    ) -> ExtractedFigure | None:
        """The figure whose words a figure with none of its own takes: the one before it,
        in its sentence or just before; for "tỷ lệ này", the share before it."""
        if figure.id == 0 or figure.id >= len(figures):
            return None
        plain = " ".join(TOKEN_WORDS.findall(lower(figure.context_left)))
        if any(f" {w} " in f" {plain} " for w in self.lexicon.matching.get("anaphora", ())):
            earlier = (f for f in reversed(figures[: figure.id]) if f.kind is figure.kind)
            return next(earlier, None)
        silent = self.lexicon.stopwords | self._not_subject()
        if near.content(silent):
            return None
        previous = figures[figure.id - 1]
        if previous.sentence == figure.sentence or previous.end > figure.sentence[0] - 200:
            return previous
        return None

    def _not_subject(self) -> frozenset[str]:
        """The syllables of words that do not say what a figure counts ("mục tiêu")."""
        phrases = self.lexicon.matching.get("not_subject", ())
        return frozenset(w for p in phrases for w in p.split())

    def _said(
        self, figure: ExtractedFigure, figures: Sequence[ExtractedFigure], context: Context
    ) -> Said:
        """The terms that may say what the figure counts (match/qualify.py)."""
        stop = self._stop(context.english)
        said = Said(own=set(context.weights), plain=context.plain)
        said.near = set(said.own)
        for other in beside(figure, figures):
            words = tokens(other.context_left + " " + other.context_right, self.lexicon)
            said.near |= set(Context.build([(words, [1.0] * len(words))], stop).weights)
        right = tokens(_URL.sub(" ", figure.context_right), self.lexicon)
        said.subject = tuple(w for w in right if w not in stop and len(w) > 1 and w.isalpha())
        return said

    def _stop(self, english: bool) -> frozenset[str]:
        if not english:
            return self.lexicon.stopwords
        return self.lexicon.stopwords | frozenset(self.lexicon.matching.get("english", ()))

    def _recall(self, profile: Profile, context: Context) -> tuple[float, list[str], float]:
        """How much of the indicator's name or best phrase is said near the figure, the
        words found, and how much of its definition; in English, its English terms."""
        if context.english:
            found = [self._coverage(t, context) for t in profile.english]
            best = max(found, default=(0.0, []), key=lambda pair: pair[0])
            return best[0], best[1], 0.0
        name, name_words = self._coverage(profile.name, context)
        phrase, phrase_words = 0.0, []
        for terms in profile.phrases:
            value, words = self._coverage(terms, context)
            if value > phrase:
                phrase, phrase_words = value, words
        definition, _ = self._coverage(profile.definition, context)
        matched = sorted(set(name_words) | set(phrase_words))
        return max(name, 0.95 * phrase), matched, definition

    def _precision(self, profile: Profile, context: Context) -> float:
        """How much of the words near the figure the indicator explains."""
        total = got = 0.0
        vocabulary = profile.english_vocabulary if context.english else profile.vocabulary
        for term, weight in context.near.items():
            idf = self.cat.idf.get(term, 2.0)
            total += weight * idf
            if context.plain and not context.english:
                term = self.cat.unfold.get(term, term)
            if term in vocabulary:
                got += weight * idf
            elif term in profile.definition.terms:
                got += weight * idf * 0.5
        return got / total if total else 0.0

    def _sentence_context(self, figure: ExtractedFigure, text: str) -> Context | None:
        """The words of the figure's sentence, weighing little; built once a sentence."""
        start, end = figure.sentence
        if not text or end <= start:
            return None
        if self._sentence_cache[0] != figure.sentence:
            words = tokens(text[start:end][:600], self.lexicon)
            built = Context.build([(words, [0.2] * len(words))], self.lexicon.stopwords)
            self._sentence_cache = (figure.sentence, built)
        return self._sentence_cache[1]

    def _coverage(self, terms: Terms, context: Context) -> tuple[float, list[str]]:
        """The share of the terms' weight found near the figure, and the words found."""
        if not terms.total:
            return 0.0, []
        idf = self.cat.idf
        got = 0.0
        matched: list[str] = []
        exact = terms.terms & context.weights.keys()
        for term in exact:
            weight = context.weights[term]
            got += idf.get(term, 1.0) * min(1.0, weight)
            if weight >= 0.5 and " " not in term:
                matched.append(term)
        for key in terms.by_fold.keys() & context.folded.keys():
            for term in terms.by_fold[key]:
                if term in exact:
                    continue
                factor = 1.0 if context.plain else 0.8 if " " in term else 0.4
                weight = context.folded[key] * factor
                got += idf.get(term, 1.0) * min(1.0, weight)
                if weight >= 0.5 and " " not in term:
                    matched.append(term)
        return got / terms.total, matched

    def _candidates(
        self,
        figure: ExtractedFigure,
        context: Context,
        pillar: str | None,
        figures: Sequence[ExtractedFigure],
    ) -> list[Scored]:
        if figure.kind is Kind.CHANGE:
            return []
        units = _KIND_UNITS[figure.kind]
        scored: list[Scored] = []
        subject = self._subject_of(figure)
        if subject.outside:
            self._why_not[figure.id] = subject.outside
            return []
        # only indicators that share a word with what is near the figure, or its unit
        near_codes = set().union(*(self.cat.index.get(k, ()) for k in context.keys))
        for profile in self.cat.profiles.values():
            indicator = profile.indicator
            if indicator.unit not in units or subject.plan_share:
                continue
            if indicator.code not in near_codes and not self._unit_matches(figure, profile):
                continue
            ratio_kind = figure.kind is Kind.RATIO
            if ratio_kind and indicator.value_type is not ValueType.RATIO:
                continue
            if fits(subject, indicator, profile.nouns, self.lexicon, figure.kind):
                continue
            scored.append(self._score(figure, context, pillar, profile, figures))
        scored = [s for s in scored if s.fits]
        if figure.kind is Kind.RATIO and not any(s.score >= THRESHOLD for s in scored):
            scored += self._numerators(figure, context, pillar, figures)
        scored.sort(key=lambda s: (-s.score, s.code))
        return scored[:5]

    def _numerators(
        self,
        figure: ExtractedFigure,
        context: Context,
        pillar: str | None,
        figures: Sequence[ExtractedFigure],
    ) -> list[Scored]:
        """A fraction with no ratio indicator (or a share of a plan: "thu nhận
        298.645/270.000 hồ sơ", its quota) is its numerator's count, never a total's."""
        subject = self._subject_of(figure)
        found = []
        for profile in self.cat.profiles.values():
            indicator = profile.indicator
            whole_only = profile.is_denominator and not profile.is_numerator
            if indicator.unit is not MeasureUnit.COUNT or whole_only:
                continue
            if fits(subject, indicator, profile.nouns, self.lexicon, figure.kind):
                continue
            scored = self._score(figure, context, pillar, profile, figures)
            if scored.fits:
                found.append(scored)
        return found

    def _unit_matches(self, figure: ExtractedFigure, profile: Profile) -> bool:
        key = (figure.unit, profile.indicator.code)
        found = self._unit_cache.get(key)
        if found is None:
            found = any(self.lexicon.same_unit(figure.unit, u) for u in profile.units)
            if len(self._unit_cache) < 100_000:
                self._unit_cache[key] = found
        return found

    def _score(
        self,
        figure: ExtractedFigure,
        context: Context,
        pillar: str | None,
        profile: Profile,
        figures: Sequence[ExtractedFigure],
    ) -> Scored:
        recall, matched, definition = self._recall(profile, context)
        verdict = judge(profile, context.said, self.cat.idf)
        text_score = 0.65 * recall + 0.35 * self._precision(profile, context)
        notes: list[str] = []
        if figure.kind in (Kind.PERCENT,):
            unit_score, unit_match = 0.5, False
        elif not figure.unit:
            unit_score, unit_match = 0.35, False
        else:
            unit_match = self._unit_matches(figure, profile)
            unit_score = 1.0 if unit_match else 0.0
        score = 0.62 * text_score + 0.13 * definition + 0.25 * unit_score
        if figure.parts or any(g.whole == figure.id for g in around(figures, figure)):
            if profile.is_denominator or profile.indicator.name_vi.lower().startswith("tổng"):
                score += 0.05
                notes.append("là tổng")
        elif figure.whole is not None and profile.is_numerator:
            score += 0.05
            notes.append("là phần của tổng")
        if pillar is not None and profile.indicator.pillar == pillar:
            score += 0.05
            notes.append(f"mục {pillar}")
        return Scored(
            profile.indicator.code,
            min(1.0, score),
            text_score,
            matched,
            unit_match,
            notes,
            own_fit=verdict.own_fit,
            fits=verdict.fits,
            explained=verdict.explained,
        )
