"""Compose the narrative report from analytics: which figures, in which words.

Every word comes from the province's editable wording (data/report/vi/, read by
``wording.Templates``); this module only picks the figures, formats them with
``domain.vnnumbers`` and fills the templates.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from chuyendoiso.engine.analytics import Analytics, Change, Figure, attainment, compare
from chuyendoiso.engine.domain.adminunits import MERGER_DATE
from chuyendoiso.engine.domain.catalog import (
    Indicator,
    MeasureUnit,
    Target,
    TimeAggregation,
    ValueType,
)
from chuyendoiso.engine.domain.datavalues import Unapproved
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
from chuyendoiso.engine.report.wording import Entries, Templates

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
    signer_role: str = ""  # letterhead.yaml's signer when empty
    signer_name: str = ""
    addressees: tuple[str, ...] = ()  # "Kính gửi"
    number_suffix: str = ""  # "SKHCN" in "Số: .../BC-SKHCN"; initials of the body when empty
    targets: tuple[Target, ...] = ()
    unapproved: Unapproved = field(default_factory=Unapproved)  # the drafts left out


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
        self.words = templates.words
        self.period_label = label_vi(request.period)
        self.last_year = same_period_last_year(request.period)
        # after the 2025 merger, earlier figures are taken for today's territory
        self.same_territory = request.period.start >= MERGER_DATE
        self.synthetic_used = False
        self.missing: list[Indicator] = []
        self.figures: dict[str, Figure] = {}

    def document(self) -> ReportDocument:
        sections = [s for s in self._sections() if s is not None]
        if not any(self.figures.values()):
            said = self.words.say(
                "nothing_to_report", unit=self.request.org_name, period=self.period_label
            )
            raise ValidationError(
                f"{said} / {self.request.org_name} has no figure in {self.request.period.id}: "
                "nothing to report",
                field="period",
                value=self.request.period.id,
            )
        tasks = self._tasks()
        frame, letterhead, request = self.templates.frame, self.templates.letterhead, self.request
        sections.append(Section(str(len(sections) + 1), frame.text("tasks_title"), tasks))
        notes = (*self._unapproved_note(), *self._synthetic_note())
        suffix = request.number_suffix or _initials(
            request.issuing_body, skip=set(letterhead.texts("initials_skip"))
        )
        today = request.today
        return ReportDocument(
            issuing_parent=request.issuing_parent,
            issuing_body=request.issuing_body,
            number=letterhead.say("number", suffix=suffix),
            place_and_date=letterhead.say(
                "date_line", place=request.place, day=today.day, month=today.month, year=today.year
            ),
            title=frame.text("title"),
            subtitle=frame.say("subtitle", period_label=self.period_label),
            opening=(self._opening(),),
            sections=tuple(sections),
            notes=notes,
            signer_role=request.signer_role or letterhead.text("signer"),
            signer_name=request.signer_name,
            addressees=self._addressed(),
        )

    def _addressed(self) -> tuple[str, ...]:
        """The lines of addressees: one on the label's line, several listed under it."""
        label, names = self.templates.letterhead.text("addressed_to"), self.request.addressees
        if len(names) <= 1:
            return tuple(f"{label} {name}." for name in names)
        return (label, *(f"- {name};" for name in names[:-1]), f"- {names[-1]}.")

    def _unapproved_note(self) -> tuple[str, ...]:
        left_out = self.request.unapproved
        if not left_out.values:
            return ()
        note = self.words.say(
            "unapproved.note",
            values=format_number(left_out.values),
            units=format_number(left_out.units),
            names="; ".join(left_out.indicators),
        )
        return (note,)

    def _synthetic_note(self) -> tuple[str, ...]:
        return (self.words.text("synthetic.note"),) if self.synthetic_used else ()

    def _opening(self) -> str:
        return self.templates.render_file(
            "opening.j2",
            org_name=_capitalize(self.request.org_name),
            period_label=self.period_label,
            reporting="",
        )

    def _sections(self) -> list[Section | None]:
        pillars = {p.code for p in self.analytics.catalog.pillars}
        result: list[Section | None] = []
        for code, spec in self.templates.sections(pillars).items():
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
            paragraphs.append(self.words.say("no_data", names=names))
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
                back = self.words.say("back_to_period", period_label=self.period_label)
                clause = f"{back}, {clause}"
            previous_prefix = prefix
            parts.append(clause)
        text = "; ".join(parts)
        return _capitalize(lead + text) + "."

    def _clause(self, indicator: Indicator, figure: Figure) -> str:
        variables = self._variables(indicator, figure)
        phrase = self.templates.phrases.get(indicator.code)
        if phrase is None:
            phrase = self.words.text("phrase")
        return self.templates.render(phrase, f"phrases.yaml {indicator.code}", **variables)

    def _variables(self, indicator: Indicator, figure: Figure) -> dict[str, str]:
        mark = " " + self.words.text("synthetic.mark") if figure.synthetic else ""
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
        return self.analytics.indicator(code).unit_label_vi if self._known(code) else ""

    def _known(self, code: str) -> bool:
        """Whether the catalogue of the report holds the indicator: the wording names
        indicators (a section's chart), and a report for the public is composed over the
        public ones only."""
        return any(indicator.code == code for indicator in self.analytics.catalog.indicators)

    def _change(self, indicator: Indicator, figure: Figure) -> str:
        previous = self.analytics.figure(
            indicator.code, self.request.unit, self.last_year, same_territory=self.same_territory
        )
        if previous is not None and previous.synthetic != figure.synthetic:
            previous = None  # never compare a real figure with an invented one
        change = compare(figure, previous, unit=indicator.unit)
        words = _change_words(change, self.last_year.year, self.words)
        return f" ({words})" if words else ""

    def _chart(self, code: str) -> Chart | None:
        if not self._known(code):
            return None
        indicator = self.analytics.indicator(code)
        periods = [self.request.period]
        for _ in range(CHART_PERIODS - 1):
            periods.insert(0, previous_period(periods[0]))
        values: list[Decimal | None] = []
        synthetic = False
        for i, period in enumerate(periods):
            figure = self.analytics.figure(
                code, self.request.unit, period, same_territory=self.same_territory
            )
            values.append(_chart_value(indicator, figure) if figure else None)
            synthetic |= bool(figure and figure.synthetic)
            if figure and not _covers(indicator, figure):  # the bar says what it holds
                periods[i] = figure.own_period
        while values and values[0] is None:  # start the chart where the data starts
            values.pop(0)
            periods.pop(0)
        if sum(v is not None for v in values) < 2:
            return None
        self.synthetic_used |= synthetic
        return Chart(
            title=indicator.name_vi,
            labels=tuple(_short_label(p, self.words) for p in periods),
            series=(ChartSeries(indicator.unit_label_vi or indicator.name_vi, tuple(values)),),
            unit_label=indicator.unit_label_vi,
            note=self.words.text("synthetic.chart_note") if synthetic else "",
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
                self.words.say(
                    "target_open",
                    operator=self.words.text(f"target_operators.{target.operator.value}"),
                    goal=goal,
                    name=indicator.name_vi,
                    year=target.year,
                    source=target.source,
                    now=now,
                )
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


def _change_words(change: Change, year: int, words: Entries) -> str:
    if change.stated:
        if change.level is not None:
            return describe_level(change.level, _decimals_of(change.level), year)
        if change.percent is not None:
            return describe_change(change.percent, _decimals_of(change.percent), year)
        return ""
    if change.points is not None:
        if round(change.points, 2) == 0:
            return words.say("change.same", year=year)
        direction = words.text("change.up" if change.points > 0 else "change.down")
        points = format_number(abs(change.points), 2).rstrip("0").rstrip(",")
        return words.say("change.points", direction=direction, points=points, year=year)
    if change.percent is not None:
        return describe_change(change.percent, 2, year)
    return ""


def _covers(indicator: Indicator, figure: Figure) -> bool:
    """Whether the figure stands for its whole period on a chart: a stock as of a day in it,
    anything else only when it covers all of it (the first half's figure is not the year's:
    its bar is labelled with its own period)."""
    if indicator.aggregation_time is TimeAggregation.STOCK:
        return True
    own, period = figure.own_period, figure.period
    return (own.start, own.end) == (period.start, period.end)


def _chart_value(indicator: Indicator, figure: Figure) -> Decimal:
    decimals = 2 if indicator.unit is MeasureUnit.PERCENT else 0
    return figure.value.quantize(Decimal(1).scaleb(-decimals))


def _decimals_of(value: Decimal) -> int:
    exponent = value.normalize().as_tuple().exponent
    return max(0, -exponent) if isinstance(exponent, int) else 0


def _short_label(period: Period, words: Entries) -> str:
    """The period under a chart's bar: the label of its index, else of its type, else its id."""
    kind = f"short_labels.{period.type.value}"
    start, end = period.start, period.end
    for key in (f"{kind}{period.index}", kind):
        if words.has(key):
            return words.say(
                key,
                index=period.index,
                year=period.year,
                start=f"{start.day}/{start.month}",
                end=f"{end.day}/{end.month}/{end.year}",
            )
    return period.id


def _capitalize(text: str) -> str:
    return text[:1].upper() + text[1:] if text else text


def _initials(body: str, *, skip: set[str]) -> str:
    return "".join(word[0] for word in body.split() if word not in skip)
