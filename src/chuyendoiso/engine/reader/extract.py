"""Find every figure of a Vietnamese report and what it is about.

One pass finds the numeric runs of the text and keeps those that are figures (not dates,
years, document numbers, labels, codes, phone numbers or ranges); each is read with what
surrounds it: qualifier, magnitude word, unit, kind. Then the figures are related to one
another (comparisons and their earlier values, ratios and the percentages stated for them,
parts and totals), given the words around them and their period. See docs/reader.md.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from decimal import Decimal

from chuyendoiso.engine.domain.datavalues import Qualifier
from chuyendoiso.engine.domain.errors import ValidationError
from chuyendoiso.engine.domain.periods import (
    Period,
    PeriodType,
    parse_period,
    previous_period,
    same_period_last_year,
)
from chuyendoiso.engine.reader.lexicon import Lexicon, default_lexicon
from chuyendoiso.engine.reader.model import (
    Bound,
    ChangeKind,
    Comparison,
    ExtractedFigure,
    FigurePeriod,
    Kind,
    PeriodSource,
    Trend,
)
from chuyendoiso.engine.reader.normalize import KeyText, fold, key_text
from chuyendoiso.engine.reader.numbers import Number, parse_number, scaled
from chuyendoiso.engine.reader.patterns import RUN, Patterns, patterns_for
from chuyendoiso.engine.reader.segments import Segments, segment
from chuyendoiso.engine.reader.timeexpr import TimeExpr, find_time_expressions

MAX_FIGURES = 200_000  # a safety bound: past it the rest of the text is not read
LEFT_SLICE = 60  # characters looked at before a number for its qualifier and kind
CONTEXT = 140  # characters of context kept on each side at most
_YEARS = range(1900, 2101)
_SPACE = re.compile(r"\s+")
_TRIM_LEFT = re.compile(r"^[\s,.;:()\-–/]+|[\s,.;:(\-–/]+$")
_TRAILING_VERBS = re.compile(
    r"(?:\s+|^)(?:đạt(?:\s+(?:tỷ|tỉ)\s+lệ)?|là|có|được|chiếm|với|gồm|và|ước\s+đạt|ước|lũy\s+kế"
    r"|trong\s+tổng\s+số|trong\s+số|tổng\s+số|khoảng|gần|hơn|trên)\s*$",
    re.IGNORECASE,
)
_LEADING_WORDS = re.compile(
    r"^(?:(?:và|có|với|đã|được|trong\s+đó|trong|của|cho|gồm|thì|,)\s+)+", re.IGNORECASE
)
_RIGHT_STOP = re.compile(r"[,;.:\n|]|\s(?:và|với|đạt|trong\s+đó|gồm|so\s+với)\s")  # on the key


@dataclass(frozen=True)
class Extraction:
    """The figures of a text and what they were read from."""

    text: str  # the text the spans refer to (NFC)
    figures: tuple[ExtractedFigure, ...]
    document_period: Period | None
    truncated: bool = False  # MAX_FIGURES was reached


@dataclass
class _Draft:
    id: int
    start: int
    end: int
    number_start: int
    number_end: int
    value: Decimal
    kind: Kind
    decimals: int
    scale: int = 1
    unit: str = ""
    qualifier: Qualifier = Qualifier.EXACT
    qualifier_word: str = ""
    bound: Bound = Bound.EXACT
    denominator: Decimal | None = None
    direction: Trend | None = None  # CHANGE and "tăng lên"
    measure: ChangeKind | None = None
    of_plan: bool = False
    from_of: int | None = None  # "từ A lên B": A is the earlier value of figure id B
    whole: int | None = None
    parts: list[int] = field(default_factory=list)
    parts_complete: bool = False
    percent_of: int | None = None
    compares: int | None = None
    baseline_of: int | None = None
    comparison: Comparison | None = None
    baseline_text: str = ""
    compared_with: bool = False  # "so với ..." follows the change
    baseline_expr: TimeExpr | None = None
    target: bool = False
    left: str = ""
    right: str = ""
    after: str = ""
    right_end: int = 0
    subject: str = ""
    period: FigurePeriod = field(
        default_factory=lambda: FigurePeriod(period=None, source=PeriodSource.NONE)
    )
    notes: list[str] = field(default_factory=list)


def extract(
    text: str, *, period: Period | None = None, lexicon: Lexicon | None = None
) -> list[ExtractedFigure]:
    """Every figure of ``text``; spans index the NFC form of ``text`` (see ``read``)."""
    return list(read(text, period=period, lexicon=lexicon).figures)


def read(text: str, *, period: Period | None = None, lexicon: Lexicon | None = None) -> Extraction:
    """Extract the figures of ``text``; ``period`` is the report's own period if known."""
    return _Reader(text, period, lexicon or default_lexicon()).run()


class _Reader:
    def __init__(self, text: str, period: Period | None, lexicon: Lexicon) -> None:
        self.kt: KeyText = key_text(text)
        self.text = self.kt.nfc
        self.key = self.kt.key
        self.lexicon = lexicon
        self.p: Patterns = patterns_for(lexicon, self.kt.folded_mode)
        self.seg: Segments = segment(self.text, self.kt.lower)
        if self.seg.soft_breaks:  # a wrapped line reads on: the break becomes a space
            chars = list(self.key)
            for pos in self.seg.soft_breaks:
                chars[pos] = " "
            self.key = "".join(chars)
        self.times = find_time_expressions(self.key, folded=self.kt.folded_mode)
        self._time_starts = [t.start for t in self.times]
        self._time_ends = [t.end for t in self.times]
        self._time_index = {id(t): i for i, t in enumerate(self.times)}
        self._cumulative = [t.start for t in self.times if t.kind == "cumulative"]
        # the last year written in an expression before each one (for "quý II", "6 tháng đầu năm")
        self._year_before: list[int | None] = []
        last: int | None = None
        for expr in self.times:
            self._year_before.append(last)
            years = [n for n in expr.numbers if 1000 <= n <= 9999]
            if years:
                last = years[-1]
        self.given_period = period
        self.document_period: Period | None = period
        self.drafts: list[_Draft] = []
        self._skip_until = 0
        self.truncated = False

    # --- the pass over numbers ----------------------------------------------------------

    def run(self) -> Extraction:
        if self.document_period is None:
            self.document_period = self._infer_document_period()
        for match in RUN.finditer(self.key):
            if len(self.drafts) >= MAX_FIGURES:
                self.truncated = True
                break
            if match.start() < self._skip_until or self._in_time(match.start()):
                continue
            draft = self._read_number(match.start(), match.end(), match.group())
            if draft is not None:
                self.drafts.append(draft)
        self._contexts()
        self._comparisons()
        self._shares_and_parts()
        self._periods()
        self._targets()
        figures = tuple(self._freeze(d) for d in self.drafts)
        return Extraction(self.text, figures, self.document_period, self.truncated)

    def _in_time(self, pos: int) -> bool:
        index = bisect_right(self._time_starts, pos) - 1
        return (
            index >= 0 and self._time_ends[index] > pos and self.times[index].kind != "cumulative"
        )

    def _read_number(self, start: int, end: int, run: str) -> _Draft | None:
        key, n = self.key, len(self.key)
        before = key[start - 1] if start else ""
        after = key[end] if end < n else ""
        if before.isalpha() or before == "_":
            return None  # a code: H1, QĐ-TTg, IPv6
        if before == "-" and start >= 2 and key[start - 2].isalpha():
            return None  # COVID-19
        if after.isalpha() or after == "_":
            return None  # 3G, 5G, 8h30, 10km
        if after in "/-" and end + 1 < n and key[end + 1].isalpha():
            return None  # 749/QĐ-TTg, 05-NQ/TU
        if (after == ":" and key[end + 1 : end + 2].isdigit()) or (
            before == ":" and key[start - 2 : start - 1].isdigit()
        ):
            return None  # a time of day
        clause_start = self.seg.clause(start)[0]
        left = key[max(clause_start, start - LEFT_SLICE) : start]
        line_start = key.rfind("\n", 0, start) + 1
        if self.p.heading_number.fullmatch(key[line_start:start]) and re.match(
            r"[.)]\s", key[end : end + 2]
        ):
            return None  # 1. Nhận thức số; 2) ...
        if self.p.document.search(left) or self.p.label.search(left):
            return None
        if self.p.phone.search(left[-30:]) or self.p.number_word.search(left[-12:]):
            return None
        if "-" in run:
            return None  # a range, a date range, a phone number: not a figure
        line_end = key.find("\n", end)
        line = key[line_start : line_end if line_end >= 0 else n]
        if line.strip(" -–—.|*#()[]") == run:
            return None  # alone on its line: a page number
        if "/" in run:
            return self._read_slashed(start, end, run, left)
        number = parse_number(run)
        if number is None:
            return None  # 4.0, 1.1.1, 12.34: a version, a code or a list
        if self.p.duration_before.search(left[-16:]) and self.p.time_unit.match(self.key, end):
            return None  # "trong 6 tháng": a length of time
        if len(run) >= 9 and run.startswith("0") and not number.grouped:
            return None  # a phone number
        return self._figure(start, end, number, left)

    def _read_slashed(self, start: int, end: int, run: str, left: str) -> _Draft | None:
        parts = run.split("/")
        if len(parts) != 2:
            return None  # a date or a code
        a, b = (parse_number(part) for part in parts)
        if a is None or b is None:
            return None
        if b.value in _YEARS and 1 <= a.value <= 12 and not b.grouped:
            return None  # 5/2024: a month
        looks_like_date = 1 <= a.value <= 31 and 1 <= b.value <= 12 and not a.grouped
        if looks_like_date and self.p.date_words.search(left):
            return None  # từ 01/01 ...
        rank = bool(self.p.rank.search(left))
        draft = self._figure(start, end, a, left, slash=True)
        if draft is None:
            return None
        draft.number_end = end
        draft.denominator = b.value
        if rank:
            draft.kind = Kind.RANK
        elif draft.kind in (Kind.COUNT, Kind.AMOUNT):
            draft.kind = Kind.RATIO
        else:
            return None
        return draft

    def _figure(
        self, start: int, end: int, number: Number, left: str, *, slash: bool = False
    ) -> _Draft | None:
        p, key = self.p, self.key
        value, decimals = number.value, number.decimals
        draft = _Draft(
            id=len(self.drafts),
            start=start,
            end=end,
            number_start=start,
            number_end=end,
            value=value,
            kind=Kind.COUNT,
            decimals=decimals,
        )
        pos = end
        unit_found = False
        if (m := p.percent.match(key, pos)) and not slash:
            draft.kind, draft.unit, pos = Kind.PERCENT, "%", m.end()
        else:
            if m := p.scale.match(key, pos):
                draft.scale = self._scale(m.group("w"))
                draft.value = scaled(value, draft.scale)
                pos = m.end()
            if m := p.money.match(key, pos):
                draft.kind, draft.unit, pos = Kind.AMOUNT, self._original(m, "w"), m.end()
                unit_found = True
            elif m := p.unit.match(key, pos):
                draft.unit, pos = self._original(m, "w"), m.end()
                unit_found = True
                if draft.unit.endswith("/tháng"):
                    draft.kind = Kind.RATE
                elif r := p.rate.match(key, pos):
                    draft.kind = Kind.RATE
                    draft.unit = f"{draft.unit}/{r.group('w')}"
                    pos = r.end()
            elif draft.scale >= 10**9:
                draft.kind = Kind.AMOUNT  # 1,5 tỷ: money unless said otherwise
        if (
            not slash
            and not unit_found
            and draft.kind is Kind.COUNT
            and draft.scale == 1
            and decimals == 0
            and not number.grouped
            and number.value in _YEARS
        ):
            return None  # a year
        self._read_left(draft, left, number)
        if draft.kind is Kind.CHANGE:
            pos = self._change_measure(draft, pos)
        elif (
            draft.kind is Kind.RANK
            and draft.denominator is None
            and (m := p.rank_out_of.match(key, pos))
        ):
            draft.denominator = Decimal(m.group("n"))
            pos = self._skip_to(m.end())
        if draft.kind is Kind.PERCENT and p.plan.match(key, pos):
            draft.of_plan = True
        if draft.unit.lower() == "điểm" and draft.kind is Kind.COUNT:
            if decimals > 0 or self.p.score.search(left):
                draft.kind = Kind.SCORE
        elif draft.kind is Kind.COUNT and not unit_found and self.p.score.search(left):
            draft.kind = Kind.SCORE
        draft.end = pos
        return draft

    def _scale(self, word: str) -> int:
        folded = fold(_words(word))
        for known, scale in self.lexicon.scales.items():
            if fold(known) == folded:
                return scale
        return 1

    def _original(self, match: re.Match[str], group: str) -> str:
        """The words of a match as written in the text (diacritics, case)."""
        return _words(self.text[match.start(group) : match.end(group)])

    def _skip_to(self, pos: int) -> int:
        self._skip_until = max(self._skip_until, pos)
        return pos

    def _read_left(self, draft: _Draft, left: str, number: Number) -> None:
        p = self.p
        if m := p.change_level.search(left):
            draft.direction = Trend.UP if fold(m.group("t")) == "tang" else Trend.DOWN
            draft.notes.append("mức mới sau khi tăng/giảm")
        elif (m := p.change.search(left)) and self._is_change(draft, m.group("t")):
            trigger = _words(m.group("t"))
            draft.kind = Kind.CHANGE
            draft.direction = _direction(trigger)
            draft.measure = ChangeKind.TIMES if fold(trigger) == "gap" else None
            draft.start = draft.number_start - (len(left) - m.start())
            filler = m.group("f")
            if filler:
                self._set_qualifier(draft, _words(filler), "")
            return
        elif p.rank.search(left):
            draft.kind = Kind.RANK
        if m := p.from_word.search(left):
            self._from_to(draft, m)
        if m := p.qualifier.search(left):
            word = _words(m.group("q") or "")
            lead = _words(m.group("lead") or "")
            if word == "trên" and not self._tren_means_over(left, m.start("q"), draft):
                word = ""
            if not word and fold(lead).startswith("uoc"):
                word = lead.split()[0]  # "ước đạt 12,5 nghìn tỷ": an estimate
            if word or lead:
                draft.start = draft.number_start - (len(left) - m.start())
                self._set_qualifier(draft, word, lead)

    def _set_qualifier(self, draft: _Draft, word: str, lead: str) -> None:
        key = word if not self.kt.folded_mode else _unfold(word, self.lexicon)
        if key in self.lexicon.qualifiers:
            draft.qualifier, draft.bound = self.lexicon.qualifiers[key]
        written = self.text[draft.start : draft.number_start].strip()
        draft.qualifier_word = _words(written) if (word or lead) else ""

    def _tren_means_over(self, left: str, at: int, draft: _Draft) -> bool:
        """ "trên" is "over" after a verb (đạt trên), "on" after a noun before a place noun."""
        words = left[:at].split()
        previous = words[-1].strip(",.;:()") if words else ""
        if not previous or not words[-1][-1:].isalnum():
            return True
        over_after = self.lexicon.over_after
        if previous in over_after or " ".join(words[-2:]) in over_after:
            return True
        unit = draft.unit.lower()
        return not any(unit.startswith(noun) for noun in self.lexicon.on_nouns)

    def _is_change(self, draft: _Draft, trigger: str) -> bool:
        if fold(_words(trigger)) == "bang":
            rest = self.key[draft.end : draft.end + 60]
            return bool(re.search(r"so\s+v|cùng\s+kỳ|cung\s+ky|lần|lan\b", rest))
        return True

    def _change_measure(self, draft: _Draft, pos: int) -> int:
        p, key = self.p, self.key
        trigger_is_level = fold(self.key[draft.start : draft.number_start].strip()).startswith(
            "bang"
        )
        if draft.kind is Kind.CHANGE and draft.unit == "%":
            draft.measure = ChangeKind.LEVEL if trigger_is_level else ChangeKind.PERCENT
        elif m := p.points.match(key, draft.number_end):
            draft.measure, draft.unit, pos = ChangeKind.POINTS, "điểm phần trăm", m.end()
        elif m := p.times.match(key, draft.number_end):
            draft.measure, draft.unit, pos = ChangeKind.TIMES, "lần", m.end()
        elif m := p.rank_unit.match(key, draft.number_end):
            draft.measure, draft.unit, pos = ChangeKind.RANK, _words(m.group()), m.end()
        elif draft.measure is None:
            draft.measure = ChangeKind.LEVEL if trigger_is_level else ChangeKind.ABSOLUTE
        m = p.compared_with.match(key, pos)
        if m is not None and m.end() > pos and "so" in m.group():
            draft.compared_with = True
            what_end = m.end()
            expr = self._time_at(m.end())
            if expr is not None and expr.baseline:
                draft.baseline_expr = expr
                what_end = expr.end
            draft.baseline_text = _words(self.text[m.start() : what_end]).lstrip(",( ")
            draft.baseline_text = re.sub(r"^so\s+(?:với|voi)?\s*", "", draft.baseline_text)
            pos = what_end
        return pos

    def _time_at(self, pos: int) -> TimeExpr | None:
        while pos < len(self.key) and self.key[pos] == " ":
            pos += 1
        index = bisect_left(self._time_starts, pos)
        if index < len(self.times) and self.times[index].start == pos:
            return self.times[index]
        return None

    def _from_to(self, draft: _Draft, match: re.Match[str]) -> None:
        """ "từ A lên B" (A is B's earlier value) or "từ A đến B" (a range: neither counts)."""
        tail = self.p.from_to.match(self.key, draft.end)
        if tail is None:
            return
        word = fold(_words(tail.group("w")))
        moving = bool(match.group("t")) or word in ("len", "xuong")
        if moving:
            draft.from_of = draft.id + 1
            draft.notes.append("giá trị trước (từ ... lên/xuống ...)")
        else:
            draft.notes.append("khoảng giá trị: không phải số liệu")
            draft.kind = Kind.COUNT
            draft.from_of = -1  # marks a range; dropped below

    # --- context and subject --------------------------------------------------------------

    def _contexts(self) -> None:
        kept: list[_Draft] = []
        for index, draft in enumerate(self.drafts):
            if draft.from_of == -1:
                continue
            if (
                index
                and self.drafts[index - 1].from_of == -1
                and self._range_end(self.drafts[index - 1], draft)
            ):
                continue
            kept.append(draft)
        self.drafts = kept
        for index, draft in enumerate(self.drafts):
            draft.id = index
        for draft in self.drafts:
            if draft.from_of is not None:
                draft.from_of = draft.id + 1 if draft.id + 1 < len(self.drafts) else None
        previous_end = 0
        for index, draft in enumerate(self.drafts):
            clause_start, clause_end = self.seg.clause(draft.number_start)
            if clause_start and self.key[clause_start - 1] == "|":
                clause_start = self.key.rfind("\n", 0, clause_start) + 1  # a cell: its row
            next_start = (
                self.drafts[index + 1].start if index + 1 < len(self.drafts) else clause_end
            )
            left_start = max(clause_start, previous_end, draft.start - CONTEXT)
            draft.left = self._clean(left_start, draft.start)
            right_limit = min(clause_end, next_start, draft.end + CONTEXT)
            right_end = self._right_end(draft.end, right_limit)
            draft.right = self._clean(draft.end, right_end)
            draft.right_end = right_end
            draft.after = self._clean(right_end, right_limit)
            previous_end = max(right_end, draft.end)
            draft.subject = self._subject(draft)

    def _range_end(self, first: _Draft, draft: _Draft) -> bool:
        """The second number of "từ 10 đến 15": dropped with the first."""
        gap = self.key[first.end : draft.start]
        return bool(re.fullmatch(r"\s*(?:-|đến|tới|den|toi)\s*", gap))

    def _right_end(self, start: int, limit: int) -> int:
        if (unit := self.p.unit.match(self.key, start)) and unit.end() <= limit:
            start = unit.end()  # "100% thôn, bản": the unit's own comma does not stop it
        segment_ = self.key[start:limit]
        if segment_.lstrip().startswith("("):
            close = segment_.find(")")
            if 0 < close < 100 and not re.search(r"[0-9]", segment_[:close]):
                stop = _RIGHT_STOP.search(segment_, close)
                return start + (stop.start() if stop else len(segment_))
        stop = _RIGHT_STOP.search(segment_)
        cut = stop.start() if stop else len(segment_)
        paren = segment_.find("(")
        if 0 <= paren < cut:
            cut = paren
        return start + cut

    def _clean(self, start: int, end: int) -> str:
        """Text between two offsets without the period expressions in it."""
        if start >= end:
            return ""
        pieces = []
        pos = start
        index = bisect_right(self._time_ends, start)
        while index < len(self.times) and self.times[index].start < end:
            expr = self.times[index]
            if expr.start > pos:
                pieces.append(self.text[pos : expr.start])
            pos = max(pos, expr.end)
            index += 1
        if pos < end:
            pieces.append(self.text[pos:end])
        return _SPACE.sub(" ", " ".join(pieces)).strip()

    def _subject(self, draft: _Draft) -> str:
        right = _TRIM_LEFT.sub("", draft.right)
        left = _TRIM_LEFT.sub("", draft.left)
        for _ in range(3):
            left = _TRAILING_VERBS.sub("", left).strip(" ,")
        left = re.sub(r"^(?:trong|về|ngoài\s+ra|đồng\s+thời)(?:\s+|$)", "", left, flags=re.I)
        left = _TRIM_LEFT.sub("", left)
        if draft.kind is Kind.CHANGE:
            return ""
        if draft.kind is Kind.PERCENT:
            right = _LEADING_WORDS.sub("", right)
            return right if right and not right.startswith("(") else left
        if draft.unit:
            if right:
                return f"{draft.unit} {right}"
            return f"{left} ({draft.unit})" if left else draft.unit
        return _LEADING_WORDS.sub("", right) or left

    # --- relations --------------------------------------------------------------------------

    def _comparisons(self) -> None:
        drafts = self.drafts
        for draft in drafts:
            if draft.from_of is not None:
                target = drafts[draft.from_of]
                draft.baseline_of = target.id
                target.comparison = Comparison(
                    direction=Trend.UP if target.value >= draft.value else Trend.DOWN,
                    measure=ChangeKind.DIRECTION,
                    value=None,
                    decimals=0,
                    baseline_text="",
                    baseline_period=None,
                    figure=None,
                    baseline_figure=draft.id,
                )
            if draft.kind is not Kind.CHANGE:
                continue
            compared = self._compared_figure(draft)
            if compared is None:
                draft.notes.append("không rõ so sánh cho số liệu nào")
                continue
            draft.compares = compared.id
            baseline = self._baseline_figure(draft)
            if baseline is not None:
                baseline.baseline_of = compared.id
            earlier = compared.comparison
            compared.comparison = Comparison(
                direction=draft.direction or Trend.UP,
                measure=draft.measure or ChangeKind.ABSOLUTE,
                value=draft.value,
                decimals=draft.decimals,
                baseline_text=draft.baseline_text,
                baseline_period=None,
                figure=draft.id,
                baseline_figure=(
                    baseline.id
                    if baseline is not None
                    else earlier.baseline_figure
                    if earlier
                    else None
                ),
            )

    def _compared_figure(self, change: _Draft) -> _Draft | None:
        sentence_start, sentence_end = self.seg.sentence(change.start)
        clause_start = self.seg.clause(change.start)[0]
        before: _Draft | None = None
        for d in self._backward(change.id):
            if d.start < sentence_start:
                break
            if d.kind is not Kind.CHANGE and d.baseline_of is None:
                before = d
                break
        if before is not None:
            same_clause = before.start >= clause_start
            at_clause_start = not self.key[clause_start : change.start].strip(" ;,(-")
            if same_clause or at_clause_start or self._only_comparisons_between(before, change):
                return before
        for d in self._forward(change.id):
            if d.start >= sentence_end or self.seg.clause(d.start)[0] != clause_start:
                break
            if d.kind is not Kind.CHANGE:
                return d
        return before

    def _backward(self, index: int) -> Iterator[_Draft]:
        for i in range(index - 1, -1, -1):
            yield self.drafts[i]

    def _forward(self, index: int) -> Iterator[_Draft]:
        for i in range(index + 1, len(self.drafts)):
            yield self.drafts[i]

    def _only_comparisons_between(self, a: _Draft, b: _Draft) -> bool:
        between = self.key[a.end : b.start]
        return len(between) < 80 and ";" not in between

    def _baseline_figure(self, change: _Draft) -> _Draft | None:
        if not change.compared_with:
            return None
        after = self.drafts[change.id + 1] if change.id + 1 < len(self.drafts) else None
        if after is None or after.kind is Kind.CHANGE:
            return None
        m = self.p.baseline_value.match(self.key, change.end)
        if m is None or after.start != m.end():
            # "so với 277 tin, bài cùng kỳ": the number right after "so với"
            gap = self.key[change.end : after.start]
            if not re.fullmatch(r"\s*(?:so\s+v(?:ới|oi)\s*)?", gap):
                return None
        after.notes.append("giá trị kỳ so sánh")
        return after

    def _shares_and_parts(self) -> None:
        p, key = self.p, self.key
        drafts = self.drafts
        for index, draft in enumerate(drafts):
            clause = self.seg.clause(draft.number_start)
            previous = self._previous_value(index, clause[0])
            # a part "X trong tổng số Y"
            if previous is not None and draft.kind in (Kind.COUNT, Kind.AMOUNT):
                gap = key[previous.end : draft.start]
                if p.within_total_gap.search(gap) and previous.kind in (Kind.COUNT, Kind.AMOUNT):
                    previous.whole = draft.id
            # "trong tổng số Y ... có X"
            if p.within_total_before.search(key[max(clause[0], draft.start - 20) : draft.start]):
                part = self._next_value(index, clause[1])
                if part is not None and self._same_unit(part, draft):
                    part.whole = draft.id
            if draft.kind is Kind.PERCENT and draft.comparison is None:
                self._share(draft, previous, clause[0])
            self._listed_parts(index, draft)
            self._total_after_parts(index, draft)

    def _previous_value(self, index: int, clause_start: int) -> _Draft | None:
        for d in self._backward(index):
            if d.start < clause_start:
                return None
            if d.kind is not Kind.CHANGE and d.baseline_of is None:
                return d
        return None

    def _next_value(self, index: int, clause_end: int) -> _Draft | None:
        for d in self._forward(index):
            if d.start >= clause_end:
                return None
            if d.kind in (Kind.COUNT, Kind.AMOUNT):
                return d
        return None

    def _same_unit(self, a: _Draft, b: _Draft) -> bool:
        return not a.unit or not b.unit or self.lexicon.same_unit(a.unit, b.unit)

    def _share(self, share: _Draft, previous: _Draft | None, clause_start: int) -> None:
        """A percentage stated for the figure before it: 88.020/98.408 (đạt 89,44%)."""
        if previous is None or previous.kind in (Kind.PERCENT, Kind.RANK, Kind.SCORE):
            return
        gap = self.key[previous.right_end : share.start]
        lead = self.p.share_lead.search(self.key[previous.end : share.start])
        if lead is None or len(gap) > 120 or ";" in gap:
            return
        if previous.kind is Kind.RATIO or previous.whole is not None:
            share.percent_of = previous.id
            return
        if previous.id > 0 and self.drafts[previous.id - 1].whole == previous.id:
            share.percent_of = previous.id - 1  # "X trong tổng số Y (chiếm P%)": P is X's share
            return
        words = {w for w in re.findall(r"[^\W\d_]+", lead.group("rest"))} - {
            "tỷ",
            "tỉ",
            "lệ",
            "ty",
            "le",
            "là",
            "la",
            "đạt",
            "dat",
        }
        whole = self._earlier_whole(previous, clause_start)
        context = set(re.findall(r"[^\W\d_]+", (previous.left + " " + previous.right).lower()))
        if whole is not None and words <= context:
            previous.whole = whole.id
            previous.notes.append("phần của tổng nêu trước (suy ra từ tỷ lệ)")
            share.percent_of = previous.id
        elif not words and "(" in self.key[previous.end : share.start]:
            share.percent_of = previous.id  # "72.554 đối tượng (đạt 89%)": of what is not said

    def _earlier_whole(self, part: _Draft, clause_start: int) -> _Draft | None:
        for d in self._backward(part.id):
            if d.start < clause_start:
                return None
            if d.kind in (Kind.COUNT, Kind.AMOUNT) and d.baseline_of is None:
                if self._same_unit(d, part) and d.unit and d.value >= part.value:
                    return d
                return None
        return None

    def _listed_parts(self, index: int, total: _Draft) -> None:
        """ "T, trong đó A, B" and "T gồm A, B": parts listed after their total."""
        if total.kind not in (Kind.COUNT, Kind.AMOUNT) or total.whole is not None:
            return
        sentence_end = self.seg.sentence(total.start)[1]
        after = self.drafts[index + 1] if index + 1 < len(self.drafts) else None
        if after is None or after.start >= sentence_end:
            return
        gap = self.key[total.end : after.start]
        intro = self.p.parts_intro.search(gap)
        if intro is None or ";" in gap[: intro.start()]:
            return
        complete = bool(self.p.parts_complete.search(gap))
        parts: list[_Draft] = []
        for d in self._forward(index):
            if d.start >= sentence_end:
                break
            if d.kind in (Kind.CHANGE, Kind.PERCENT) or d.baseline_of is not None:
                continue
            if d.kind not in (Kind.COUNT, Kind.AMOUNT) or not self._same_unit(d, total):
                break
            parts.append(d)
        if not parts:
            return
        total.parts = [d.id for d in parts]
        total.parts_complete = complete and len(parts) > 1
        for d in parts:
            d.whole = total.id

    def _total_after_parts(self, index: int, total: _Draft) -> None:
        """ "A ..., B ..., tổng cộng T": the parts before their total."""
        if total.kind not in (Kind.COUNT, Kind.AMOUNT) or total.parts or not total.unit:
            return
        left = self.key[max(0, total.start - 20) : total.start]
        if not self.p.total_before.search(left):
            return
        sentence_start = self.seg.sentence(total.start)[0]
        parts = []
        for d in self._backward(index):
            if d.start < sentence_start:
                break
            if d.kind in (Kind.CHANGE, Kind.PERCENT) or d.baseline_of is not None:
                continue
            if d.whole is not None or d.parts or not d.unit or not self._same_unit(d, total):
                break
            parts.append(d)
        if len(parts) < 2:
            return
        total.parts = [d.id for d in reversed(parts)]
        total.parts_complete = True
        for d in parts:
            d.whole = total.id

    # --- periods ----------------------------------------------------------------------------

    def _infer_document_period(self) -> Period | None:
        weights: dict[str, float] = {}
        first_seen: dict[str, int] = {}
        periods: dict[str, Period] = {}
        for expr in self.times:
            if expr.baseline or expr.kind not in ("months", "short", "quarter", "month", "year"):
                continue
            period = expr.period()
            if period is None:
                continue
            paragraph = self.seg.paragraph(expr.start)
            if paragraph[0] < 1500 and paragraph[1] - paragraph[0] < 200:
                weight = 3.0  # a title line near the top
            elif self._starts_clause(expr, sentence=True):
                weight = 1.0
            else:
                continue
            weights[period.id] = weights.get(period.id, 0) + weight
            first_seen.setdefault(period.id, expr.start)
            periods[period.id] = period
        if not weights:
            return None
        best = max(weights, key=lambda pid: (weights[pid], -periods[pid].days, -first_seen[pid]))
        return periods[best]

    def _starts_clause(self, expr: TimeExpr, *, sentence: bool = False) -> bool:
        start = (self.seg.sentence if sentence else self.seg.clause)(expr.start)[0]
        lead = self.key[start : expr.start]
        return bool(
            re.fullmatch(
                r"[\s\-+*•#>(\[\"']*(?:(?:trong|và|riêng|còn|dong thoi|đồng thời)\s+)?", lead
            )
        )

    def _expr_period(self, expr: TimeExpr) -> Period | None:
        default_year = self.document_period.year if self.document_period else None
        if expr.needs_year:
            default_year = self._year_before[self._time_index[id(expr)]] or default_year
        if expr.kind == "to_now":
            return self._to_now(expr)
        return expr.period(default_year)

    def _to_now(self, expr: TimeExpr) -> Period | None:
        """ "từ đầu năm đến nay": to the cut-off of the last range stated in the paragraph."""
        paragraph_start = self.seg.paragraph(expr.start)[0]
        year = next((n for n in expr.numbers if n >= 1000), None)
        for i in range(self._time_index[id(expr)] - 1, -1, -1):
            earlier = self.times[i]
            if earlier.start < paragraph_start:
                break
            if earlier.kind in ("range", "to_day", "month_range") and not earlier.baseline:
                period = earlier.period(year)
                if period is not None and (year is None or period.end.year == year):
                    return Period(
                        PeriodType.RANGE,
                        period.end.replace(month=1, day=1),
                        period.end,
                        period.calendar,
                    )
        doc = self.document_period
        if doc is not None and (year is None or doc.year == year):
            start = doc.end.replace(month=1, day=1)
            if (doc.start, doc.end) == (start, doc.end):
                return doc
            return Period(PeriodType.RANGE, start, doc.end, doc.calendar)
        return None

    def _periods(self) -> None:
        times_by_clause: dict[int, list[TimeExpr]] = {}
        for expr in self.times:
            if expr.baseline or expr.kind == "cumulative":
                continue
            if expr.kind == "date" and not self._starts_clause(expr):
                continue  # a document's date, not a figure's period
            times_by_clause.setdefault(self.seg.clause_index(expr.start), []).append(expr)
        carried: dict[int, TimeExpr | None] = {}  # clause index -> expression carried into it
        self._first_figure: dict[int, int] = {}
        for draft in self.drafts:
            self._first_figure.setdefault(self.seg.clause_index(draft.number_start), draft.start)
        for draft in self.drafts:
            draft.period = self._figure_period(draft, times_by_clause, carried)
        for draft in self.drafts:  # earlier values take the period they are compared with
            if draft.baseline_of is not None:
                compared = self.drafts[draft.baseline_of]
                period = self._baseline_period(compared)
                if period is not None:
                    draft.period = FigurePeriod(period, PeriodSource.STATED, text="kỳ so sánh")
            if draft.comparison is not None:
                draft.comparison = replace(
                    draft.comparison, baseline_period=self._baseline_period(draft)
                )

    def _baseline_period(self, draft: _Draft) -> Period | None:
        """The period a figure's comparison refers to: "cùng kỳ năm 2023" of a half -> 2023S1."""
        comparison = draft.comparison
        current = draft.period.period
        if comparison is None or comparison.figure is None or current is None:
            return None
        change = self.drafts[comparison.figure]
        text = fold(change.baseline_text)
        try:
            if "cung ky" in text:
                stated = change.baseline_expr.period() if change.baseline_expr else None
                steps = current.year - stated.year if stated else 1
                baseline = current
                for _ in range(max(1, min(steps, 10))):
                    baseline = same_period_last_year(baseline)
                return baseline
            if change.baseline_expr is not None:
                return self._expr_period(change.baseline_expr)
            if "nam truoc" in text or "nam ngoai" in text:
                if current.type is PeriodType.YEAR:
                    return same_period_last_year(current)
                return parse_period(str(current.year - 1))
            if "truoc" in text:
                return previous_period(current)
        except ValidationError:  # outside the supported dates
            return None
        return None

    def _figure_period(
        self,
        draft: _Draft,
        times_by_clause: dict[int, list[TimeExpr]],
        carried: dict[int, TimeExpr | None],
    ) -> FigurePeriod:
        clause_index = self.seg.clause_index(draft.number_start)
        clause_start, clause_end = self.seg.clause(draft.number_start)
        first = bisect_left(self._cumulative, clause_start)
        cumulative = first < len(self._cumulative) and self._cumulative[first] < draft.number_start
        own = times_by_clause.get(clause_index, [])
        before = [t for t in own if t.end <= draft.start]
        expr: TimeExpr | None = before[-1] if before else None
        source = PeriodSource.STATED
        if expr is None:
            next_start = (
                self.drafts[draft.id + 1].start if draft.id + 1 < len(self.drafts) else clause_end
            )
            after = [t for t in own if draft.end <= t.start < min(clause_end, next_start)]
            expr = after[0] if after else None
        if expr is None:
            expr = self._carried(clause_index, times_by_clause, carried)
            source = PeriodSource.CARRIED
        if expr is not None:
            period = self._expr_period(expr)
            if period is not None:
                return FigurePeriod(
                    period,
                    source,
                    as_of=expr.as_of,
                    to_date=expr.to_date,
                    cumulative=cumulative,
                    text=self.text[expr.start : expr.end],
                )
        if self.document_period is not None:
            return FigurePeriod(self.document_period, PeriodSource.DOCUMENT, cumulative=cumulative)
        return FigurePeriod(None, PeriodSource.NONE, cumulative=cumulative)

    def _carried(
        self,
        clause_index: int,
        times_by_clause: dict[int, list[TimeExpr]],
        carried: dict[int, TimeExpr | None],
    ) -> TimeExpr | None:
        """The period stated in an earlier clause of the sentence and still in force."""
        if clause_index in carried:
            return carried[clause_index]
        clause_start = self.seg.clauses[clause_index] if clause_index >= 0 else 0
        sentence_start = self.seg.sentence(clause_start)[0]
        state: TimeExpr | None = None
        index = self.seg.clause_index(sentence_start)
        while index < clause_index:
            start = self.seg.clauses[index]
            if self.p.topic.match(self.key, start):
                state = None
            first_figure = self._first_figure.get(index, len(self.key))
            for expr in times_by_clause.get(index, []):
                # only what is said before the clause's figures goes on to the next clauses
                if not expr.as_of and expr.kind != "date" and expr.start < first_figure:
                    state = expr
            index += 1
        if self.p.topic.match(self.key, clause_start):
            state = None
        carried[clause_index] = state
        return state

    def _targets(self) -> None:
        doc = self.document_period
        for draft in self.drafts:
            left = self.key[max(self.seg.clause(draft.start)[0], draft.start - 80) : draft.start]
            future = (
                doc is not None
                and draft.period.period is not None
                and draft.period.source is PeriodSource.STATED
                and draft.period.period.start > doc.end
            )
            if self.p.target.search(left) or future:
                draft.target = True
            if draft.kind is Kind.CHANGE and draft.compares is not None:
                draft.period = self.drafts[draft.compares].period

    # --- freezing -----------------------------------------------------------------------------

    def _freeze(self, d: _Draft) -> ExtractedFigure:
        notes = list(d.notes)
        if d.of_plan:
            notes.append("tỷ lệ so với kế hoạch")
        (sentence_start, sentence_end) = self.seg.sentence(d.number_start)
        return ExtractedFigure(
            id=d.id,
            start=d.start,
            end=d.end,
            text=self.text[d.start : d.end],
            value=d.value,
            kind=d.kind,
            decimals=d.decimals,
            scale=d.scale,
            unit=d.unit,
            subject=d.subject,
            qualifier=d.qualifier,
            qualifier_word=d.qualifier_word,
            bound=d.bound,
            period=d.period,
            number_start=d.number_start,
            number_end=d.number_end,
            denominator=d.denominator,
            comparison=d.comparison,
            whole=d.whole,
            parts=tuple(d.parts),
            parts_complete=d.parts_complete,
            percent_of=d.percent_of,
            compares=d.compares,
            baseline_of=d.baseline_of,
            target=d.target,
            context_left=d.left,
            context_right=d.right,
            context_after=d.after,
            sentence=(sentence_start, sentence_end),
            notes=tuple(notes),
        )


def _words(text: str) -> str:
    return _SPACE.sub(" ", text).strip()


def _direction(trigger: str) -> Trend:
    folded = fold(trigger)
    if folded.startswith(("giam", "thap", "it ")):
        return Trend.DOWN
    if folded == "bang":
        return Trend.SAME
    return Trend.UP


def _unfold(word: str, lexicon: Lexicon) -> str:
    for known in lexicon.qualifiers:
        if fold(known) == word:
            return known
    return word
