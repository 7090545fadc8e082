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
            best = options[0]
            key = (best.code, figure.period.id)
            holder = taken.get(key)
            if holder is not None and holder.value != figure.value and not figure.target:
                for option in options[1:]:
                    if (
                        option.score >= best.score - 0.12
                        and (option.code, figure.period.id) not in taken
                    ):
                        best = option
                        best.notes.append("chỉ tiêu gần nhất đã dùng cho số liệu khác")
                        break
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
            if whole is not None and (option := self._option(figure, whole.code)):
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
            if whole is None or own is None or own.code != whole.code:
                continue
            other = next(
                (c for c in candidates[figure.id] if c.code != whole.code and c.score >= THRESHOLD),
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


def _ratio_of(catalog: Catalog, part: Scored | None, whole: Scored | None) -> Indicator | None:
    if part is None or whole is None:
        return None
    for indicator in catalog.indicators:
        if indicator.numerator == part.code and indicator.denominator == whole.code:
            return indicator
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
