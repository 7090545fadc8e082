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
        self.seg: Segments = segment(self.text, self.kt.lower)
        self.key = self._unwrapped(self.kt.key, self.seg.soft_breaks)
        self.times = find_time_expressions(self.key, folded=self.kt.folded_mode)
        self.time_starts = [t.start for t in self.times]
        self.time_ends = [t.end for t in self.times]
        self.time_index = {id(t): i for i, t in enumerate(self.times)}
        self.cumulative = [t.start for t in self.times if t.kind == "cumulative"]
        self.year_before = self._years_before(self.times)
        self.document_period: Period | None = period

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
