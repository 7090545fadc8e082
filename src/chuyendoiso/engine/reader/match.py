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

import math
import re
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache
from itertools import pairwise

from chuyendoiso.engine.domain.catalog import (
    Catalog,
    Indicator,
    MeasureUnit,
    TimeAggregation,
    ValueType,
)
from chuyendoiso.engine.domain.periods import Period, PeriodType
from chuyendoiso.engine.reader.lexicon import Lexicon, default_lexicon
from chuyendoiso.engine.reader.model import (
    ExtractedFigure,
    FigurePeriod,
    Kind,
    Match,
)
from chuyendoiso.engine.reader.normalize import fold, lower

THRESHOLD = 0.45  # below this a figure is left unmatched
UNMATCHED = "không đủ căn cứ để gắn chỉ tiêu"
_TOKEN = re.compile(r"[^\W_]+")
_URL = re.compile(r"(?:https?://)?[^\W_]+(?:\.[^\W_]+){2,}\S*")
_NAME_PREFIX = re.compile(r"^(?:tổng\s+số|số\s+lượng|số|tỷ\s+lệ|tỉ\s+lệ)\s+", re.IGNORECASE)
_KIND_UNITS: Mapping[Kind, tuple[MeasureUnit, ...]] = {
    Kind.COUNT: (MeasureUnit.COUNT,),
    Kind.PERCENT: (MeasureUnit.PERCENT,),
    Kind.AMOUNT: (MeasureUnit.VND,),
    Kind.RATE: (MeasureUnit.PER_MONTH,),
    Kind.SCORE: (MeasureUnit.SCORE,),
    Kind.RANK: (MeasureUnit.RANK,),
    Kind.RATIO: (MeasureUnit.PERCENT,),
}


def _tokens(text: str, lexicon: Lexicon) -> list[str]:
    """Syllables of ``text`` with the words of its abbreviations added (CCCD -> căn cước ...)."""
    words: list[str] = []
    originals = _TOKEN.findall(text)
    lowered = _TOKEN.findall(lower(text))
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
            words.extend(_TOKEN.findall(expansion))
    return words


def _terms(words: Sequence[str], stop: frozenset[str]) -> set[str]:
    """Content syllables and pairs of neighbouring syllables."""
    terms = {w for w in words if (w not in stop and len(w) > 1) or w.isdigit()}
    terms |= {f"{a} {b}" for a, b in pairwise(words) if not (a in stop and b in stop)}
    return terms


@dataclass
class _Terms:
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
class _Profile:
    indicator: Indicator
    vocabulary: frozenset[str]  # every term of its name, phrases and unit
    name: _Terms
    phrases: tuple[_Terms, ...]
    definition: _Terms
    units: tuple[str, ...]
    is_numerator: bool
    is_denominator: bool


@dataclass
class _Catalogue:
    catalog: Catalog
    lexicon: Lexicon
    profiles: dict[str, _Profile] = field(default_factory=dict)
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
def _catalogue(catalog: Catalog, lexicon: Lexicon) -> _Catalogue:
    stop = lexicon.stopwords
    result = _Catalogue(catalog, lexicon)
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
        name = frozenset(_terms(_tokens(name_text, lexicon), stop))
        phrase_terms = tuple(frozenset(_terms(_tokens(p, lexicon), stop)) for p in phrases)
        definition = frozenset(_terms(_tokens(indicator.definition_vi, lexicon), stop))
        unit_terms = _terms(_tokens(" ".join(units), lexicon), stop)
        profile = _Profile(
            indicator,
            frozenset(name.union(*phrase_terms, unit_terms)),
            _Terms(name),
            tuple(_Terms(p) for p in phrase_terms),
            _Terms(definition),
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


@dataclass
class _Context:
    weights: dict[str, float]
    folded: dict[str, float]
    near: dict[str, float] = field(default_factory=dict)  # content words near the number
    keys: set[str] = field(default_factory=set)  # terms near it, as written and folded
    plain: bool = False  # written without diacritics: folded matches count fully

    @classmethod
    def build(
        cls, parts: Iterable[tuple[Sequence[str], Sequence[float]]], stop: frozenset[str]
    ) -> _Context:
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

    def merge(self, other: _Context | None) -> None:
        """Add ``other``'s words where they weigh more than here."""
        if other is None:
            return
        for mine, theirs in ((self.weights, other.weights), (self.folded, other.folded)):
            for term, weight in theirs.items():
                if weight > mine.get(term, 0.0):
                    mine[term] = weight

    def content(self, stop: frozenset[str]) -> bool:
        return any(" " not in t and t not in stop for t in self.weights)


def _decay(count: int, *, reverse: bool, near: float = 1.0, far: float = 0.4) -> list[float]:
    """Weights by distance from the number: the nearest 4 words count fully, then less."""
    weights = [near if i < 4 else max(far, near - 0.07 * (i - 3)) for i in range(count)]
    return weights[::-1] if reverse else weights


@dataclass
class _Scored:
    code: str
    score: float
    text_score: float
    matched: list[str]
    unit_match: bool
    notes: list[str]
    category_option: str = ""


class Matcher:
    """Matches figures to one catalogue; build it once and reuse it."""

    def __init__(self, catalog: Catalog, lexicon: Lexicon | None = None) -> None:
        self._topics: list[ExtractedFigure | None] = []
        self._sentence_cache: tuple[tuple[int, int], _Context | None] = ((-1, -1), None)
        self._unit_cache: dict[tuple[str, str], bool] = {}
        self.lexicon = lexicon or default_lexicon()
        self.cat = _catalogue(catalog, self.lexicon)
        self.catalog = catalog

    def match(self, figures: Sequence[ExtractedFigure], *, text: str = "") -> list[Match]:
        self._topics = _sentence_topics(figures)
        contexts = [self._context(f, figures, text) for f in figures]
        pillars = _pillars(figures, text, self.cat) if text else [None] * len(figures)
        candidates: list[list[_Scored]] = []
        for figure, context, pillar in zip(figures, contexts, pillars, strict=True):
            candidates.append(self._candidates(figure, context, pillar, figures))
        chosen = self._resolve(figures, candidates)
        chosen = self._parts_differ(figures, candidates, chosen)
        chosen = self._follow_links(figures, chosen)
        return [self._match(f, chosen[f.id], candidates[f.id]) for f in figures]

    # --- scoring ----------------------------------------------------------------------------

    def _context(
        self, figure: ExtractedFigure, figures: Sequence[ExtractedFigure], text: str
    ) -> _Context:
        stop = self.lexicon.stopwords
        left = _tokens(_URL.sub(" ", figure.context_left), self.lexicon)
        right = _tokens(_URL.sub(" ", figure.context_right), self.lexicon)
        beyond = _tokens(figure.context_after, self.lexicon)  # past the first comma
        unit = _tokens(figure.unit, self.lexicon) if figure.unit != "%" else []
        # near the number (the verb) and at the start of the clause (the subject) weigh most
        left_weights = _decay(len(left), reverse=True)
        for i in range(min(5, len(left))):
            left_weights[i] = max(left_weights[i], 0.8)
        parts: list[tuple[Sequence[str], Sequence[float]]] = [
            (left, left_weights),
            (unit, [1.0] * len(unit)),
            (right, _decay(len(right), reverse=False)),
            (beyond, _decay(len(beyond), reverse=False, near=0.45, far=0.25)),
        ]
        near = _Context.build(parts, stop)
        if not near.content(stop) and figure.id > 0:
            # "hiện đạt 76%": the words of the figure before it in the sentence
            previous = figures[figure.id - 1]
            if previous.sentence == figure.sentence or previous.end > figure.sentence[0] - 200:
                more = _tokens(previous.context_left + " " + previous.context_right, self.lexicon)
                parts.append((more, [0.8] * len(more)))
        near = _Context.build(parts, stop)
        context = _Context.build(parts, stop)
        topic = self._topics[figure.id] if figure.id < len(self._topics) else None
        if topic is not None:
            # "hệ thống X đã triển khai tại 48 sở; 08 đơn vị; 100% xã": the sentence's subject
            words = _tokens(_URL.sub(" ", topic.context_left), self.lexicon)
            context.merge(_Context.build([(words, [0.45] * len(words))], stop))
        context.keys = set(context.weights) | set(context.folded)
        context.merge(self._sentence_context(figure, text))
        raw = figure.context_left + figure.context_right + figure.unit
        context.plain = raw.isascii() and any(c.isalpha() for c in raw)
        context.near = {
            t: w for t, w in near.weights.items() if " " not in t and w >= 0.5 and not t.isdigit()
        }
        return context

    def _precision(self, profile: _Profile, context: _Context) -> float:
        """How much of the words near the figure the indicator explains."""
        total = got = 0.0
        for term, weight in context.near.items():
            idf = self.cat.idf.get(term, 2.0)
            total += weight * idf
            if context.plain:
                term = self.cat.unfold.get(term, term)
            if term in profile.vocabulary:
                got += weight * idf
            elif term in profile.definition.terms:
                got += weight * idf * 0.5
        return got / total if total else 0.0

    def _sentence_context(self, figure: ExtractedFigure, text: str) -> _Context | None:
        """The words of the figure's sentence, weighing little; built once a sentence."""
        start, end = figure.sentence
        if not text or end <= start:
            return None
        if self._sentence_cache[0] != figure.sentence:
            words = _tokens(text[start:end][:600], self.lexicon)
            built = _Context.build([(words, [0.2] * len(words))], self.lexicon.stopwords)
            self._sentence_cache = (figure.sentence, built)
        return self._sentence_cache[1]

    def _coverage(self, terms: _Terms, context: _Context) -> tuple[float, list[str]]:
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
        context: _Context,
        pillar: str | None,
        figures: Sequence[ExtractedFigure],
    ) -> list[_Scored]:
        if figure.kind is Kind.CHANGE:
            return []
        units = _KIND_UNITS[figure.kind]
        scored: list[_Scored] = []
        # only indicators that share a word with what is near the figure, or its unit
        near_codes = set().union(*(self.cat.index.get(k, ()) for k in context.keys))
        for profile in self.cat.profiles.values():
            indicator = profile.indicator
            if indicator.unit not in units:
                continue
            if indicator.code not in near_codes and not self._unit_matches(figure, profile):
                continue
            ratio_kind = figure.kind is Kind.RATIO
            if ratio_kind and indicator.value_type is not ValueType.RATIO:
                continue
            scored.append(self._score(figure, context, pillar, profile, figures))
        if figure.kind is Kind.RATIO and not any(s.score >= THRESHOLD for s in scored):
            for profile in self.cat.profiles.values():  # no ratio indicator: its numerator
                if profile.indicator.unit is MeasureUnit.COUNT:
                    scored.append(self._score(figure, context, pillar, profile, figures))
        scored.sort(key=lambda s: (-s.score, s.code))
        return scored[:5]

    def _unit_matches(self, figure: ExtractedFigure, profile: _Profile) -> bool:
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
        context: _Context,
        pillar: str | None,
        profile: _Profile,
        figures: Sequence[ExtractedFigure],
    ) -> _Scored:
        name, name_words = self._coverage(profile.name, context)
        phrase, phrase_words = 0.0, []
        for terms in profile.phrases:
            value, words = self._coverage(terms, context)
            if value > phrase:
                phrase, phrase_words = value, words
        definition, _ = self._coverage(profile.definition, context)
        recall = max(name, 0.95 * phrase)
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
        if figure.parts or any(g.whole == figure.id for g in _around(figures, figure)):
            if profile.is_denominator or profile.indicator.name_vi.lower().startswith("tổng"):
                score += 0.05
                notes.append("là tổng")
        elif figure.whole is not None and profile.is_numerator:
            score += 0.05
            notes.append("là phần của tổng")
        if pillar is not None and profile.indicator.pillar == pillar:
            score += 0.05
            notes.append(f"mục {pillar}")
        matched = sorted(set(name_words) | set(phrase_words), key=lambda w: w)
        return _Scored(
            profile.indicator.code, min(1.0, score), text_score, matched, unit_match, notes
        )

    # --- choosing ---------------------------------------------------------------------------

    def _resolve(
        self, figures: Sequence[ExtractedFigure], candidates: list[list[_Scored]]
    ) -> dict[int, _Scored | None]:
        """Best candidate each; a second figure of another value for the same indicator and
        period takes its next candidate when that one is nearly as good."""
        chosen: dict[int, _Scored | None] = {f.id: None for f in figures}
        taken: dict[tuple[str, str | None], ExtractedFigure] = {}
        order = sorted(
            (f for f in figures if candidates[f.id]),
            key=lambda f: -candidates[f.id][0].score,
        )
        for figure in order:
            options = [c for c in candidates[figure.id] if c.score >= THRESHOLD]
            if not options:
                continue
            best = options[0]
            key = (best.code, figure.period.id)
            holder = taken.get(key)
            if holder is not None and holder.value != figure.value and not figure.target:
                for option in options[1:]:
                    if (
                        option.score >= best.score - 0.12
                        and (option.code, figure.period.id) not in taken
                    ):
                        best = option
                        best.notes.append("chỉ tiêu gần nhất đã dùng cho số liệu khác")
                        break
            chosen[figure.id] = best
            if not figure.target and figure.baseline_of is None:
                taken.setdefault((best.code, figure.period.id), figure)
        return chosen

    def _parts_differ(
        self,
        figures: Sequence[ExtractedFigure],
        candidates: list[list[_Scored]],
        chosen: dict[int, _Scored | None],
    ) -> dict[int, _Scored | None]:
        """A part is its total's indicator with a category option ("gồm 5.200 hồ sơ trực
        tuyến"), or another indicator: "2.345 trạm BTS, trong đó 1.980 trạm 4G"."""
        for figure in figures:
            whole = chosen.get(figure.whole) if figure.whole is not None else None
            if whole is not None and (option := self._option(figure, whole.code)):
                chosen[figure.id] = _Scored(
                    whole.code,
                    whole.score,
                    whole.text_score,
                    [],
                    whole.unit_match,
                    [f"phần '{option[1]}' của tổng #{figure.whole}"],
                    option[0],
                )
                continue
            own = chosen.get(figure.id)
            if whole is None or own is None or own.code != whole.code:
                continue
            other = next(
                (c for c in candidates[figure.id] if c.code != whole.code and c.score >= THRESHOLD),
                None,
            )
            if other is not None:
                other.notes.append(f"khác chỉ tiêu của tổng #{figure.whole}")
            chosen[figure.id] = other
        return chosen

    def _option(self, figure: ExtractedFigure, code: str) -> tuple[str, str] | None:
        """The category option named near a part: ("CHANNEL:ONLINE", "Trực tuyến")."""
        words = " ".join(_TOKEN.findall(lower(f"{figure.context_left} {figure.context_right}")))
        plain = words.isascii()
        categories = {c.code: c for c in self.catalog.categories}
        for category_code in self.catalog.indicator(code).categories:
            category = categories.get(category_code)
            for option in category.options if category else ():
                name = " ".join(_TOKEN.findall(lower(option.name_vi)))
                text = fold(words) if plain else words
                if re.search(rf"(?<!\w){re.escape(fold(name) if plain else name)}(?!\w)", text):
                    return f"{category_code}:{option.code}", option.name_vi
        return None

    def _follow_links(
        self, figures: Sequence[ExtractedFigure], chosen: dict[int, _Scored | None]
    ) -> dict[int, _Scored | None]:
        """Earlier values and stated shares take the indicator of the figure they go with."""
        by_code = {i.code: i for i in self.catalog.indicators}
        for figure in figures:
            if figure.baseline_of is not None:
                compared = chosen.get(figure.baseline_of)
                other = figures[figure.baseline_of]
                if compared is not None and other.kind is figure.kind:
                    chosen[figure.id] = _Scored(
                        compared.code,
                        compared.score,
                        compared.text_score,
                        [],
                        compared.unit_match,
                        [f"giá trị kỳ so sánh của số liệu #{other.id}"],
                    )
            if figure.kind is Kind.PERCENT and figure.percent_of is not None:
                base = figures[figure.percent_of]
                if base.kind is Kind.RATIO and (found := chosen.get(base.id)) is not None:
                    if by_code[found.code].value_type is ValueType.RATIO:
                        chosen[figure.id] = _Scored(
                            found.code,
                            found.score,
                            found.text_score,
                            [],
                            False,
                            [f"tỷ lệ nêu cho phân số #{base.id}"],
                        )
                elif base.whole is not None:
                    part, whole = chosen.get(base.id), chosen.get(base.whole)
                    ratio = _ratio_of(self.catalog, part, whole)
                    if ratio is not None and part is not None and whole is not None:
                        chosen[figure.id] = _Scored(
                            ratio.code,
                            min(part.score, whole.score),
                            0.0,
                            [],
                            False,
                            [
                                f"tỷ lệ của số liệu #{base.id} trên #{base.whole}: {ratio.code} = "
                                f"{ratio.numerator} / {ratio.denominator}"
                            ],
                        )
        return chosen

    def _match(
        self, figure: ExtractedFigure, chosen: _Scored | None, candidates: list[_Scored]
    ) -> Match:
        alternatives = tuple(
            (c.code, round(c.score, 2))
            for c in candidates
            if chosen is None or c.code != chosen.code
        )[:3]
        if chosen is None:
            best = candidates[0] if candidates else None
            reason = (
                UNMATCHED + (f" (gần nhất: {best.code}, {best.score:.2f})" if best else "")
                if figure.kind is not Kind.CHANGE
                else "so sánh: xem số liệu được so sánh"
            )
            return Match(figure.id, None, 0.0, reason, figure.period, alternatives)
        indicator = self.catalog.indicator(chosen.code)
        confidence = chosen.score
        runner_up = next((c for c in candidates if c.code != chosen.code), None)
        if runner_up is not None and chosen.score - runner_up.score < 0.04:
            confidence *= 0.85
        reason = _reason(chosen, figure, indicator, runner_up)
        numerator = indicator.numerator or None if figure.kind is Kind.RATIO else None
        denominator = indicator.denominator or None if figure.kind is Kind.RATIO else None
        baseline = figure.comparison.baseline_period if figure.comparison else None
        if baseline is not None:
            baseline = refine_period(
                FigurePeriod(baseline, figure.period.source, as_of=figure.period.as_of), indicator
            ).period
        return Match(
            figure.id,
            indicator.code,
            round(min(1.0, confidence), 2),
            reason,
            refine_period(figure.period, indicator),
            alternatives,
            numerator,
            denominator,
            baseline,
            chosen.category_option,
        )


def _sentence_topics(figures: Sequence[ExtractedFigure]) -> list[ExtractedFigure | None]:
    """For each figure, the first figure of its sentence when that is another one."""
    topics: list[ExtractedFigure | None] = []
    first: ExtractedFigure | None = None
    for figure in figures:
        if first is None or first.sentence != figure.sentence:
            first = figure
        topics.append(first if first is not figure and first.context_left else None)
    return topics


def _around(figures: Sequence[ExtractedFigure], figure: ExtractedFigure) -> list[ExtractedFigure]:
    return [figures[i] for i in range(max(0, figure.id - 6), min(len(figures), figure.id + 7))]


def _ratio_of(catalog: Catalog, part: _Scored | None, whole: _Scored | None) -> Indicator | None:
    if part is None or whole is None:
        return None
    for indicator in catalog.indicators:
        if indicator.numerator == part.code and indicator.denominator == whole.code:
            return indicator
    return None


def _reason(
    chosen: _Scored, figure: ExtractedFigure, indicator: Indicator, runner_up: _Scored | None
) -> str:
    parts = []
    if chosen.matched:
        parts.append("khớp từ: " + ", ".join(f"'{w}'" for w in chosen.matched[:8]))
    if chosen.unit_match:
        parts.append(f"đơn vị '{figure.unit}'")
    if figure.kind is Kind.PERCENT and not chosen.notes:
        parts.append("là tỷ lệ")
    parts += chosen.notes
    if runner_up is not None and chosen.score - runner_up.score < 0.04:
        parts.append(f"gần với {runner_up.code} ({runner_up.score:.2f})")
    return "; ".join(parts) or indicator.name_vi


def refine_period(period: FigurePeriod, indicator: Indicator) -> FigurePeriod:
    """A flow "đến ngày 19/5/2024" covers the year up to that day, not the day itself."""
    p = period.period
    if p is None or not period.as_of or p.type is not PeriodType.DAY:
        return period
    if indicator.aggregation_time is TimeAggregation.STOCK:
        return period
    start = p.start.replace(month=1, day=1)
    return replace(
        period,
        period=Period(PeriodType.RANGE, start, p.end, p.calendar),
        as_of=False,
        to_date=True,
    )


def _pillars(figures: Sequence[ExtractedFigure], text: str, cat: _Catalogue) -> list[str | None]:
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
