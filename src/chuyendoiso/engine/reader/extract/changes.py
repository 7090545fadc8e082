"""How a change is written: its measure, what it is compared with, "từ A lên B".

"tăng 12,6% so với năm 2022", "bằng 76,6% so với cùng kỳ", "tăng 2,5 điểm phần trăm",
"gấp 1,5 lần", "tăng 4 bậc"; "từ 80% lên 85%" (the first is the second's earlier value)
against "từ 10 đến 15" (a range: neither is a figure).
"""

from __future__ import annotations

import re

from chuyendoiso.engine.reader.extract.page import Draft, Phase, words
from chuyendoiso.engine.reader.model import ChangeKind, Kind, Trend
from chuyendoiso.engine.reader.normalize import fold


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
        m = p.compared_with.match(key, pos)
        if m is not None and m.end() > pos and "so" in m.group():
            draft.compared_with = True
            what_end = m.end()
            expr = self.page.time_at(m.end())
            if expr is not None and expr.baseline:
                draft.baseline_expr = expr
                what_end = expr.end
            draft.baseline_text = words(self.text[m.start() : what_end]).lstrip(",( ")
            draft.baseline_text = re.sub(r"^so\s+(?:với|voi)?\s*", "", draft.baseline_text)
            pos = what_end
        return pos

    def _from_to(self, draft: Draft, match: re.Match[str]) -> None:
        """ "từ A lên B" (A is B's earlier value) or "từ A đến B" (a range: neither counts)."""
        tail = self.p.from_to.match(self.key, draft.end)
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


def direction_of(trigger: str) -> Trend:
    folded = fold(trigger)
    if folded.startswith(("giam", "thap", "it ")):
        return Trend.DOWN
    if folded == "bang":
        return Trend.SAME
    return Trend.UP
