"""The text one extraction reads, in the forms its phases share, and the draft figures.

``Page`` holds the text's forms (``text`` for spans, ``key`` for patterns: see
normalize.py), its segments, the period expressions found in it and the report's own
period. ``Phase`` is what every phase of the extraction starts from: the page and the
list of draft figures it works on in turn.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal

from chuyendoiso.engine.domain.datavalues import Qualifier
from chuyendoiso.engine.domain.periods import Period
from chuyendoiso.engine.reader.lexicon import Lexicon
from chuyendoiso.engine.reader.model import (
    Bound,
    ChangeKind,
    Comparison,
    FigurePeriod,
    Kind,
    PeriodSource,
    Trend,
)
from chuyendoiso.engine.reader.normalize import KeyText, key_text
from chuyendoiso.engine.reader.patterns import Patterns, patterns_for
from chuyendoiso.engine.reader.segments import Segments, segment
from chuyendoiso.engine.reader.timeexpr import TimeExpr, find_time_expressions

_SPACE = re.compile(r"\s+")


def words(text: str) -> str:
    """``text`` with its runs of spaces made one space."""
    return _SPACE.sub(" ", text).strip()


class Page:
    def __init__(self, text: str, period: Period | None, lexicon: Lexicon) -> None:
        self.kt: KeyText = key_text(text)
        self.text = self.kt.nfc
        self.lexicon = lexicon
        self.p: Patterns = patterns_for(lexicon, self.kt.folded_mode)
        self.page_lines, marks = _page_lines(self.kt.key, self.p.page_line)
        # a sentence goes on across a page's number and running header
        joins = _page_joins(self.kt.key, self.page_lines, marks)
        self.seg: Segments = segment(_blank(self.text, joins), _blank(self.kt.lower, joins))
        self.key = self._unwrapped(_blank(self.kt.key, joins), self.seg.soft_breaks)
        self.times = find_time_expressions(self.key, folded=self.kt.folded_mode)
        self.time_starts = [t.start for t in self.times]
        self.time_ends = [t.end for t in self.times]
        self.time_index = {id(t): i for i, t in enumerate(self.times)}
        self.cumulative = [t.start for t in self.times if t.kind == "cumulative"]
        self.year_before = self._years_before(self.times)
        self.document_period: Period | None = period
        self.english = _english(self.key, self.p.english_words) if self.kt.folded_mode else False

    @staticmethod
    def _unwrapped(key: str, soft_breaks: tuple[int, ...]) -> str:
        """A wrapped line reads on: its line break becomes a space."""
        if not soft_breaks:
            return key
        chars = list(key)
        for pos in soft_breaks:
            chars[pos] = " "
        return "".join(chars)

    @staticmethod
    def _years_before(times: list[TimeExpr]) -> list[int | None]:
        """The last year written before each expression (for "quý II", "6 tháng đầu năm")."""
        found: list[int | None] = []
        last: int | None = None
        for expr in times:
            found.append(last)
            years = [n for n in expr.numbers if 1000 <= n <= 9999]
            if years:
                last = years[-1]
        return found

    def in_page_line(self, pos: int) -> bool:
        """Whether ``pos`` is in a page's number or running header (a PDF's text)."""
        index = bisect_right(self.page_lines, (pos, len(self.key))) - 1
        return index >= 0 and self.page_lines[index][1] > pos

    def in_time(self, pos: int) -> bool:
        """Whether ``pos`` is inside a period expression (other than "lũy kế")."""
        index = bisect_right(self.time_starts, pos) - 1
        return index >= 0 and self.time_ends[index] > pos and self.times[index].kind != "cumulative"

    def time_at(self, pos: int) -> TimeExpr | None:
        """The period expression that starts at ``pos`` (after spaces), if any."""
        while pos < len(self.key) and self.key[pos] == " ":
            pos += 1
        index = bisect_left(self.time_starts, pos)
        if index < len(self.times) and self.times[index].start == pos:
            return self.times[index]
        return None

    def clean(self, start: int, end: int) -> str:
        """Text between two offsets without the period expressions in it."""
        if start >= end:
            return ""
        pieces = []
        pos = start
        index = bisect_right(self.time_ends, start)
        while index < len(self.times) and self.times[index].start < end:
            expr = self.times[index]
            if expr.start > pos:
                pieces.append(self.text[pos : expr.start])
            pos = max(pos, expr.end)
            index += 1
        if pos < end:
            pieces.append(self.text[pos:end])
        return words(" ".join(pieces))


_WORD = re.compile(r"[a-z]+")
_LINE = re.compile(r"[^\n]+")
_ENGLISH_SHARE = 0.05  # of a text's words, to read it as English


def _english(key: str, english_words: frozenset[str]) -> bool:
    """Whether a text without diacritics is written in English (its common words)."""
    total = hits = 0
    for match in _WORD.finditer(key, 0, 200_000):
        total += 1
        hits += match.group() in english_words
    return total > 0 and hits / total >= _ENGLISH_SHARE


def _page_lines(key: str, page_line: re.Pattern[str]) -> tuple[list[tuple[int, int]], set[int]]:
    """Spans of the lines that number a page ("Trang 3") or repeat as a running header, and
    the starts of those that number a page.

    A running header is a line that does not end a sentence, written the same way at least
    twice, once next to a page's number, or three times: a PDF's text repeats it on every
    page.
    """
    lines = [(m.start(), m.end(), words(m.group())) for m in _LINE.finditer(key)]
    marks = set()
    for index, (_start, _end, line) in enumerate(lines):
        if page_line.fullmatch(line) or line.strip(" -–|.").isdigit():
            marks.add(index)
    seen: dict[str, list[int]] = {}
    for index, (_start, _end, line) in enumerate(lines):
        if 0 < len(line) <= 160 and line[-1] not in ".;:!?" and any(c.isalpha() for c in line):
            seen.setdefault(line, []).append(index)
    found = [(lines[i][0], lines[i][1]) for i in marks]
    for indexes in seen.values():
        by_number = any(i - 1 in marks or i + 1 in marks for i in indexes)
        if len(indexes) >= 3 or (len(indexes) == 2 and by_number):
            found.extend((lines[i][0], lines[i][1]) for i in indexes)
    return sorted(found), {lines[i][0] for i in marks}


def _page_joins(
    key: str, page_lines: list[tuple[int, int]], marks: set[int]
) -> list[tuple[int, int]]:
    """The page breaks a sentence goes on across: from the end of the line before a page's
    number and header (not ending a sentence) to the next line (in lower case)."""
    joins: list[tuple[int, int]] = []
    index = 0
    while index < len(page_lines):
        start, end = page_lines[index]
        numbered = start in marks
        index += 1
        while index < len(page_lines) and not key[end : page_lines[index][0]].strip():
            end = page_lines[index][1]  # the lines of one page break
            numbered = numbered or page_lines[index][0] in marks
            index += 1
        before, after = start, end
        while before > 0 and key[before - 1].isspace():
            before -= 1
        while after < len(key) and key[after].isspace():
            after += 1
        last, first = key[before - 1 : before], key[after : after + 1]
        if numbered and last and last not in ".!?:;…|" and first.islower():
            joins.append((before, after))
    return joins


def _blank(text: str, spans: list[tuple[int, int]]) -> str:
    """``text`` with ``spans`` made spaces (offsets do not move)."""
    if not spans:
        return text
    pieces, pos = [], 0
    for start, end in spans:
        pieces.append(text[pos:start])
        pieces.append(" " * (end - start))
        pos = end
    pieces.append(text[pos:])
    return "".join(pieces)


@dataclass
class Draft:
    """A figure while it is read; frozen into an ExtractedFigure at the end."""

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
    upper: Decimal | None = None  # a range ("gấp 2-3 lần", "nhóm 5-8"): its upper end
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


class Phase:
    """One pass of the extraction over the drafts of a page."""

    def __init__(self, page: Page, drafts: list[Draft]) -> None:
        self.page = page
        self.drafts = drafts
        self.text, self.key, self.p, self.seg = page.text, page.key, page.p, page.seg
        self.times, self.lexicon = page.times, page.lexicon

    def backward(self, index: int) -> Iterator[Draft]:
        for i in range(index - 1, -1, -1):
            yield self.drafts[i]

    def forward(self, index: int) -> Iterator[Draft]:
        for i in range(index + 1, len(self.drafts)):
            yield self.drafts[i]

    def same_unit(self, a: Draft, b: Draft) -> bool:
        return not a.unit or not b.unit or self.lexicon.same_unit(a.unit, b.unit)
