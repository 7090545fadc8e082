"""Read the numbers of a text: which are figures, and each one's value, unit and kind.

One pass over the numeric runs of the text keeps those that are figures (not dates,
years, document numbers, labels, codes, phone numbers or ranges) and reads each with what
is written around it: its qualifier ("gần", "hơn", "ước đạt"), magnitude word, unit, kind,
and for a change what it is measured in and compared with.
"""

from __future__ import annotations

import re
from decimal import Decimal

from chuyendoiso.engine.reader.extract.changes import ChangeReading, direction_of
from chuyendoiso.engine.reader.extract.page import Draft, words
from chuyendoiso.engine.reader.extract.screens import YEARS, Screening
from chuyendoiso.engine.reader.lexicon import Lexicon
from chuyendoiso.engine.reader.model import Bound, ChangeKind, Kind, Trend
from chuyendoiso.engine.reader.normalize import fold
from chuyendoiso.engine.reader.numbers import Number, parse_number, scaled
from chuyendoiso.engine.reader.patterns import RUN

MAX_FIGURES = 200_000  # a safety bound: past it the rest of the text is not read
LEFT_SLICE = 60  # characters looked at before a number for its qualifier and kind
_HEADING_MARKS = " \t>#*_-"  # before a heading's number on its line
_PAGE_MARKS = " \t-–—.|*#()[]"  # around a page's number alone on its line
_SECTION = re.compile(r"[0-9]{1,2}(?:\.[0-9]{1,2})+")  # a section's number: 1.1, 2.3.1
SCALES = (1, 10, 100, 1000)  # the scales a score is given on: "0,612/1", "71,4/100"


class NumberReader(ChangeReading, Screening):
    """The pass over the numbers of the page: appends a draft for each figure."""

    truncated = False

    def read_all(self) -> list[Draft]:
        page = self.page
        for match in RUN.finditer(self.key):
            if len(self.drafts) >= MAX_FIGURES:
                self.truncated = True
                break
            at = match.start()
            if at < self._skip_until or page.in_time(at) or page.in_page_line(at):
                continue
            draft = self._read_number(at, match.end(), match.group())
            if draft is not None:
                self.drafts.append(draft)
        return self.drafts

    def _read_number(self, start: int, end: int, run: str) -> Draft | None:
        key = self.key
        ordinal = self.p.ordinal_suffix.match(key, end)
        if (ordinal is None and self._glued(start, end)) or self._list_marker(start, end):
            return None
        if self._in_url(start):
            return None
        clause_start = self.seg.clause(start)[0]
        left = key[max(clause_start, start - LEFT_SLICE) : start]
        if self._at_line_start(start, _HEADING_MARKS) and (
            re.match(r"[.)]\s", key[end : end + 2]) or self._section_number(run, end)
        ):
            return None  # 1. Nhận thức số; 2) ...; 1.1 Digital government
        if self.p.document.search(left) or self.p.phone.search(left[-30:]):
            return None
        if self._at_line_start(start, _PAGE_MARKS) and self._at_line_end(end, _PAGE_MARKS):
            return None  # alone on its line: a page number
        if "/" in run:
            return self._read_slashed(start, end, run, left)
        number, upper = self._parse(run, end)
        if number is None:
            return None  # 4.0, 1.1.1, 12.34: a version, a code or a list
        if self._not_a_figure(number, end, left):
            return None
        if len(run) >= 9 and run.startswith("0") and not number.grouped:
            return None  # a phone number
        after = ordinal.end() if ordinal else None
        draft = self._figure(start, end, number, left, after=after)
        if draft is not None and upper is not None:
            draft.upper = scaled(upper, draft.scale)
            draft.notes.append("khoảng giá trị: giá trị là đầu dưới")
        return draft

    def _section_number(self, run: str, end: int) -> bool:
        """ "1.1 Digital government", "2.3. Kết quả": a section's number opening its line."""
        p, key = self.p, self.key
        if not _SECTION.fullmatch(run) or not re.match(r"\.?\s", key[end : end + 2]):
            return False
        return not (p.percent.match(key, end) or p.unit.match(key, end) or p.scale.match(key, end))

    def _read_slashed(self, start: int, end: int, run: str, left: str) -> Draft | None:
        parts = run.split("/")
        if len(parts) != 2:
            return None  # a date or a code
        english = self.page.english
        a, b = (parse_number(part.strip(), english=english) for part in parts)
        if a is None or b is None:
            return None
        if self._date_slash(a, b, start, end, left):
            return None  # 5/2024, Sáng 14/3, từ 01/01, (25/11)
        slash_at = start + len(parts[0])
        if self.p.rate_base.match(self.key, slash_at):
            return self._figure(start, slash_at, a, left)  # 28,5/100 dân: a rate
        rank = bool(self.p.rank.search(left))
        draft = self._figure(start, end, a, left, slash=True)
        if draft is None:
            return None
        draft.number_end = end
        draft.denominator = b.value
        if rank:
            draft.kind = Kind.RANK
        elif draft.kind is Kind.SCORE or _on_a_scale(a, b) or self._is_score_unit(draft.unit):
            draft.kind = Kind.SCORE  # 0,612/1 điểm, 71,4/100: a score and its scale
        elif draft.kind in (Kind.COUNT, Kind.AMOUNT):
            draft.kind = Kind.RATIO
        else:
            return None
        return draft

    def _figure(
        self,
        start: int,
        end: int,
        number: Number,
        left: str,
        *,
        slash: bool = False,
        after: int | None = None,
    ) -> Draft | None:
        """The figure of ``number``; ``after``: the end of an ordinal's suffix ("4th")."""
        draft = Draft(
            id=len(self.drafts),
            start=start,
            end=end,
            number_start=start,
            number_end=end,
            value=number.value,
            kind=Kind.COUNT,
            decimals=number.decimals,
        )
        pos, unit_found = self._read_unit(draft, after or end, slash)
        if (
            not slash
            and after is None
            and not unit_found
            and draft.kind is Kind.COUNT
            and draft.scale == 1
            and number.decimals == 0
            and not number.grouped
            and number.value in YEARS
        ):
            return None  # a year
        self._read_left(draft, left, number)
        if after is not None and draft.kind is Kind.COUNT:
            draft.kind = Kind.RANK  # 4th, (6th)
        pos = self._read_after(draft, pos)
        self._kind_by_words(draft, left, unit_found)
        draft.end = pos
        return draft

    def _read_unit(self, draft: Draft, pos: int, slash: bool) -> tuple[int, bool]:
        """What follows the number: %, a magnitude word, money or a unit, a rate's period."""
        p, key = self.p, self.key
        if (m := p.percent.match(key, pos)) and not slash:
            draft.kind, draft.unit = Kind.PERCENT, "%"
            return m.end(), False
        if m := p.scale.match(key, pos):
            draft.scale = self._scale(m.group("w"))
            draft.value = scaled(draft.value, draft.scale)
            pos = m.end()
        if m := p.money.match(key, pos):
            draft.kind, draft.unit = Kind.AMOUNT, self._original(m, "w")
            return self._rate_base(draft, m.end()), True
        if m := p.unit.match(key, pos):
            draft.unit, pos = self._original(m, "w"), m.end()
            if draft.unit.endswith("/tháng"):
                draft.kind = Kind.RATE
            elif r := p.rate.match(key, pos):
                draft.kind = Kind.RATE
                draft.unit = f"{draft.unit}/{r.group('w')}"
                pos = r.end()
            else:
                pos = self._rate_base(draft, pos)
            return pos, True
        if draft.scale >= 10**9:
            draft.kind = Kind.AMOUNT  # 1,5 tỷ: money unless said otherwise
            return pos, False
        return self._rate_base(draft, pos), False

    def _rate_base(self, draft: Draft, pos: int) -> int:
        """ "28,5 thuê bao/100 dân", "9 trạm mỗi xã": a rate; its base is in its unit."""
        r = self.p.rate_base.match(self.key, pos)
        if r is None:
            return pos
        draft.kind = Kind.RATE
        per = self._original(r, "n") + " " if r.group("n") else ""
        draft.unit = f"{draft.unit}/{per}{self._original(r, 'w')}"
        return self._skip_to(r.end())

    def _read_after(self, draft: Draft, pos: int) -> int:
        """A change's measure, a rank's field, a share of a plan, "trở lên"."""
        p, key = self.p, self.key
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
        if m := p.at_least_after.match(key, pos):
            draft.bound = Bound.AT_LEAST  # từ mức 0,6 trở lên
            pos = m.end()
        return pos

    def _kind_by_words(self, draft: Draft, left: str, unit_found: bool) -> None:
        """A score ("0,6142 điểm", "chỉ số DTI đạt 0,6961", "Kinh tế số 0,5346"), an average."""
        p = self.p
        if draft.kind is not Kind.COUNT:
            return
        if not unit_found and (m := p.money_before.search(left)):
            draft.kind = Kind.AMOUNT  # VND 500 million, USD 2,5 triệu
            at = draft.number_start - len(left)
            draft.unit = words(self.text[at + m.start("w") : at + m.end("w")])
        elif unit_found and self._is_score_unit(draft.unit):
            if draft.decimals > 0 or p.score.search(left):
                draft.kind = Kind.SCORE
        elif not unit_found and (
            p.score.search(left) or (draft.decimals and p.number_word.search(left[-12:]))
        ):
            draft.kind = Kind.SCORE
        elif m := p.rate_before.search(left):
            at = draft.number_start - len(left)
            draft.kind = Kind.RATE  # bình quân mỗi xã có 7 trạm
            draft.unit = f"{draft.unit}/{words(self.text[at + m.start('w') : at + m.end('w')])}"

    def _scale(self, word: str) -> int:
        folded = fold(words(word))
        for known, scale in self.lexicon.scales.items():
            if fold(known) == folded:
                return scale
        return 1

    def _original(self, match: re.Match[str], group: str) -> str:
        """The words of a match as written in the text (diacritics, case)."""
        return words(self.text[match.start(group) : match.end(group)])

    def _read_left(self, draft: Draft, left: str, number: Number) -> None:
        p = self.p
        if m := p.change_level.search(left):
            draft.direction = Trend.UP if fold(m.group("t")) == "tang" else Trend.DOWN
            draft.notes.append("mức mới sau khi tăng/giảm")
        elif (m := p.change.search(left)) and self._is_change(draft, m.group("t")):
            trigger = words(m.group("t"))
            draft.kind = Kind.CHANGE
            draft.direction = direction_of(trigger)
            draft.measure = ChangeKind.TIMES if fold(trigger) == "gap" else None
            draft.start = draft.number_start - (len(left) - m.start())
            filler = m.group("f")
            if filler:
                self._set_qualifier(draft, words(filler), "")
            return
        elif p.rank.search(left):
            draft.kind = Kind.RANK
        if m := self._from_word(left):
            self._from_to(draft, m)
        if m := p.qualifier.search(left):
            word = words(m.group("q") or "")
            lead = words(m.group("lead") or "")
            if word == "trên" and not self._tren_means_over(left, m.start("q"), draft):
                word = ""
            if not word and fold(lead).startswith("uoc"):
                word = lead.split()[0]  # "ước đạt 12,5 nghìn tỷ": an estimate
            if word or lead:
                draft.start = draft.number_start - (len(left) - m.start())
                self._set_qualifier(draft, word, lead)

    def _set_qualifier(self, draft: Draft, word: str, lead: str) -> None:
        key = word if not self.page.kt.folded_mode else _unfold(word, self.lexicon)
        if key in self.lexicon.qualifiers:
            draft.qualifier, draft.bound = self.lexicon.qualifiers[key]
        written = self.text[draft.start : draft.number_start].strip()
        draft.qualifier_word = words(written) if (word or lead) else ""

    def _tren_means_over(self, left: str, at: int, draft: Draft) -> bool:
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


def _unfold(word: str, lexicon: Lexicon) -> str:
    for known in lexicon.qualifiers:
        if fold(known) == word:
            return known
    return word


def _on_a_scale(a: Number, b: Number) -> bool:
    """ "0,612/1", "71,4/100": a score with decimals over the scale it is given on."""
    return a.decimals > 0 and b.decimals == 0 and b.value in SCALES and a.value <= b.value
