"""Which figure a stated percentage is the share of.

"88.020/98.408 (đạt 89,44%)": of the fraction; "X trong tổng số Y (chiếm P%)": of X in
Y; "A …, đạt tỷ lệ P%" after its whole: of A in the whole; "A/B hồ sơ (gồm: …), đạt P%
chỉ tiêu": of the fraction, which is then a share of a plan, not a part of a total;
"đạt P%, tương ứng A trên tổng số B": of A in B.
"""

from __future__ import annotations

import re
from functools import lru_cache

from chuyendoiso.engine.reader.extract.page import Draft, Phase
from chuyendoiso.engine.reader.lexicon import Lexicon
from chuyendoiso.engine.reader.model import Kind
from chuyendoiso.engine.reader.normalize import fold
from chuyendoiso.engine.reader.patterns import phrases

_PLAN_REACH = 300  # characters back from "đạt P% chỉ tiêu" to its fraction
_PLAN_AFTER = 160  # characters after a fraction where "chỉ tiêu" makes it a plan's share


class ShareLinks(Phase):
    """The share-linking part of the Relations phase."""

    def _plans(self) -> None:
        """A fraction followed by the words of a plan is a share of the plan."""
        plan = _plan_words(self.lexicon, self.page.kt.folded_mode)
        for draft in self.drafts:
            if draft.kind is Kind.RATIO and not draft.of_plan:
                sentence_end = self.seg.sentence(draft.start)[1]
                after = self.key[draft.end : min(sentence_end, draft.end + _PLAN_AFTER)]
                draft.of_plan = bool(plan.search(after))

    def _plan_share(self, share: Draft) -> bool:
        """ "A/B hồ sơ (gồm: …), đạt P% chỉ tiêu": P is the fraction's, of a plan."""
        sentence_start = self.seg.sentence(share.start)[0]
        for d in self.backward(share.id):
            if d.start < sentence_start or share.start - d.end > _PLAN_REACH:
                return False
            if d.kind is Kind.RATIO:
                share.percent_of = d.id
                d.of_plan = True
                return True
        return False

    def _share_of_named_whole(self, share: Draft, previous: Draft | None) -> bool:
        """ "kích hoạt A tài khoản, đạt P% số hồ sơ đã thu nhận (B hồ sơ)": A's share of B."""
        if previous is None or previous.kind not in (Kind.COUNT, Kind.AMOUNT):
            return False
        if share.id + 1 >= len(self.drafts) or previous.whole is not None:
            return False
        whole = self.drafts[share.id + 1]
        gap = self.key[share.end : whole.start]
        named = len(gap) <= 80 and gap.rstrip().endswith("(") and not any(c.isdigit() for c in gap)
        if not named or whole.kind is not previous.kind or whole.value < previous.value:
            return False
        if self.seg.clause(whole.start) != self.seg.clause(share.start):
            return False
        previous.whole = whole.id
        share.percent_of = previous.id
        return True

    def _share_after(self, share: Draft) -> bool:
        """ "đạt P%, tương ứng A trên tổng số B": P is A's share of B."""
        if share.id + 2 >= len(self.drafts):
            return False
        part, whole = self.drafts[share.id + 1], self.drafts[share.id + 2]
        gap = self.key[share.end : part.start]
        if not _correspond(self.lexicon, self.page.kt.folded_mode).fullmatch(gap):
            return False
        if part.whole == whole.id or (whole.whole is None and part.kind is Kind.COUNT):
            if part.whole is None and self.p.within_total_gap.search(
                self.key[part.end : whole.start]
            ):
                part.whole = whole.id
            if part.whole == whole.id:
                share.percent_of = part.id
                return True
        return False

    def _share(self, share: Draft, previous: Draft | None, clause_start: int) -> None:
        """A percentage stated for the figure before it: 88.020/98.408 (đạt 89,44%)."""
        if share.of_plan and self._plan_share(share):
            return
        if self._share_after(share) or self._share_of_named_whole(share, previous):
            return
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

    def _earlier_whole(self, part: Draft, clause_start: int) -> Draft | None:
        for d in self.backward(part.id):
            if d.start < clause_start:
                return None
            if d.kind in (Kind.COUNT, Kind.AMOUNT) and d.baseline_of is None:
                if self.same_unit(d, part) and d.unit and d.value >= part.value:
                    return d
                return None
        return None


@lru_cache(maxsize=8)
def _plan_words(lexicon: Lexicon, folded: bool) -> re.Pattern[str]:
    return _words_pattern(lexicon.words["plan"], folded, r"(?<![^\W_])(?:", r")(?![^\W_])")


@lru_cache(maxsize=8)
def _correspond(lexicon: Lexicon, folded: bool) -> re.Pattern[str]:
    """Between a percentage and the part it is the share of: ", tương ứng "."""
    return _words_pattern(lexicon.words["share_after"], folded, r"[\s,(]*(?:", r")\s*")


def _words_pattern(
    words: tuple[str, ...], folded: bool, before: str, after: str
) -> re.Pattern[str]:
    pattern = before + phrases(words) + after
    return re.compile(fold(pattern) if folded else pattern)
