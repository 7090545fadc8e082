"""How a change is written: its measure, what it is compared with, "từ A lên B".

"tăng 12,6% so với năm 2022", "bằng 76,6% so với cùng kỳ", "tăng 2,5 điểm phần trăm",
"gấp 1,5 lần", "tăng 4 bậc"; "từ 80% lên 85%" (the first is the second's earlier value)
against "từ 10 đến 15" (a range: neither is a figure).
"""

from __future__ import annotations

import re
from functools import lru_cache

from chuyendoiso.engine.reader.extract.page import Draft, Phase, words
from chuyendoiso.engine.reader.lexicon import Lexicon
from chuyendoiso.engine.reader.model import ChangeKind, Kind, Trend
from chuyendoiso.engine.reader.normalize import fold
from chuyendoiso.engine.reader.patterns import phrases


class ChangeReading(Phase):
    """The change-reading half of the NumberReader."""

    def _is_change(self, draft: Draft, trigger: str) -> bool:
        if fold(words(trigger)) == "bang":
            rest = self.key[draft.end : draft.end + 60]
            return bool(re.search(r"so\s+v|cùng\s+kỳ|cung\s+ky|lần|lan\b", rest))
        return True

    def _change_measure(self, draft: Draft, pos: int) -> int:
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
            draft.measure, draft.unit, pos = ChangeKind.RANK, words(m.group()), m.end()
        elif draft.measure is None:
            draft.measure = ChangeKind.LEVEL if trigger_is_level else ChangeKind.ABSOLUTE
        compared, edge = _compare_patterns(self.lexicon, self.page.kt.folded_mode)
        m = compared.match(key, pos)
        if m is not None and m.group("lead"):
            draft.compared_with = True
            what_end = m.end()
            at = edge.match(key, m.end())
            expr = self.page.time_at(at.end() if at else m.end())
            if expr is not None and (expr.baseline or not m.group("what")):
                draft.baseline_expr = expr
                what_end = expr.end
            draft.baseline_text = words(self.text[m.end("lead") : what_end])
            pos = what_end
        return pos

    def _from_word(self, left: str) -> re.Match[str] | None:
        """ "từ", "tăng từ", "từ mức", "từ vị trí" just before a number."""
        return _from_patterns(self.lexicon, self.page.kt.folded_mode)[0].search(left)

    def _from_to(self, draft: Draft, match: re.Match[str]) -> None:
        """ "từ A lên B" (A is B's earlier value) or "từ A đến B" (a range: neither counts);
        the words between may hold A's period: "từ vị trí 23/63 (năm 2022) lên vị trí 15/63"."""
        tail = _from_patterns(self.lexicon, self.page.kt.folded_mode)[1].match(self.key, draft.end)
        if tail is None:
            return
        word = fold(words(tail.group("w")))
        moving = bool(match.group("t")) or word in ("len", "xuong")
        if moving:
            draft.from_of = draft.id + 1
            draft.notes.append("giá trị trước (từ ... lên/xuống ...)")
        else:
            draft.notes.append("khoảng giá trị: không phải số liệu")
            draft.kind = Kind.COUNT
            draft.from_of = -1  # marks a range; dropped below


@lru_cache(maxsize=8)
def rank_bound_patterns(lexicon: Lexicon, folded: bool) -> tuple[re.Pattern[str], re.Pattern[str]]:
    """ "Top 10" and "nhóm 5 (tỉnh) dẫn đầu": the word before, the words after "nhóm N"."""
    bound, lead = phrases(lexicon.words["rank_bound"]), phrases(lexicon.words["rank_lead"])
    before = r"(?<![^\W_])(?P<w>" + bound + r")\s*\Z"
    after = r"[^.;:\n]{0,30}?(?<![^\W_])(?:" + lead + r")(?![^\W_])"
    if folded:
        before, after = fold(before), fold(after)
    return re.compile(before, re.IGNORECASE), re.compile(after)


@lru_cache(maxsize=8)
def _from_patterns(lexicon: Lexicon, folded: bool) -> tuple[re.Pattern[str], re.Pattern[str]]:
    """ "từ (mức|vị trí) " before the first number, and what leads to the second."""
    level = phrases(lexicon.words["from_level"])
    before = r"(?<![^\W_])(?P<t>tăng\s+|giảm\s+)?từ\s+(?:(?:" + level + r")\s+)?\Z"
    after = (
        r"\s*(?:\([^()\n]{0,40}\)\s*)?,?\s*(?P<w>-|đến|tới|lên|xuống)\s*"
        r"(?:(?:" + level + r")\s+)?(?=[0-9]|gần|hơn|khoảng)"
    )
    if folded:
        before, after = fold(before), fold(after)
    return re.compile(before), re.compile(after)


@lru_cache(maxsize=8)
def _compare_patterns(lexicon: Lexicon, folded: bool) -> tuple[re.Pattern[str], re.Pattern[str]]:
    """What a change is compared with, "so với cùng kỳ năm 2023", "up 15.2% from 2022";
    and the words that may come before its period, "so với cuối quý II/2024"."""
    w = {name: phrases(lexicon.words[name]) for name in ("compare", "baseline")}
    compared = (
        r"\s*[,(]?\s*(?P<lead>(?<![^\W_])(?:" + w["compare"] + r"))(?![^\W_])\s*"
        r"(?P<what>(?:" + w["baseline"] + r")(?![^\W_]))?"
        r"(?:\s*(?:in\s+)?(?P<year>(?:19|20)[0-9]{2})(?![0-9]))?"
    )
    edge = r"\s*(?:" + phrases(lexicon.words["baseline_edge"]) + r")\s+"
    if folded:
        compared, edge = fold(compared), fold(edge)
    return re.compile(compared, re.IGNORECASE), re.compile(edge)


def direction_of(trigger: str) -> Trend:
    folded = fold(trigger)
    if folded.startswith(("giam", "thap", "it ", "lui", "tut", "xuong", "down", "decrea", "fell")):
        return Trend.DOWN
    if folded == "bang":
        return Trend.SAME
    return Trend.UP
