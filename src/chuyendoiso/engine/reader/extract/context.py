"""The words around each figure: what it is about, for matching and for review.

A range ("từ 10 đến 15%") becomes one figure here: its lower end, with the upper end kept
(a number written "10-15%" is read so from the start); each figure gets the
words before it in its clause, the words after it up to the next stop, what follows
that, and the noun phrase it counts (its subject).
"""

from __future__ import annotations

import re

from chuyendoiso.engine.reader.extract.page import Draft, Phase
from chuyendoiso.engine.reader.model import Kind
from chuyendoiso.engine.reader.numbers import scaled

CONTEXT = 140  # characters of context kept on each side at most
_TRIM_LEFT = re.compile(r"^[\s,.;:()\-–/]+|[\s,.;:(\-–/]+$")


class ContextReader(Phase):
    """Drops ranges and gives each figure the words around it."""

    def attach(self) -> list[Draft]:
        kept: list[Draft] = []
        merged: set[int] = set()  # upper ends of ranges, merged into their lower end
        for index, draft in enumerate(self.drafts):
            if index in merged:
                continue
            if draft.from_of == -1:
                following = self.drafts[index + 1] if index + 1 < len(self.drafts) else None
                if following is not None and self._range_end(draft, following):
                    kept.append(_range(draft, following))
                    merged.add(index + 1)
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
            draft.left = self.page.clean(left_start, draft.start)
            right_limit = min(clause_end, next_start, draft.end + CONTEXT)
            right_end = self._right_end(draft.end, right_limit)
            draft.right = self.page.clean(draft.end, right_end)
            draft.right_end = right_end
            draft.after = self.page.clean(right_end, right_limit)
            previous_end = max(right_end, draft.end)
            draft.subject = self._subject(draft)
        return self.drafts

    def _range_end(self, first: Draft, draft: Draft) -> bool:
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
                stop = self.p.subject_stop.search(segment_, close)
                return start + (stop.start() if stop else len(segment_))
        stop = self.p.subject_stop.search(segment_)
        cut = stop.start() if stop else len(segment_)
        paren = segment_.find("(")
        if 0 <= paren < cut:
            cut = paren
        return start + cut

    def _subject(self, draft: Draft) -> str:
        right = _TRIM_LEFT.sub("", draft.right)
        left = _TRIM_LEFT.sub("", draft.left)
        for _ in range(3):
            left = self.p.subject_trailing.sub("", left).strip(" ,")
        left = self.p.subject_opening.sub("", left)
        left = _TRIM_LEFT.sub("", left)
        if draft.kind is Kind.CHANGE:
            return ""
        if draft.kind is Kind.PERCENT:
            right = self.p.subject_leading.sub("", right)
            return right if right and not right.startswith("(") else left
        if draft.unit:
            if right:
                return f"{draft.unit} {right}"
            return f"{left} ({draft.unit})" if left else draft.unit
        return self.p.subject_leading.sub("", right) or left


def _range(low: Draft, high: Draft) -> Draft:
    """ "từ 10 đến 15%": one figure, the lower end, with the upper end and its unit."""
    low.from_of = None
    low.notes = [n for n in low.notes if not n.startswith("khoảng giá trị")]
    low.notes.append("khoảng giá trị: giá trị là đầu dưới")
    if low.value > high.value:
        return low  # not a range of values
    if not low.unit and low.scale == 1 and high.scale > 1:
        low.value = scaled(low.value, high.scale)
        low.scale = high.scale
    if not low.unit:
        low.kind, low.unit, low.measure = high.kind, high.unit, high.measure
    low.upper = high.value
    low.number_end, low.end = high.number_end, high.end
    low.bound, low.qualifier = high.bound, high.qualifier
    return low
