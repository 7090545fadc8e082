"""Which indicator each figure gets, once every figure is scored.

Each figure takes its best candidate above the threshold; a second figure of another value
for the same indicator and period takes its next candidate when nearly as good; a part
takes its total's indicator with a category option, or another; earlier values and stated
shares take the indicator of the figure they go with.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace
from decimal import Decimal

from chuyendoiso.engine.domain.catalog import (
    Catalog,
    Indicator,
    TimeAggregation,
    ValueType,
)
from chuyendoiso.engine.domain.periods import Period, PeriodType
from chuyendoiso.engine.reader.match.profiles import TOKEN, Catalogue
from chuyendoiso.engine.reader.match.score import THRESHOLD, Scored
from chuyendoiso.engine.reader.model import (
    ExtractedFigure,
    FigurePeriod,
    Kind,
    Match,
)
from chuyendoiso.engine.reader.normalize import fold, lower

UNMATCHED = "không đủ căn cứ để gắn chỉ tiêu"


class Choosing:
    """The choosing half of the Matcher."""

    cat: Catalogue
    catalog: Catalog
    _why_not: dict[int, str]

    def _resolve(
        self, figures: Sequence[ExtractedFigure], candidates: list[list[Scored]]
    ) -> dict[int, Scored | None]:
        """Best candidate each; a second figure of another value for the same indicator and
        period takes its next candidate when that one is nearly as good."""
        chosen: dict[int, Scored | None] = {f.id: None for f in figures}
        taken: dict[tuple[str, str | None], ExtractedFigure] = {}
        order = sorted(
            (f for f in figures if candidates[f.id]),
            key=lambda f: -candidates[f.id][0].score,
        )
        for figure in order:
            options = [c for c in candidates[figure.id] if c.score >= THRESHOLD]
            if not options:
                continue
            best = _instead(figure, options, taken)
            chosen[figure.id] = best
            if not figure.target and figure.baseline_of is None:
                taken.setdefault((best.code, figure.period.id), figure)
        return chosen

    def _parts_differ(
        self,
        figures: Sequence[ExtractedFigure],
        candidates: list[list[Scored]],
        chosen: dict[int, Scored | None],
    ) -> dict[int, Scored | None]:
        """A part is its total's indicator with a category option ("gồm 5.200 hồ sơ trực
        tuyến"), or another indicator: "2.345 trạm BTS, trong đó 1.980 trạm 4G"."""
        for figure in figures:
            whole = chosen.get(figure.whole) if figure.whole is not None else None
            option = self._option(figure, whole.code) if whole is not None else None
            if option and _own_best(candidates[figure.id], whole) is not None:
                continue  # "trong đó 71.920 hồ sơ được xử lý hoàn toàn trực tuyến"
            if whole is not None and option:
                chosen[figure.id] = Scored(
                    whole.code,
                    whole.score,
                    whole.text_score,
                    [],
                    whole.unit_match,
                    [f"phần '{option[1]}' của tổng #{figure.whole}"],
                    option[0],
                )
                continue
            own = chosen.get(figure.id)
            if whole is not None and own is not None and not own.own_fit:
                chosen[figure.id] = None  # "130 cơ sở khám chữa bệnh (gồm 14 bệnh viện)"
                continue
            if whole is None or own is None or own.code != whole.code:
                continue
            other = next(  # what qualifies it said by the part itself, not by its total
                (
                    c
                    for c in candidates[figure.id]
                    if c.code != whole.code and c.score >= THRESHOLD and c.own_fit and c.explained
                ),
                None,
            )
            if other is not None:
                other.notes.append(f"khác chỉ tiêu của tổng #{figure.whole}")
            chosen[figure.id] = other
        return chosen

    def _option(self, figure: ExtractedFigure, code: str) -> tuple[str, str] | None:
        """The category option named near a part: ("CHANNEL:ONLINE", "Trực tuyến")."""
        words = " ".join(TOKEN.findall(lower(f"{figure.context_left} {figure.context_right}")))
        plain = words.isascii()
        categories = {c.code: c for c in self.catalog.categories}
        for category_code in self.catalog.indicator(code).categories:
            category = categories.get(category_code)
            for option in category.options if category else ():
                name = " ".join(TOKEN.findall(lower(option.name_vi)))
                text = fold(words) if plain else words
                if re.search(rf"(?<!\w){re.escape(fold(name) if plain else name)}(?!\w)", text):
                    return f"{category_code}:{option.code}", option.name_vi
        return None

    def _follow_links(
        self, figures: Sequence[ExtractedFigure], chosen: dict[int, Scored | None]
    ) -> dict[int, Scored | None]:
        """Earlier values and stated shares take the indicator of the figure they go with."""
        by_code = {i.code: i for i in self.catalog.indicators}
        for figure in figures:
            if figure.baseline_of is not None:
                compared = chosen.get(figure.baseline_of)
                other = figures[figure.baseline_of]
                if compared is not None and other.kind is figure.kind:
                    chosen[figure.id] = Scored(
                        compared.code,
                        compared.score,
                        compared.text_score,
                        [],
                        compared.unit_match,
                        [f"giá trị kỳ so sánh của số liệu #{other.id}"],
                    )
            if figure.kind is Kind.PERCENT and figure.percent_of is not None:
                base = figures[figure.percent_of]
                if base.kind is Kind.RATIO and (found := chosen.get(base.id)) is not None:
                    if by_code[found.code].value_type is ValueType.RATIO:
                        chosen[figure.id] = Scored(
                            found.code,
                            found.score,
                            found.text_score,
                            [],
                            False,
                            [f"tỷ lệ nêu cho phân số #{base.id}"],
                        )
                elif base.whole is not None:
                    part, whole = chosen.get(base.id), chosen.get(base.whole)
                    ratio = _ratio_of(self.catalog, part, whole)
                    if ratio is not None and part is not None and whole is not None:
                        chosen[figure.id] = Scored(
                            ratio.code,
                            min(part.score, whole.score),
                            0.0,
                            [],
                            False,
                            [
                                f"tỷ lệ của số liệu #{base.id} trên #{base.whole}: {ratio.code} = "
                                f"{ratio.numerator} / {ratio.denominator}"
                            ],
                        )
        return chosen

    def _match(
        self, figure: ExtractedFigure, chosen: Scored | None, candidates: list[Scored]
    ) -> Match:
        alternatives = tuple(
            (c.code, round(c.score, 2))
            for c in candidates
            if chosen is None or c.code != chosen.code
        )[:3]
        if chosen is None:
            best = candidates[0] if candidates else None
            reason = (
                UNMATCHED + (f" (gần nhất: {best.code}, {best.score:.2f})" if best else "")
                if figure.kind is not Kind.CHANGE
                else "so sánh: xem số liệu được so sánh"
            )
            if figure.id in self._why_not:
                reason = f"{UNMATCHED}: {self._why_not[figure.id]}"
            return Match(figure.id, None, 0.0, reason, figure.period, alternatives)
        indicator = self.catalog.indicator(chosen.code)
        confidence = chosen.score
        runner_up = next((c for c in candidates if c.code != chosen.code), None)
        if runner_up is not None and chosen.score - runner_up.score < 0.04:
            confidence *= 0.85
        reason = _reason(chosen, figure, indicator, runner_up)
        numerator = indicator.numerator or None if figure.kind is Kind.RATIO else None
        denominator = indicator.denominator or None if figure.kind is Kind.RATIO else None
        baseline = figure.comparison.baseline_period if figure.comparison else None
        if baseline is not None:
            baseline = refine_period(
                FigurePeriod(baseline, figure.period.source, as_of=figure.period.as_of), indicator
            ).period
        return Match(
            figure.id,
            indicator.code,
            round(min(1.0, confidence), 2),
            reason,
            refine_period(figure.period, indicator),
            alternatives,
            numerator,
            denominator,
            baseline,
            chosen.category_option,
        )


def _instead(
    figure: ExtractedFigure,
    options: list[Scored],
    taken: dict[tuple[str, str | None], ExtractedFigure],
) -> Scored:
    """The figure's best option; its next when another figure of another value holds the
    best for the same period and the next is nearly as good and said by its own words
    (not when that figure is its total, nor a value it restates)."""
    best = options[0]
    holder = taken.get((best.code, figure.period.id))
    if holder is None or holder.id == figure.whole or figure.target:
        return best
    if holder.value == figure.value or _restated(holder, figure):
        return best
    for option in options[1:]:
        if (
            option.score >= best.score - 0.12
            and (option.code, figure.period.id) not in taken
            and option.own_fit
        ):
            option.notes.append("chỉ tiêu gần nhất đã dùng cho số liệu khác")
            return option
    return best


RESTATED = Decimal("0.02")  # values this close are one quantity stated twice, rounded


def _restated(one: ExtractedFigure, other: ExtractedFigure) -> bool:
    """Whether two values are close enough to be one quantity stated twice ("1,35 triệu
    hồ sơ" and "1.342.870 hồ sơ"): the repeated check judges them, they keep one indicator."""
    high = max(abs(one.value), abs(other.value))
    return bool(high) and abs(one.value - other.value) <= high * RESTATED


OWN_MARGIN = 0.15  # a part keeps an indicator of its own that beats its total's by this


def _own_best(candidates: list[Scored], whole: Scored | None) -> Scored | None:
    """A part's own indicator when its words say much more than its total's indicator with
    a category option: "hồ sơ được xử lý hoàn toàn trực tuyến" is not only "trực tuyến"."""
    if whole is None or not candidates or candidates[0].code == whole.code:
        return None
    best = candidates[0]
    as_whole = next((c.score for c in candidates if c.code == whole.code), 0.0)
    if best.score >= THRESHOLD and best.score - as_whole >= OWN_MARGIN:
        return best
    return None


def _ratio_of(catalog: Catalog, part: Scored | None, whole: Scored | None) -> Indicator | None:
    """The ratio of ``part`` over ``whole``; else the one ratio of ``part`` over another
    total ("trong đó 71.920 hồ sơ được xử lý hoàn toàn trực tuyến, chiếm 56,9%" of those
    received, while the catalogue's share is of those settled)."""
    if part is None or whole is None:
        return None
    ratios = [i for i in catalog.indicators if i.numerator == part.code]
    exact = [i for i in ratios if i.denominator == whole.code]
    if exact or len(ratios) == 1:
        return (exact or ratios)[0]
    return None


def _reason(
    chosen: Scored, figure: ExtractedFigure, indicator: Indicator, runner_up: Scored | None
) -> str:
    parts = []
    if chosen.matched:
        parts.append("khớp từ: " + ", ".join(f"'{w}'" for w in chosen.matched[:8]))
    if chosen.unit_match:
        parts.append(f"đơn vị '{figure.unit}'")
    if figure.kind is Kind.PERCENT and not chosen.notes:
        parts.append("là tỷ lệ")
    parts += chosen.notes
    if runner_up is not None and chosen.score - runner_up.score < 0.04:
        parts.append(f"gần với {runner_up.code} ({runner_up.score:.2f})")
    return "; ".join(parts) or indicator.name_vi


def refine_period(period: FigurePeriod, indicator: Indicator) -> FigurePeriod:
    """A flow "đến ngày 19/5/2024" covers the year up to that day, not the day itself."""
    p = period.period
    if p is None or not period.as_of or p.type is not PeriodType.DAY:
        return period
    if indicator.aggregation_time is TimeAggregation.STOCK:
        return period
    start = p.start.replace(month=1, day=1)
    return replace(
        period,
        period=Period(PeriodType.RANGE, start, p.end, p.calendar),
        as_of=False,
        to_date=True,
    )
