"""Compose the narrative report from analytics: which figures, in which words.

Every word comes from the province's editable wording (data/report/vi/, read by
``wording.Templates``); this module only picks the figures, formats them with
``domain.vnnumbers`` and fills the templates.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
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
from chuyendoiso.engine.report.statements import ParagraphWriter, Stated
from chuyendoiso.engine.report.wording import Entries, Templates, lower_first

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
    level: str = ""  # the unit's: only the indicators reported at it are stated; "" for all
    number: int | None = None  # taken from the register when the report is issued
    symbol: str = ""  # the register's symbol it was taken under; from the letterhead if ""


def compose_report(
    analytics: Analytics, request: ReportRequest, templates: Templates
) -> ReportDocument:
    composer = _Composer(analytics, request, templates)
    return composer.document()


def report_symbol(templates: Templates, issuing_body: str, number_suffix: str = "") -> str:
    """The report's symbol ("BC-SKHCN"): the register its numbers are taken from."""
    letterhead = templates.letterhead
    suffix = number_suffix or _initials(issuing_body, skip=set(letterhead.texts("initials_skip")))
    return letterhead.say("symbol", suffix=suffix)


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
        self.indicators = [
            i
            for i in analytics.catalog.indicators
            if not request.level or i.reported_at(request.level)
        ]
        self.in_scope = {i.code for i in self.indicators}

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
        symbol = request.symbol or report_symbol(
            self.templates, request.issuing_body, request.number_suffix
        )
        number = "" if request.number is None else f"{request.number:02d}"
        today = request.today
        return ReportDocument(
            issuing_parent=request.issuing_parent,
            issuing_body=request.issuing_body,
            number=letterhead.say("number", number=number, symbol=symbol),
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
        indicators = [i for i in self.indicators if i.pillar == pillar]
        present = {i.code: f for i in indicators if (f := self._figure(i.code)) is not None}
        self.missing += [i for i in indicators if i.code not in present]
        writer = ParagraphWriter(
            self.templates.render,
            self.words.say("back_to_period", period_label=self.period_label),
        )
        paragraphs: list[str] = []
        written: set[str] = set()
        for group in self.templates.statements.get(pillar, ()):
            stated, periods = self._stated_figures(group.figures)
            paragraph = writer.write(group, stated, periods)
            if paragraph is not None:
                paragraphs.append(paragraph.paragraph)
                written |= paragraph.codes
        self.synthetic_used |= any(self.figures[code].synthetic for code in written)
        covered = written | self._parts_of(written)
        unplanned = [i for i in indicators if i.code in present and i.code not in covered]
        if unplanned:
            paragraphs.append(" ".join(self._unplanned(i, present[i.code]) for i in unplanned))
        if not paragraphs:
            return None
        chart = self._chart(str(spec["chart"])) if spec.get("chart") else None
        return Section(number, str(spec.get("title", pillar)), tuple(paragraphs), chart)

    def _figure(self, code: str) -> Figure | None:
        if code not in self.figures:
            found = self.analytics.figure(code, self.request.unit, self.request.period)
            if found is None:
                return None
            self.figures[code] = found
        return self.figures[code]

    def _stated_figures(
        self, figures: Mapping[str, str]
    ) -> tuple[dict[str, Stated], dict[str, str]]:
        """The figures of a statement group that exist, by their names in its templates,
        and the label of each one's own period ("" for the report's)."""
        stated: dict[str, Stated] = {}
        periods: dict[str, str] = {}
        for name, code in figures.items():
            figure = self._figure(code) if self._known(code) else None
            if figure is not None:
                indicator = self.analytics.indicator(code)
                stated[name] = self._stated(indicator, figure)
                periods[name] = self._own_period_prefix(indicator, figure)
        return stated, periods

    def _parts_of(self, codes: set[str]) -> set[str]:
        """The parts of the written ratios whose figures carry them: written with them."""
        parts: set[str] = set()
        for code in codes:
            indicator, figure = self.analytics.indicator(code), self.figures[code]
            if indicator.value_type is ValueType.RATIO and figure.numerator is not None:
                parts |= {indicator.numerator, indicator.denominator}
        return parts

    def _own_period_prefix(self, indicator: Indicator, figure: Figure) -> str:
        """The figure's own period when it is not the report's: a stock is counted on the
        last day of its own period, the report's own figure when that is the report's end."""
        own, period = figure.own_period, self.request.period
        if indicator.aggregation_time is TimeAggregation.STOCK:
            if own.end == period.end:
                return ""
            return label_vi(Period(PeriodType.DAY, own.end, own.end, own.calendar), as_of=True)
        if (own.start, own.end) == (period.start, period.end):
            return ""
        if own.type in (PeriodType.DAY, PeriodType.RANGE):  # "tính đến ngày", "từ ngày"
            return label_vi(own, as_of=own.type is PeriodType.DAY)
        return self.words.say("back_to_period", period_label=label_vi(own))  # "trong quý I"

    def _unplanned(self, indicator: Indicator, figure: Figure) -> str:
        """A figure no statement group writes, as a sentence of its own (words.yaml)."""
        self.synthetic_used |= figure.synthetic
        stated = self._stated(indicator, figure)
        percent = indicator.unit is MeasureUnit.PERCENT
        text = self.words.say(
            "unplanned",
            name=indicator.name_vi,
            figure=stated.text,
            unit="" if percent else indicator.unit_label_vi,
            change=stated.change,
        )
        prefix = self._own_period_prefix(indicator, figure)
        return _capitalize(f"{prefix}, {lower_first(text)}" if prefix else text).rstrip(".") + "."

    def _stated(self, indicator: Indicator, figure: Figure) -> Stated:
        mark = " " + self.words.text("synthetic.mark") if figure.synthetic else ""
        stated = _stated_figure(indicator, figure)
        parts, ratio = None, None
        if figure.numerator is not None and figure.denominator is not None:
            parts = (format_number(figure.numerator), format_number(figure.denominator))
            ratio = (
                format_ratio(
                    figure.numerator,
                    figure.denominator,
                    unit=self._unit_of(indicator.numerator),
                    percent=figure.value,
                    decimals=figure.decimals,
                )
                + mark
            )
        return Stated(
            text=stated(True) + mark,
            plain_text=stated(False) + mark,
            change_text=self._change(indicator, figure),
            parts=parts,
            ratio_text=ratio,
        )

    def _unit_of(self, code: str) -> str:
        known = any(indicator.code == code for indicator in self.analytics.catalog.indicators)
        return self.analytics.indicator(code).unit_label_vi if known else ""

    def _known(self, code: str) -> bool:
        """Whether the report states the indicator: the wording names indicators (a
        section's chart, a statement's figures), a report for the public is composed over
        the public ones only, and a unit's report over those reported at its level."""
        return code in self.in_scope

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
