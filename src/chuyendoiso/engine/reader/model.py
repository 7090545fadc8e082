"""What the reader finds: figures, their periods and comparisons, matches and checks.

Plain frozen dataclasses. Every figure keeps the exact span of the text it came from
(``start``/``end`` index the reader's text, which is the input in Unicode NFC form), so
that a page can highlight it and a reviewer can see what was read.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from chuyendoiso.engine.domain.datavalues import Qualifier
from chuyendoiso.engine.domain.periods import Period, PeriodType, label_vi

PLAN_NOTE = "tỷ lệ so với kế hoạch"  # a share of a plan or quota, not of a total
RANK_BOUND_NOTE = "giới hạn thứ hạng"  # "Top 10", "nhóm 5 tỉnh dẫn đầu": a rank at most N


class Kind(StrEnum):
    COUNT = "count"  # 1.567.705 thuê bao; 07 doanh nghiệp; 6,6 triệu giao dịch
    PERCENT = "percent"  # 89,44% (0..100 for shares; a change can go beyond)
    AMOUNT = "amount"  # money: 389 nghìn tỷ đồng
    RATIO = "ratio"  # 88.020/98.408: value is the numerator, denominator the other part
    RATE = "rate"  # 8 chuyên mục/tháng
    SCORE = "score"  # chỉ số DTI đạt 0,6961
    RANK = "rank"  # xếp thứ 8/63: value 8, denominator 63
    CHANGE = "change"  # tăng 71,79% so với cùng kỳ: see Comparison


class Bound(StrEnum):
    """What the words in front of a figure say about the true value."""

    EXACT = "exact"
    APPROX = "approx"  # khoảng, xấp xỉ, ước
    AT_MOST = "at_most"  # gần, dưới, chưa đến
    AT_LEAST = "at_least"  # hơn, trên, ít nhất


class PeriodSource(StrEnum):
    STATED = "stated"  # in the figure's own clause
    CARRIED = "carried"  # stated earlier in the same sentence
    DOCUMENT = "document"  # the report's own period (title, first sentences, or given)
    NONE = "none"  # nothing to go by


class ChangeKind(StrEnum):
    """How a comparison is stated."""

    PERCENT = "percent"  # tăng 9%: (current - previous) / previous × 100
    LEVEL = "level"  # bằng 76,6% so với cùng kỳ: current / previous × 100
    POINTS = "points"  # tăng 2,5 điểm phần trăm: current - previous, both percentages
    ABSOLUTE = "absolute"  # tăng 120 hồ sơ: current - previous
    TIMES = "times"  # gấp 1,5 lần: current / previous
    RANK = "rank"  # tăng 4 bậc: previous rank - current rank
    DIRECTION = "direction"  # tăng từ 80% lên 85%: only the direction is stated


class Trend(StrEnum):
    UP = "up"  # tăng, cao hơn, vượt
    DOWN = "down"  # giảm, thấp hơn
    SAME = "same"  # bằng


@dataclass(frozen=True)
class FigurePeriod:
    """The period a figure covers, as the text gives it."""

    period: Period | None
    source: PeriodSource
    as_of: bool = False  # a level counted on a day: "tính đến ngày 15/4/2024"
    to_date: bool = False  # "từ đầu năm đến nay": from the start of the year to a cut-off
    cumulative: bool = False  # "lũy kế"
    text: str = ""  # the words it came from

    @property
    def id(self) -> str | None:
        return self.period.id if self.period else None

    @property
    def label_vi(self) -> str:
        if self.period is None:
            return ""
        return label_vi(self.period, as_of=self.as_of)

    @property
    def reference_date(self) -> dt.date | None:
        """The day of an "as of" figure."""
        if self.period is not None and self.as_of and self.period.type is PeriodType.DAY:
            return self.period.start
        return None


@dataclass(frozen=True)
class Comparison:
    """A stated comparison attached to a figure ("tăng 71,79% so với cùng kỳ năm 2023")."""

    direction: Trend
    measure: ChangeKind
    value: Decimal | None  # the amount stated, always positive (71.79); None for DIRECTION
    decimals: int
    baseline_text: str  # "cùng kỳ năm 2023", "kế hoạch", ""
    baseline_period: Period | None
    figure: int | None  # id of the CHANGE figure that states it
    baseline_figure: int | None = None  # id of the figure stating the earlier value

    @property
    def signed_value(self) -> Decimal | None:
        """The change with its sign: giảm 3% -> -3. LEVEL and TIMES stay as stated."""
        if self.value is None:
            return None
        if self.direction is Trend.DOWN and self.measure not in (
            ChangeKind.LEVEL,
            ChangeKind.TIMES,
        ):
            return -self.value
        return self.value

    @property
    def against_plan(self) -> bool:
        return "kế hoạch" in self.baseline_text or "chỉ tiêu" in self.baseline_text


@dataclass(frozen=True)
class ExtractedFigure:
    """One figure of the text and what it is about."""

    id: int  # position in the list of figures of the text
    start: int
    end: int
    text: str  # text[start:end]: the figure as written, with its qualifier and unit
    value: Decimal  # exact; percentages as 0..100; scaled words applied (6,6 triệu -> 6600000)
    kind: Kind
    decimals: int  # decimals as written (89,44 -> 2; 6,6 triệu -> 1)
    scale: int  # magnitude word used (triệu -> 1000000), 1 when none
    unit: str  # "thuê bao", "tin, bài", "đồng", "%", "chuyên mục/tháng", ...
    subject: str  # the noun phrase the figure counts: "thuê bao điện thoại di động"
    qualifier: Qualifier
    qualifier_word: str  # the words as written in front of it: "gần", "đạt trên", "ước đạt"
    bound: Bound
    period: FigurePeriod
    number_start: int = 0  # span of the number itself (without qualifier and unit)
    number_end: int = 0
    denominator: Decimal | None = None  # RATIO: the part after "/"; RANK: out of how many
    # SCORE: the scale it is given on ("71,4/100")
    upper: Decimal | None = None  # a range ("gấp 2-3 lần", "từ 5 đến 10"): value is its lower end
    comparison: Comparison | None = None
    whole: int | None = None  # id of the total this figure is a part of
    parts: tuple[int, ...] = ()  # ids of the parts listed for this total
    parts_complete: bool = False  # "gồm", "tổng cộng": the parts should add up to it
    percent_of: int | None = None  # a share stated for a RATIO figure or for a part
    compares: int | None = None  # CHANGE: id of the figure it compares
    baseline_of: int | None = None  # this figure is the earlier value of another one
    target: bool = False  # a goal ("phấn đấu", "mục tiêu", a future period), not a result
    context_left: str = ""  # words before it in its clause (for matching and review)
    context_right: str = ""  # words after its unit, up to the next figure or comma
    context_after: str = ""  # what follows that, up to the next figure in the clause
    sentence: tuple[int, int] = (0, 0)  # span of its sentence
    notes: tuple[str, ...] = ()

    @property
    def period_id(self) -> str | None:
        return self.period.id


@dataclass(frozen=True)
class Match:
    """The indicator of the catalogue a figure states, or None."""

    figure: int
    indicator: str | None
    confidence: float  # 0..1
    reason: str  # which words matched, in Vietnamese
    period: FigurePeriod  # the figure's period, made precise by the indicator
    alternatives: tuple[tuple[str, float], ...] = ()
    numerator: str | None = None  # a RATIO figure: the indicators of its two parts
    denominator: str | None = None
    baseline_period: Period | None = None  # the period its comparison refers to, made precise
    category_option: str = ""  # a part of its total's indicator: "CHANNEL:ONLINE"


class CheckKind(StrEnum):
    RATIO = "ratio"  # a stated percentage against its two parts
    PART_OF_TOTAL = "part_of_total"  # a part is not larger than its total
    SUM_OF_PARTS = "sum_of_parts"  # listed parts against their total
    CHANGE = "change"  # a stated change against both values
    REPEATED = "repeated"  # the same quantity stated twice
    RANGE = "range"  # a share above 100%, a rank beyond its field
    STORED = "stored"  # a figure against approved data


class Verdict(StrEnum):
    CONSISTENT = "consistent"
    INCONSISTENT = "inconsistent"
    NOT_CHECKABLE = "not_checkable"

    @property
    def label_vi(self) -> str:
        return {
            Verdict.CONSISTENT: "khớp",
            Verdict.INCONSISTENT: "không khớp",
            Verdict.NOT_CHECKABLE: "không kiểm tra được",
        }[self]


@dataclass(frozen=True)
class Check:
    """One recomputed claim."""

    kind: CheckKind
    status: Verdict
    figures: tuple[int, ...]  # ids of the figures involved, the claim's own figure first
    stated: str  # as written: "89,44%"
    expected: Decimal | None  # what the arithmetic gives, rounded as the text rounds
    arithmetic: str  # "88.020 / 98.408 × 100 = 89,4439…% → 89,44%"
    message: str  # one sentence in both languages, "tiếng Việt / English"
    indicator: str | None = None
    # the arithmetic in English when it has words ("(2 chữ số thập phân)" / "(2 decimals)");
    # not written "vi / en" as the message is: the arithmetic divides with " / "
    arithmetic_en: str = ""

    def arithmetic_in(self, language: str) -> str:
        """The arithmetic in ``language`` (``vi`` or ``en``): the same in both, but for its
        words."""
        return self.arithmetic_en if language == "en" and self.arithmetic_en else self.arithmetic
