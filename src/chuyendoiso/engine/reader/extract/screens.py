"""Which numbers of a text are figures, and how each number is written.

Not figures: codes ("H1", "3G", "COVID-19", "749/QĐ-TTg"), times of day ("8:30", "17 giờ
ngày 31/3"), labels and levels ("mức độ 3, 4", "Level 4", "4 sao", "bộ phận 1 cửa"), a
month's number ("tháng 1: ..."), a day and month ("Sáng 14/3", "(25/11)", "28 December
2023"), the digits of a web address, page numbers and running headers of a PDF's text.

The notation: Vietnamese ("1.207", "89,44") unless the text is written in English ("316,510",
"98.72"); a dot that cannot group thousands is a decimal point ("0.6534 điểm", "98.72%").
A range "2-3" is read as its lower end, with its upper end kept.
"""

from __future__ import annotations

import re
from decimal import Decimal

from chuyendoiso.engine.reader.extract.page import Phase
from chuyendoiso.engine.reader.normalize import fold
from chuyendoiso.engine.reader.numbers import Number, dot_decimal, parse_number
from chuyendoiso.engine.reader.patterns import URL

YEARS = range(1900, 2101)
URL_REACH = 160  # characters looked back for the start of a web address
_WORD_AFTER = re.compile(r"[^\S\n]+[^\W\d_]")


class Screening(Phase):
    """The checks of the NumberReader that tell a figure from a number that is none."""

    _skip_until = 0

    def _skip_to(self, pos: int) -> int:
        self._skip_until = max(self._skip_until, pos)
        return pos

    def _glued(self, start: int, end: int) -> bool:
        """A number written into a word or a code: H1, 3G, COVID-19, 749/QĐ-TTg, 8:30."""
        key, n = self.key, len(self.key)
        before = key[start - 1] if start else ""
        after = key[end] if end < n else ""
        if before.isalpha() or before == "_":
            return True  # a code: H1, QĐ-TTg, IPv6
        if before == "-" and start >= 2 and key[start - 2].isalpha():
            return True  # COVID-19
        if (after.isalpha() or after == "_") and not self.p.money.match(key, end):
            return True  # 3G, 5G, 8h30, 10km; not 500.000đ
        if after in "/-" and end + 1 < n and key[end + 1].isalpha():
            return True  # 749/QĐ-TTg, 05-NQ/TU
        return (after == ":" and key[end + 1 : end + 2].isdigit()) or (
            before == ":" and key[start - 2 : start - 1].isdigit()
        )  # a time of day

    def _at_line_start(self, start: int, marks: str) -> bool:
        """Whether only ``marks`` stand between the start of its line and ``start``."""
        key = self.key
        while start > 0 and key[start - 1] in marks:
            start -= 1
        return start == 0 or key[start - 1] == "\n"

    def _at_line_end(self, end: int, marks: str) -> bool:
        """Whether only ``marks`` stand between ``end`` and the end of its line."""
        key, n = self.key, len(self.key)
        while end < n and key[end] in marks:
            end += 1
        return end == n or key[end] == "\n"

    def _list_marker(self, start: int, end: int) -> bool:
        """ "(1) Tỷ lệ ...", "gồm: (1) xây dựng ...; (2) ...": the number of an item."""
        key = self.key
        if key[start - 1 : start] != "(" or key[end : end + 1] != ")" or end - start > 2:
            return False
        if not _WORD_AFTER.match(key, end + 1):
            return False
        before = key[max(0, start - 40) : start - 1].rstrip(" \t")
        return not before or before[-1] in "\n:;,.-–*•+"

    def _in_url(self, start: int) -> bool:
        """Whether the number at ``start`` is part of a web address (skipped to its end)."""
        low = max(0, start - URL_REACH)
        piece = self.key[low:start]
        cut = max(piece.rfind(" "), piece.rfind("\n"), piece.rfind("("), piece.rfind('"'))
        if not URL.search(piece[cut + 1 :]):
            return False
        end = start
        while end < len(self.key) and not self.key[end].isspace() and self.key[end] not in ')"':
            end += 1
        self._skip_to(end)
        return True

    def _parse(self, run: str, end: int) -> tuple[Number | None, Decimal | None]:
        """The number of ``run`` and, for a range "2-3", its upper end."""
        english = getattr(self.page, "english", False)
        if "-" not in run:
            number = parse_number(run, english=english)
            if number is None and not english:
                number = self._dot_decimal(run, end)
            return number, None
        parts = run.split("-")
        if len(parts) != 2:
            return None, None  # a date, a phone number
        low, high = (parse_number(part, english=english) for part in parts)
        if low is None or high is None or low.padded or high.padded:
            return None, None
        if high.value <= low.value or (low.value in YEARS and high.value in YEARS):
            return None, None  # 2021-2025: years
        return low, high.value

    def _dot_decimal(self, run: str, end: int) -> Number | None:
        """ "98.72%", "0.6534 điểm": a decimal point in a Vietnamese text."""
        number = dot_decimal(run)
        if number is None:
            return None
        if number.value < 1 or number.decimals >= 4 or self.p.percent.match(self.key, end):
            return number
        unit = self.p.unit.match(self.key, end)
        return number if unit and self._is_score_unit(unit.group("w")) else None

    def _is_score_unit(self, unit: str) -> bool:
        word = " ".join(unit.lower().split())
        return (fold(word) if self.page.kt.folded_mode else word) in self.p.score_unit

    def _not_a_figure(self, number: Number, end: int, left: str) -> bool:
        """A label, a level, a month, a time of day, a date or a length of time."""
        p, key = self.p, self.key
        integral = number.decimals == 0 and not number.grouped
        stated = bool(p.percent.match(key, end) or p.at_least_after.match(key, end))
        if p.label.search(left) and integral and not stated:
            return True  # mức 2, mức độ 3, 4, Level 4
        named = integral and not stated and p.number_word.search(left[-12:])
        if named and not (p.unit.match(key, end) or p.scale.match(key, end)):
            return True  # số 5 (a number as a name); not "dân số 3.872.500 người"
        if p.label_after.match(key, end):
            return True  # 4 sao, bộ phận 1 cửa
        if integral and number.value <= 31 and self._day_or_hour(number, end, left):
            return True
        # trong 6 tháng: a length of time
        return bool(p.duration_before.search(left[-16:]) and p.time_unit.match(key, end))

    def _day_or_hour(self, number: Number, end: int, left: str) -> bool:
        p, key = self.p, self.key
        if number.value <= 12 and p.month_word.search(left[-10:]):
            return True  # tháng 1: 109.425 hồ sơ
        if number.value <= 12 and p.period_unit.match(key, end) and not self._stated(left):
            return True  # các chỉ tiêu 6 tháng: a report's period
        clock = p.clock.match(key, end) if number.value <= 24 else None
        if clock and (clock.group("minute") or clock.group("day") or p.clock_lead.search(left)):
            self._skip_to(clock.end())
            return True  # 17 giờ ngày 31/3/2026, 14 giờ 30 phút, lúc 8 giờ
        return bool(p.month_after.match(key, end) or p.month_before.search(left[-16:]))

    def _stated(self, left: str) -> bool:
        """Whether a verb, a qualifier or a change word comes right before the number."""
        p = self.p
        m = p.qualifier.search(left)
        return bool((m and (m.group("lead") or m.group("q"))) or p.change.search(left))

    def _date_slash(self, a: Number, b: Number, start: int, end: int, left: str) -> bool:
        """ "5/2024" (a month), "Sáng 14/3", "từ 01/01", "(25/11)": a date, not a fraction."""
        if b.value in YEARS and 1 <= a.value <= 12 and not b.grouped:
            return True
        if not (1 <= a.value <= 31 and 1 <= b.value <= 12 and not a.grouped):
            return False
        if a.decimals or b.decimals:
            return False
        if self.p.date_words.search(left):
            return True
        key = self.key
        return key[start - 1 : start] == "(" and key[end : end + 1] == ")"
