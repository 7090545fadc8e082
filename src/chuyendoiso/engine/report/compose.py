"""Compose the narrative report from analytics: which figures, in which words.

The words come from the province's editable templates (data/report/vi/); this module
only picks the figures, formats them with engine.vnnumbers and fills the templates.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml
from jinja2 import Environment, FileSystemLoader, StrictUndefined, TemplateError

from chuyendoiso.engine.analytics import Analytics, Change, Figure, attainment, compare
from chuyendoiso.engine.domain.adminunits import MERGER_DATE
from chuyendoiso.engine.domain.catalog import (
    Indicator,
    MeasureUnit,
    Target,
    TargetOperator,
    ValueType,
)
from chuyendoiso.engine.domain.errors import ValidationError
from chuyendoiso.engine.domain.periods import (
    Period,
    PeriodType,
    label_vi,
    previous_period,
    same_period_last_year,
)
from chuyendoiso.engine.domain.vnnumbers import (
    choose_scale,
    describe_change,
    describe_level,
    format_figure,
    format_number,
    format_ratio,
)
from chuyendoiso.engine.report.document import Chart, ChartSeries, ReportDocument, Section

SYNTHETIC_MARK = "(*)"
SYNTHETIC_NOTE = (
    "(*) Số liệu giả lập, sinh tự động để minh họa; không phải số liệu thật "
    "/ synthetic figure generated for the demo, not real data."
)
_TARGET_WORDS = {
    TargetOperator.GTE: "tối thiểu",
    TargetOperator.GT: "trên",
    TargetOperator.LTE: "tối đa",
    TargetOperator.LT: "dưới",
    TargetOperator.EQ: "bằng",
}
CHART_PERIODS = 4  # the report's period and the three before it


@dataclass(frozen=True)
class ReportRequest:
    unit: str  # analytics unit key
    org_name: str  # "tỉnh Thái Nguyên"
    period: Period
    issuing_parent: str
    issuing_body: str
    place: str
    today: dt.date
    signer_role: str = "GIÁM ĐỐC"
    number_suffix: str = ""  # "SKHCN" in "Số: .../BC-SKHCN"; initials of the body when empty
    targets: tuple[Target, ...] = ()


class Templates:
    """The province's report templates: report.yaml, phrases.yaml, opening.j2, tasks.j2."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.env = Environment(
            loader=FileSystemLoader(folder), undefined=StrictUndefined, autoescape=False
        )
        self.frame = self._yaml("report.yaml")
        self.phrases: dict[str, str] = self._yaml("phrases.yaml")

    def _yaml(self, name: str) -> dict[str, Any]:
        path = self.folder / name
        try:
            loaded = yaml.safe_load(path.read_text(encoding="utf-8"))
        except (OSError, yaml.YAMLError) as exc:
            raise ValidationError(
                f"Không đọc được mẫu báo cáo / cannot read report template: {exc}", file=str(path)
            ) from exc
        if not isinstance(loaded, dict):
            raise ValidationError("Mẫu báo cáo phải là bảng khóa: giá trị", file=str(path))
        return loaded

    def render(self, source: str, where: str, **context: Any) -> str:
        try:
            return self.env.from_string(source).render(**context).strip()
        except TemplateError as exc:
            raise ValidationError(
                f"Mẫu báo cáo lỗi / report template error: {exc}",
                file=str(self.folder),
                template=where,
            ) from exc

    def render_file(self, name: str, **context: Any) -> str:
        return self.render((self.folder / name).read_text(encoding="utf-8"), name, **context)


def compose_report(
    analytics: Analytics, request: ReportRequest, templates: Templates
) -> ReportDocument:
    composer = _Composer(analytics, request, templates)
    return composer.document()


class _Composer:
    def __init__(self, analytics: Analytics, request: ReportRequest, templates: Templates) -> None:
        self.analytics = analytics
        self.request = request
        self.templates = templates
        self.period_label = label_vi(request.period)
        self.last_year = same_period_last_year(request.period)
        # after the 2025 merger, earlier figures are taken for today's territory
        self.same_territory = request.period.start >= MERGER_DATE
        self.synthetic_used = False
        self.missing: list[Indicator] = []
        self.figures: dict[str, Figure] = {}

    def document(self) -> ReportDocument:
        sections = [s for s in self._sections() if s is not None]
        tasks = self._tasks()
        frame = self.templates.frame
        tasks_title = str(frame.get("tasks_title", "Nhiệm vụ thời gian tới"))
        sections.append(Section(str(len(sections) + 1), tasks_title, tasks))
        notes = (SYNTHETIC_NOTE,) if self.synthetic_used else ()
        return ReportDocument(
            issuing_parent=self.request.issuing_parent,
            issuing_body=self.request.issuing_body,
            number="Số:        /BC-"
            + (self.request.number_suffix or _initials(self.request.issuing_body)),
            place_and_date=f"{self.request.place}, ngày {self.request.today.day:02d} tháng "
            f"{self.request.today.month:02d} năm {self.request.today.year}",
            title=str(frame.get("title", "BÁO CÁO")),
            subtitle=self.templates.render(
                str(frame.get("subtitle", "")),
                "report.yaml subtitle",
                period_label=self.period_label,
            ),
            opening=(self._opening(),),
            sections=tuple(sections),
            notes=notes,
            signer_role=self.request.signer_role,
        )

    def _opening(self) -> str:
        return self.templates.render_file(
            "opening.j2",
            org_name=_capitalize(self.request.org_name),
            period_label=self.period_label,
            reporting="",
        )

    def _sections(self) -> list[Section | None]:
        frame_sections: dict[str, dict[str, Any]] = self.templates.frame.get("sections", {})
        pillars = {p.code: p for p in self.analytics.catalog.pillars}
        result: list[Section | None] = []
        for code, spec in frame_sections.items():
            if code not in pillars:
                raise ValidationError(
                    "Trụ cột không có trong danh mục", file="report.yaml", pillar=code
                )
            section = self._section(code, spec, number=str(len([r for r in result if r]) + 1))
            result.append(section)
        return result

    def _section(self, pillar: str, spec: dict[str, Any], number: str) -> Section | None:
        indicators = [i for i in self.analytics.catalog.indicators if i.pillar == pillar]
        shown_parts = self._parts_shown_in_ratios(indicators)
        clauses: list[tuple[str, str]] = []  # (own-period prefix, clause)
        missing: list[Indicator] = []
        for indicator in indicators:
            if indicator.code in shown_parts:
                continue
            figure = self._figure(indicator.code)
            if figure is None:
                missing.append(indicator)
                continue
            clauses.append((self._own_period_prefix(figure), self._clause(indicator, figure)))
        self.missing += missing
        if not clauses and not missing:
            return None
        paragraphs = [self._paragraph(str(spec.get("lead", "")), clauses)] if clauses else []
        if missing:
            names = "; ".join(i.name_vi for i in missing)
            paragraphs.append(f"Chưa có số liệu trong kỳ: {names}.")
        chart = self._chart(str(spec["chart"])) if spec.get("chart") else None
        return Section(number, str(spec.get("title", pillar)), tuple(paragraphs), chart)

    def _figure(self, code: str) -> Figure | None:
        if code not in self.figures:
            found = self.analytics.figure(code, self.request.unit, self.request.period)
            if found is None:
                return None
            self.figures[code] = found
        return self.figures[code]

    def _parts_shown_in_ratios(self, indicators: list[Indicator]) -> set[str]:
        parts: set[str] = set()
        for indicator in indicators:
            figure = self._figure(indicator.code)
            if indicator.value_type is ValueType.RATIO and figure and figure.numerator is not None:
                parts |= {indicator.numerator, indicator.denominator}
        return parts

    def _own_period_prefix(self, figure: Figure) -> str:
        own, period = figure.own_period, self.request.period
        if (own.start, own.end) == (period.start, period.end):
            return ""
        return label_vi(own, as_of=own.type is PeriodType.DAY)

    def _paragraph(self, lead: str, clauses: list[tuple[str, str]]) -> str:
        parts: list[str] = []
        previous_prefix = ""
        for prefix, clause in clauses:
            if prefix and prefix != previous_prefix:
                clause = f"{prefix}, {clause}"
            elif not prefix and previous_prefix:  # back to the report's period: say so
                clause = f"trong {self.period_label}, {clause}"
            previous_prefix = prefix
            parts.append(clause)
        text = "; ".join(parts)
        return _capitalize(lead + text) + "."

    def _clause(self, indicator: Indicator, figure: Figure) -> str:
        variables = self._variables(indicator, figure)
        phrase = self.templates.phrases.get(indicator.code)
        if phrase is None:
            phrase = "{{ name }}: {{ figure }} {{ unit }}{{ change }}"
        return self.templates.render(phrase, f"phrases.yaml {indicator.code}", **variables)

    def _variables(self, indicator: Indicator, figure: Figure) -> dict[str, str]:
        mark = f" {SYNTHETIC_MARK}" if figure.synthetic else ""
        self.synthetic_used |= figure.synthetic
        stated = _stated_figure(indicator, figure)
        variables = {
            "name": indicator.name_vi,
            "unit": indicator.unit_label_vi,
            "figure": stated(True) + mark,
            "plain": stated(False) + mark,
            "numerator": "",
            "denominator": "",
            "ratio": stated(True) + mark,
            "change": self._change(indicator, figure),
        }
        if figure.numerator is not None and figure.denominator is not None:
            numerator_unit = self._unit_of(indicator.numerator)
            variables["numerator"] = format_number(figure.numerator)
            variables["denominator"] = format_number(figure.denominator)
            variables["ratio"] = (
                format_ratio(
                    figure.numerator,
                    figure.denominator,
                    unit=numerator_unit,
                    percent=figure.value,
                    decimals=figure.decimals,
                )
                + mark
            )
        return variables

    def _unit_of(self, code: str) -> str:
        return self.analytics.indicator(code).unit_label_vi if code else ""

    def _change(self, indicator: Indicator, figure: Figure) -> str:
        previous = self.analytics.figure(
            indicator.code, self.request.unit, self.last_year, same_territory=self.same_territory
        )
        if previous is not None and previous.synthetic != figure.synthetic:
            previous = None  # never compare a real figure with an invented one
        change = compare(figure, previous, unit=indicator.unit)
        words = _change_words(change, indicator, self.last_year.year)
        return f" ({words})" if words else ""

    def _chart(self, code: str) -> Chart | None:
        indicator = self.analytics.indicator(code)
        periods = [self.request.period]
        for _ in range(CHART_PERIODS - 1):
            periods.insert(0, previous_period(periods[0]))
        values: list[Decimal | None] = []
        synthetic = False
        for period in periods:
            figure = self.analytics.figure(
                code, self.request.unit, period, same_territory=self.same_territory
            )
            values.append(_chart_value(indicator, figure) if figure else None)
            synthetic |= bool(figure and figure.synthetic)
        while values and values[0] is None:  # start the chart where the data starts
            values.pop(0)
            periods.pop(0)
        if sum(v is not None for v in values) < 2:
            return None
        self.synthetic_used |= synthetic
        return Chart(
            title=indicator.name_vi,
            labels=tuple(_short_label(p) for p in periods),
            series=(ChartSeries(indicator.unit_label_vi or indicator.name_vi, tuple(values)),),
            unit_label=indicator.unit_label_vi,
            note="Gồm số liệu giả lập (*)" if synthetic else "",
        )

    def _tasks(self) -> tuple[str, ...]:
        open_targets = []
        for target in self.request.targets:
            figure = self.figures.get(target.indicator)
            if figure is None or attainment(figure, target).achieved:
                continue
            indicator = self.analytics.indicator(target.indicator)
            percent = indicator.unit is MeasureUnit.PERCENT
            goal = format_figure(target.value, percent=percent)
            now = format_figure(figure.value, decimals=figure.decimals, percent=percent)
            open_targets.append(
                f"{_TARGET_WORDS[target.operator]} {goal} về {_lower_first(indicator.name_vi)} "
                f"năm {target.year} ({target.source}); hiện đạt {now}"
            )
        text = self.templates.render_file(
            "tasks.j2", targets_open=open_targets, missing=len(self.missing)
        )
        return tuple(line.strip() for line in text.splitlines() if line.strip())


def _stated_figure(indicator: Indicator, figure: Figure) -> Callable[[bool], str]:
    percent = indicator.unit is MeasureUnit.PERCENT
    scale = figure.scale
    decimals = figure.decimals
    if scale == 1 and indicator.unit is MeasureUnit.VND and figure.value >= 10**6:
        scale, decimals = choose_scale(figure.value), 1
    if (
        not percent
        and figure.value != figure.value.to_integral_value()
        and decimals == 0
        and scale == 1
    ):
        decimals = 1  # an average per month, say

    def stated(pad: bool) -> str:
        return format_figure(
            figure.value,
            decimals=decimals,
            scale=scale,
            qualifier=figure.qualifier,
            percent=percent,
            pad=pad,
        )

    return stated


def _change_words(change: Change, indicator: Indicator, year: int) -> str:
    if change.stated:
        if change.level is not None:
            return describe_level(change.level, _decimals_of(change.level), year)
        if change.percent is not None:
            return describe_change(change.percent, _decimals_of(change.percent), year)
        return ""
    if change.points is not None:
        if round(change.points, 2) == 0:
            return f"bằng cùng kỳ năm {year}"
        word = "tăng" if change.points > 0 else "giảm"
        points = format_number(abs(change.points), 2).rstrip("0").rstrip(",")
        return f"{word} {points} điểm phần trăm so với cùng kỳ năm {year}"
    if change.percent is not None:
        return describe_change(change.percent, 2, year)
    return ""


def _chart_value(indicator: Indicator, figure: Figure) -> Decimal:
    decimals = 2 if indicator.unit is MeasureUnit.PERCENT else 0
    return figure.value.quantize(Decimal(1).scaleb(-decimals))


def _decimals_of(value: Decimal) -> int:
    exponent = value.normalize().as_tuple().exponent
    return max(0, -exponent) if isinstance(exponent, int) else 0


def _short_label(period: Period) -> str:
    return {
        PeriodType.HALF: f"{'6T đầu' if period.index == 1 else '6T cuối'} {period.year}",
        PeriodType.QUARTER: f"Q{period.index}/{period.year}",
        PeriodType.MONTH: f"T{period.index}/{period.year}",
        PeriodType.YEAR: str(period.year),
    }.get(period.type, period.id)


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:] if text else text


def _capitalize(text: str) -> str:
    return text[:1].upper() + text[1:] if text else text


def _initials(body: str) -> str:
    skip = {"VÀ"}
    return "".join(word[0] for word in body.split() if word not in skip)
