"""Where a period or a goal holds beyond its own clause.

- A numbered heading's period holds for its section, to the next heading of its level or
  higher ("I. KẾT QUẢ NĂM 2021", "a) Năm 2022:").
- A heading or a lead ending in ":" that opens goals ("II. PHƯƠNG HƯỚNG, NHIỆM VỤ NĂM 2024",
  "Mục tiêu cụ thể:", "phấn đấu đến hết năm 2022:") makes every figure of its section or of
  its list a goal; so does "Phấn đấu: ..." for the rest of its paragraph.
- A period that opens a sentence holds for the next sentences of its paragraph; a
  paragraph that goes on in lower case after a page break is the same paragraph.
- A goal or horizon year ("phấn đấu đến năm 2030", "tầm nhìn đến năm 2035", "nhiệm vụ năm
  2026", a bare "đến năm 2025") is never a result's period nor the report's.
- A caption's, a source's or a byline's line ("Ảnh: ...", "Nguồn: ...") names no period
  of the report.

Everything is found in one pass over the paragraphs and sentences; lookups are by
bisection, and every pattern runs on a bounded slice or is anchored.
"""

from __future__ import annotations

import re
import weakref
from bisect import bisect_left, bisect_right
from dataclasses import dataclass

from chuyendoiso.engine.reader.extract.page import Page
from chuyendoiso.engine.reader.normalize import fold
from chuyendoiso.engine.reader.patterns import phrases
from chuyendoiso.engine.reader.timeexpr import TimeExpr

_NUMBERED = re.compile(
    r"[ \t#]*(?:(?P<roman>[IVX]{1,5})[.)]|(?P<arabic>[0-9]{1,2}(?:\.[0-9]{1,2}){0,3})[.)]"
    r"|(?P<letter>[a-zđ])\))[ \t]+"
)
_LIST_ITEM = re.compile(r"[ \t]*(?:[-+*•–]|[a-zđ]\)|[0-9]{1,2}[.)])[ \t]")
_DIGITS = re.compile(r"[0-9]+")
_OPEN_PAREN = re.compile(r"\s*\(\s*")
_CLOSE_PAREN = re.compile(r"\s*\)")
_AFTER_NUMBER = re.compile(r"[0-9%]\s*\(\s*\Z")
_MAX_HEADING = 100  # characters of a heading after its number
_MAX_LEAD = 80  # characters before the colon of "Phấn đấu năm 2023: ..."
_NOT_PERIODS = ("cumulative", "date", "month_label")


@dataclass(frozen=True)
class Scope:
    """What holds for a paragraph: its section's period, and whether it states goals."""

    period: TimeExpr | None = None  # the innermost heading or list lead naming a period
    goal: bool = False
    goal_expr: TimeExpr | None = None  # the period the goals are for


_CACHE: weakref.WeakKeyDictionary[Page, Scopes] = weakref.WeakKeyDictionary()


def scopes_of(page: Page) -> Scopes:
    """The scopes of a page, found once."""
    found = _CACHE.get(page)
    if found is None:
        found = _CACHE[page] = Scopes(page)
    return found


class Scopes:
    def __init__(self, page: Page) -> None:
        self.page = page
        self.key, self.text, self.seg = page.key, page.text, page.seg
        w = page.lexicon.words

        def c(pattern: str) -> re.Pattern[str]:
            return re.compile(fold(pattern) if page.kt.folded_mode else pattern)

        self._goal_start = c(r"[\s\-+*•#>(]*(?:" + phrases(w["goal_heading"]) + r")(?![^\W_])")
        self._plan_start = c(r"[\s\-+*•#>(]*(?:" + phrases(w["plan_heading"]) + r")(?![^\W_])")
        self._result = c(r"(?<![^\W_])(?:" + phrases(w["result_marker"]) + r")(?![^\W_])")
        self._horizon = c(
            r"(?<![^\W_])(?:"
            + phrases(w["horizon_lead"])
            + r")(?:\s+[^\W\d_]+){0,2}\s+(?:(?:đến|tới|trong)\s+)?\Z"
        )
        self._bare_to = c(r"(?<![^\W_])(?<!tính\s)(?:đến|tới)\s+\Z")
        self._same_period = c(
            r"[\s\-+*•]*(?:" + phrases(w["same_period"]) + r")(?:\s+năm\s+(?P<y>[0-9]{4}))?"
            r"(?![^\W_])"
        )
        self._source = c(r"[\s(\[\-–]*(?:" + phrases(w["source_lead"]) + r")\s*:")
        self._dateline = c(r"\s*[^\W\d_][^\n,;:.]{0,40},\s*(?:ngày\s+)?")
        self._caption = c(r"[\s(\[\-–]*(?:" + phrases(w["caption_lead"]) + r")\s*:")
        self.horizons = {i for i, t in enumerate(page.times) if self._is_horizon(t)}
        self._para_scopes: list[Scope] = []
        self._inline: list[tuple[int, int, TimeExpr | None]] = []  # "Phấn đấu: ..." spans
        self._inline_starts: list[int] = []
        self._para_from: list[int] = []  # where each paragraph's sentence openers count from
        self._captions: set[int] = set()  # paragraph indexes of captions and source lines
        self._sweep()
        self._opener_starts: list[int] = []
        self._opener_exprs: list[TimeExpr] = []
        self._find_openers()

    # --- horizons -------------------------------------------------------------------------

    def _is_horizon(self, expr: TimeExpr) -> bool:
        if expr.baseline or expr.kind in _NOT_PERIODS:
            return False
        before = self.key[max(0, expr.start - 60) : expr.start]
        if self._horizon.search(before):
            return True
        return expr.kind == "year" and bool(self._bare_to.search(before))

    def is_horizon(self, expr: TimeExpr) -> bool:
        return self.page.time_index.get(id(expr), -1) in self.horizons

    # --- paragraphs: headings, leads, goals ------------------------------------------------

    def _times_in(self, start: int, end: int) -> list[TimeExpr]:
        first = bisect_left(self.page.time_starts, start)
        last = bisect_left(self.page.time_starts, end)
        return [t for t in self.page.times[first:last] if t.end <= end]

    def _last_period(self, start: int, end: int) -> TimeExpr | None:
        found = [
            t for t in self._times_in(start, end) if not t.baseline and t.kind not in _NOT_PERIODS
        ]
        return found[-1] if found else None

    def _heading(self, start: int, end: int) -> tuple[int, TimeExpr | None, bool] | None:
        """(level, period, opens goals) of a numbered heading line, else None."""
        line = self.text[start:end]
        m = _NUMBERED.match(line)
        if m is None:
            return None
        rest = line[m.end() :].strip()
        if not rest or len(rest) > _MAX_HEADING or rest[-1] in ".;,":
            return None
        body = start + m.end()
        for digits in _DIGITS.finditer(self.key, body, end):
            if not self.page.in_time(digits.start()):
                return None  # a list item with a figure, not a heading
        if m["roman"]:
            level = 1
        elif m["arabic"]:
            level = 2 + m["arabic"].count(".")
        else:
            level = 6
        period = self._last_period(body, end)
        return level, period, self._opens_goals(body, period)

    def _sweep(self) -> None:
        paragraphs = self.seg.paragraphs
        stack: list[tuple[int, TimeExpr | None, bool]] = []
        lead: tuple[TimeExpr | None, bool] | None = None
        last_open = -1  # the last paragraph of body text that did not end its sentence
        for index, start in enumerate(paragraphs):
            end = paragraphs[index + 1] if index + 1 < len(paragraphs) else len(self.text)
            line = self.text[start:end].strip()
            self._para_from.append(start)
            if not line:
                self._para_scopes.append(self._scope(stack, lead))
                continue
            if self._caption.match(self.key, start):
                self._captions.add(index)
            if self._source.match(self.key, start):  # a block of its own starts here
                stack.clear()
                lead = None
            if line[0].islower() and last_open >= 0 and not _LIST_ITEM.match(line):
                self._para_from[index] = self._para_from[last_open]
            if len(" ".join(line.split())) >= 60:
                last_open = index if line[-1] not in ".!?:…" else -1
            heading = self._heading(start, end)
            if heading is not None:
                while stack and stack[-1][0] >= heading[0]:
                    stack.pop()
                stack.append(heading)
                lead = None
            elif lead is not None and not _LIST_ITEM.match(line):
                lead = None
            self._para_scopes.append(self._scope(stack, lead))
            if heading is None and line.endswith(":"):
                colon = start + self.text[start:end].rindex(":")
                lead_start = max(self.seg.clause(colon)[0], start)
                period = self._last_period(lead_start, colon)
                lead = (period, self._opens_goals(lead_start, period))
            elif heading is None:
                self._inline_goal(start, end)

    @staticmethod
    def _scope(
        stack: list[tuple[int, TimeExpr | None, bool]], lead: tuple[TimeExpr | None, bool] | None
    ) -> Scope:
        periods = [expr for _, expr, _ in stack if expr is not None]
        section = periods[-1] if periods else None
        goal = any(g for _, _, g in stack)
        if lead is not None:
            goal = goal or lead[1]
            if lead[0] is not None:
                return Scope(lead[0], goal, lead[0])
        return Scope(section, goal, section)

    def _inline_goal(self, start: int, end: int) -> None:
        """ "Phấn đấu năm 2023: 100% ...; 40%": goals to the end of the paragraph."""
        colon = self.key.find(":", start, min(end, start + _MAX_LEAD))
        if colon < 0:
            return
        period = self._last_period(start, colon)
        if self._opens_goals(start, period):
            self._inline.append((colon, end, period))
            self._inline_starts.append(colon)

    def _opens_goals(self, start: int, period: TimeExpr | None) -> bool:
        """Words opening goals at ``start``: "Mục tiêu ...", or "Nhiệm vụ" with a period."""
        if self._goal_start.match(self.key, start):
            return True
        return period is not None and bool(self._plan_start.match(self.key, start))

    def is_result(self, clause_start: int, pos: int) -> bool:
        """Whether the words before ``pos`` in its clause say it is a result: "hiện đạt"."""
        return bool(self._result.search(self.key, max(clause_start, pos - 60), pos))

    def _paragraph_index(self, pos: int) -> int:
        return max(0, bisect_right(self.seg.paragraphs, pos) - 1)

    def scope_at(self, pos: int) -> Scope:
        """The section's period and goals at ``pos``, with "Phấn đấu: ..." spans."""
        index = self._paragraph_index(pos)
        scope = self._para_scopes[index] if index < len(self._para_scopes) else Scope()
        i = bisect_right(self._inline_starts, pos) - 1
        if i >= 0 and self._inline[i][0] < pos < self._inline[i][1]:
            expr = self._inline[i][2] or scope.goal_expr
            return Scope(scope.period, True, expr)
        return scope

    def is_caption(self, pos: int) -> bool:
        return self._paragraph_index(pos) in self._captions

    def is_dateline(self, expr: TimeExpr) -> bool:
        """Whether ``expr`` ends a place-and-date line: "Bắc Giang, tháng 12 năm 2023"."""
        start, end = self.seg.paragraph(expr.start)
        if expr.start - start > 60 or end - expr.end > 5:
            return False
        before, after = self.key[start : expr.start], self.key[expr.end : end]
        return bool(self._dateline.fullmatch(before)) and not after.strip(" .\n")

    # --- sentences: periods that open them -------------------------------------------------

    def _find_openers(self) -> None:
        starts = self.page.time_starts
        for sentence_start in self.seg.sentences:
            j = bisect_left(starts, sentence_start)
            if j >= len(starts) or starts[j] - sentence_start > 40:
                continue
            expr = self.page.times[j]
            if expr.baseline or expr.kind in _NOT_PERIODS or j in self.horizons:
                continue
            if expr.start >= self.seg.sentence(sentence_start)[1]:
                continue
            if self.page.p.period_lead.fullmatch(self.key[sentence_start : expr.start]):
                self._opener_starts.append(sentence_start)
                self._opener_exprs.append(expr)

    def opens_sentence(self, expr: TimeExpr) -> bool:
        i = bisect_left(self._opener_starts, self.seg.sentence(expr.start)[0])
        return i < len(self._opener_exprs) and self._opener_exprs[i] is expr

    def opener_before(self, sentence_start: int) -> TimeExpr | None:
        """The period opening an earlier sentence of the paragraph, still in force."""
        if self.page.p.topic.match(self.key, sentence_start):
            return None
        index = self._paragraph_index(sentence_start)
        since = self._para_from[index] if index < len(self._para_from) else 0
        i = bisect_left(self._opener_starts, sentence_start) - 1
        if i >= 0 and self._opener_starts[i] >= since:
            return self._opener_exprs[i]
        return None

    def right_after(self, end: int, expr: TimeExpr) -> bool:
        """Whether ``expr`` is alone in a parenthesis right after a figure: "12/63 (năm 2023)"."""
        return (
            expr.start - end < 8
            and bool(_OPEN_PAREN.fullmatch(self.key[end : expr.start]))
            and bool(_CLOSE_PAREN.match(self.key, expr.end))
        )

    def after_figure(self, expr: TimeExpr) -> bool:
        """Whether ``expr`` is in a parenthesis right after a number: "23/63 (năm 2022)"."""
        return bool(_AFTER_NUMBER.search(self.key, max(0, expr.start - 12), expr.start))

    def same_period(self, clause_start: int) -> tuple[bool, int | None]:
        """Whether the clause opens with "cùng kỳ" (of the figure before), and the year it
        names ("cùng kỳ năm 2024": the same part of 2024)."""
        m = self._same_period.match(self.key, clause_start)
        if m is None:
            return False, None
        return True, int(m["y"]) if m["y"] else None
