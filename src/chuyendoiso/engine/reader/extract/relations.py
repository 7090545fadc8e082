"""How the figures of a text relate: comparisons, shares, parts and totals.

A change ("tăng 12,6% so với năm 2022") is tied to the figure it compares and to the
earlier value when the text gives it ("từ A lên B", "so với 191 tin, bài"); a percentage to
the figure it is a share of ("88.020/98.408 (đạt 89,44%)"); parts to their total ("T, trong
đó A, B", "A trong tổng số T", "A, B, tổng cộng T").
"""

from __future__ import annotations

import re

from chuyendoiso.engine.reader.extract.changes import rank_bound_patterns
from chuyendoiso.engine.reader.extract.page import Draft
from chuyendoiso.engine.reader.extract.shares import ShareLinks
from chuyendoiso.engine.reader.model import (
    RANK_BOUND_NOTE,
    Bound,
    ChangeKind,
    Comparison,
    Kind,
    Trend,
)
from chuyendoiso.engine.reader.normalize import fold


class Relations(ShareLinks):
    """Ties the drafts of a page to one another."""

    def relate(self) -> None:
        self._rank_bounds()
        self._comparisons()
        self._plans()
        self._shares_and_parts()

    def _comparisons(self) -> None:
        drafts = self.drafts
        for draft in drafts:  # "từ A lên B" first: a stated change then builds on it
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
        for draft in drafts:
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

    def _rank_bounds(self) -> None:
        """ "lọt Top 10", "nhóm 5 tỉnh dẫn đầu": a bound on a rank, not a count."""
        before, after = rank_bound_patterns(self.lexicon, self.page.kt.folded_mode)
        for draft in self.drafts:
            if draft.kind not in (Kind.COUNT, Kind.SCORE) or draft.unit.lower() == "điểm":
                continue
            m = before.search(self.key, max(0, draft.number_start - 12), draft.number_start)
            if m is None:
                continue
            if fold(m.group("w")).lower() != "top" and not after.match(self.key, draft.number_end):
                continue  # "nhóm 3" alone may be a group of anything
            draft.kind, draft.bound = Kind.RANK, Bound.AT_MOST
            draft.notes.append(RANK_BOUND_NOTE)

    def _compared_figure(self, change: Draft) -> Draft | None:
        if change.measure is ChangeKind.RANK:
            return self._compared_rank(change)
        sentence_start, sentence_end = self.seg.sentence(change.start)
        clause_start = self.seg.clause(change.start)[0]
        before: Draft | None = None
        for d in self.backward(change.id):
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
        for d in self.forward(change.id):
            if d.start >= sentence_end or self.seg.clause(d.start)[0] != clause_start:
                break
            if d.kind is not Kind.CHANGE and d.baseline_of is None:
                return d
        return before

    def _compared_rank(self, change: Draft) -> Draft | None:
        """ "xếp thứ 41/63, tăng 7 bậc", "lùi 3 bậc (từ 2 xuống 5)": a rank, never a score."""
        sentence_start, sentence_end = self.seg.sentence(change.start)
        for d in self.backward(change.id):
            if d.start < sentence_start:
                break
            if d.kind is Kind.RANK and d.baseline_of is None:
                return d
        for d in self.forward(change.id):
            if d.start >= sentence_end or d.kind is Kind.CHANGE:
                break
            if d.baseline_of is None and d.kind in (Kind.RANK, Kind.COUNT, Kind.SCORE):
                if d.comparison is not None and d.comparison.baseline_figure is not None:
                    for rank in (d, self.drafts[d.comparison.baseline_figure]):
                        rank.kind = Kind.RANK  # "(từ 2 xuống 5)" after "lùi 3 bậc"
                    return d
                if d.kind is Kind.RANK:
                    return d
        return None

    def _only_comparisons_between(self, a: Draft, b: Draft) -> bool:
        between = self.key[a.end : b.start]
        return len(between) < 80 and ";" not in between

    def _baseline_figure(self, change: Draft) -> Draft | None:
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
                if part is not None and self.same_unit(part, draft):
                    part.whole = draft.id
            if draft.kind is Kind.PERCENT and draft.comparison is None:
                self._share(draft, previous, clause[0])
            self._listed_parts(index, draft)
            self._total_after_parts(index, draft)

    def _previous_value(self, index: int, clause_start: int) -> Draft | None:
        for d in self.backward(index):
            if d.start < clause_start:
                return None
            if d.kind is not Kind.CHANGE and d.baseline_of is None:
                return d
        return None

    def _next_value(self, index: int, clause_end: int) -> Draft | None:
        for d in self.forward(index):
            if d.start >= clause_end:
                return None
            if d.kind in (Kind.COUNT, Kind.AMOUNT):
                return d
        return None

    def _listed_parts(self, index: int, total: Draft) -> None:
        """ "T, trong đó A, B" and "T gồm A, B": parts listed after their total (for a
        fraction "A/B (gồm: …)", parts of its first number)."""
        if total.kind not in (Kind.COUNT, Kind.AMOUNT, Kind.RATIO) or total.whole is not None:
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
        bracketed = "(" in gap[: intro.start()]  # "(gồm: A, B)": the list ends at ")"
        parts: list[Draft] = []
        last_end = after.start
        for d in self.forward(index):
            between = self.key[last_end : d.start]
            if d.start >= sentence_end or ";" in between or (bracketed and ")" in between):
                break
            last_end = d.end
            if d.kind in (Kind.CHANGE, Kind.PERCENT) or d.baseline_of is not None:
                continue
            if d.kind not in (Kind.COUNT, Kind.AMOUNT) or not self._part_unit(d, total):
                break
            parts.append(d)
        if not parts:
            return
        total.parts = [d.id for d in parts]
        total.parts_complete = complete and len(parts) > 1
        for d in parts:
            d.whole = total.id

    def _part_unit(self, part: Draft, total: Draft) -> bool:
        """The same unit, or a shorter name of it: "1.620 dịch vụ công trực tuyến, trong đó
        1.100 dịch vụ toàn trình"."""
        if self.same_unit(part, total):
            return True
        part_key, total_key = (self.lexicon.unit_key(d.unit) for d in (part, total))
        return bool(part_key) and total_key.startswith(part_key + " ")

    def _total_after_parts(self, index: int, total: Draft) -> None:
        """ "A ..., B ..., tổng cộng T": the parts before their total."""
        if total.kind not in (Kind.COUNT, Kind.AMOUNT) or total.parts or not total.unit:
            return
        left = self.key[max(0, total.start - 20) : total.start]
        if not self.p.total_before.search(left):
            return
        sentence_start = self.seg.sentence(total.start)[0]
        parts = []
        for d in self.backward(index):
            if d.start < sentence_start:
                break
            if d.kind in (Kind.CHANGE, Kind.PERCENT) or d.baseline_of is not None:
                continue
            if d.whole is not None or d.parts or not d.unit or not self.same_unit(d, total):
                break
            parts.append(d)
        if len(parts) < 2:
            return
        total.parts = [d.id for d in reversed(parts)]
        total.parts_complete = True
        for d in parts:
            d.whole = total.id
