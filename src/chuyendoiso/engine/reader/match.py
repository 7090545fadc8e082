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
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache
from itertools import pairwise

from chuyendoiso.engine.catalog import Catalog, Indicator, TimeAggregation, Unit, ValueType
from chuyendoiso.engine.periods import Period, PeriodType
from chuyendoiso.engine.reader.lexicon import Lexicon, default_lexicon
from chuyendoiso.engine.reader.model import (
    ExtractedFigure,
    FigurePeriod,
    Kind,
    Match,
)
from chuyendoiso.engine.reader.normalize import fold, lower

THRESHOLD = 0.45  # below this a figure is left unmatched
_TOKEN = re.compile(r"[^\W_]+")
_URL = re.compile(r"(?:https?://)?[^\W_]+(?:\.[^\W_]+){2,}\S*")
_NAME_PREFIX = re.compile(r"^(?:tổng\s+số|số\s+lượng|số|tỷ\s+lệ|tỉ\s+lệ)\s+", re.IGNORECASE)
_KIND_UNITS: Mapping[Kind, tuple[Unit, ...]] = {
    Kind.COUNT: (Unit.COUNT,),
    Kind.PERCENT: (Unit.PERCENT,),
    Kind.AMOUNT: (Unit.VND,),
    Kind.RATE: (Unit.PER_MONTH,),
    Kind.SCORE: (Unit.SCORE,),
    Kind.RANK: (Unit.RANK,),
    Kind.RATIO: (Unit.PERCENT,),
}


def _tokens(text: str, lexicon: Lexicon) -> list[str]:
    """Syllables of ``text`` with the words of its abbreviations added (CCCD -> căn cước ...)."""
    words: list[str] = []
    for token in _TOKEN.findall(text):
        words.append(lower(token))
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


@dataclass(frozen=True)
class _Profile:
    indicator: Indicator
    vocabulary: frozenset[str]  # every term of its name, phrases and unit
    name: frozenset[str]
    phrases: tuple[frozenset[str], ...]
    definition: frozenset[str]
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
            name,
            phrase_terms,
            definition,
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
        for term in profile.vocabulary | profile.definition:
            result.unfold.setdefault(fold(term), term)
    for pillar in catalog.pillars:
        words = [lower(pillar.name_vi), *lexicon.pillar_phrases.get(pillar.code, ())]
        result.pillar_words[pillar.code] = tuple(fold(w) for w in words)
    return result


@dataclass
class _Context:
    weights: dict[str, float]
    folded: dict[str, float]
    near: dict[str, float] = field(default_factory=dict)  # content words near the number
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


class Matcher:
    """Matches figures to one catalogue; build it once and reuse it."""

    def __init__(self, catalog: Catalog, lexicon: Lexicon | None = None) -> None:
        self.lexicon = lexicon or default_lexicon()
        self.cat = _catalogue(catalog, self.lexicon)
        self.catalog = catalog

    def match(self, figures: Sequence[ExtractedFigure], *, text: str = "") -> list[Match]:
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
        topic = _sentence_topic(figures, figure)
        if topic is not None:
            # "hệ thống X đã triển khai tại 48 sở; 08 đơn vị; 100% xã": the sentence's subject
            words = _tokens(_URL.sub(" ", topic.context_left), self.lexicon)
            parts.append((words, [0.45] * len(words)))
        if text and figure.sentence[1] > figure.sentence[0]:
            sentence = _tokens(text[figure.sentence[0] : figure.sentence[1]][:600], self.lexicon)
            parts.append((sentence, [0.2] * len(sentence)))
        context = _Context.build(parts, stop)
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
            if term in profile.vocabulary or term in profile.definition:
                got += weight * idf * (1.0 if term in profile.vocabulary else 0.5)
        return got / total if total else 0.0

    def _coverage(self, terms: frozenset[str], context: _Context) -> tuple[float, list[str]]:
        total = 0.0
        got = 0.0
        matched: list[str] = []
        for term in terms:
            idf = self.cat.idf.get(term, 1.0)
            total += idf
            weight = context.weights.get(term)
            if weight is None:
                folded = context.folded.get(self.cat.fold_term(term))
                if folded is not None:
                    weight = folded * (1.0 if context.plain else 0.8 if " " in term else 0.4)
            if weight:
                got += idf * min(1.0, weight)
                if weight >= 0.5 and " " not in term:
                    matched.append(term)
        return (got / total if total else 0.0), matched

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
        for profile in self.cat.profiles.values():
            indicator = profile.indicator
            if indicator.unit not in units:
                continue
            ratio_kind = figure.kind is Kind.RATIO
            if ratio_kind and indicator.value_type is not ValueType.RATIO:
                continue
            scored.append(self._score(figure, context, pillar, profile, figures))
        if figure.kind is Kind.RATIO and not any(s.score >= THRESHOLD for s in scored):
            for profile in self.cat.profiles.values():  # no ratio indicator: its numerator
                if profile.indicator.unit is Unit.COUNT:
                    scored.append(self._score(figure, context, pillar, profile, figures))
        scored.sort(key=lambda s: (-s.score, s.code))
        return scored[:5]

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
            unit_match = any(self.lexicon.same_unit(figure.unit, u) for u in profile.units)
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
        """A part is not its own total: "2.345 trạm BTS, trong đó 1.980 trạm 4G"."""
        for figure in figures:
            whole = chosen.get(figure.whole) if figure.whole is not None else None
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
                "không đủ căn cứ để gắn chỉ tiêu"
                + (f" (gần nhất: {best.code}, {best.score:.2f})" if best else "")
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
        return Match(
            figure.id,
            indicator.code,
            round(min(1.0, confidence), 2),
            reason,
            refine_period(figure.period, indicator),
            alternatives,
            numerator,
            denominator,
        )


def _sentence_topic(
    figures: Sequence[ExtractedFigure], figure: ExtractedFigure
) -> ExtractedFigure | None:
    """The first figure of the sentence, when ``figure`` is in a later clause of it."""
    first = figure
    for index in range(figure.id - 1, -1, -1):
        if figures[index].sentence != figure.sentence:
            break
        first = figures[index]
    if first is figure or not first.context_left:
        return None
    return first


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
