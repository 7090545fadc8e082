"""Reporting regimes ("chế độ báo cáo", DHIS2's data sets): which units report which
indicators, for which periods, to whom, and by when.

A regime names the levels whose units report (communes, districts, departments — all of
them or those listed by code —, the province), its period type and calendar (calendar
months, or the Nghị định 09/2019/NĐ-CP cut-off calendar from the 15th to the 14th), an
optional compiling department (the first of its ``compilers`` valid on the day), and a
deadline per stage, in days after the period's end (its cut-off): the reporting units,
the district that compiles its communes, the compiling department, the province.

Who reports to whom is read from the units valid on the period's end date, so both
administrative structures work: until 30 June 2025 a commune reports to its district, from
1 July 2025 (no districts any more) to the province directly. A unit that would report to
the province reports to the compiling department when the regime has one.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from chuyendoiso.engine.domain.adminunits import Level
from chuyendoiso.engine.domain.errors import CdsError, NotFoundError, ValidationError
from chuyendoiso.engine.domain.periods import (
    Calendar,
    Period,
    PeriodType,
    period_for_date,
    previous_period,
)


class Stage(StrEnum):
    """A step of a regime's chain, each with its own deadline."""

    COMMUNE = "commune"  # a commune's own report
    DISTRICT = "district"  # a district: its own report, or its communes' compiled (before 2025)
    DEPARTMENT = "department"  # a department's own report
    COMPILER = "compiler"  # the department that compiles for the province
    PROVINCE = "province"  # the province: its own report, or the province's compiled one

    @property
    def label_vi(self) -> str:
        return STAGE_LABELS[self]


STAGE_LABELS = {
    Stage.COMMUNE: "cấp xã",
    Stage.DISTRICT: "cấp huyện",
    Stage.DEPARTMENT: "sở, ngành",
    Stage.COMPILER: "cơ quan tổng hợp",
    Stage.PROVINCE: "cấp tỉnh",
}

_STAGE_OF_LEVEL = {
    Level.COMMUNE: Stage.COMMUNE,
    Level.DISTRICT: Stage.DISTRICT,
    Level.DEPARTMENT: Stage.DEPARTMENT,
    Level.PROVINCE: Stage.PROVINCE,
}
_STAGE_RANK = {stage: rank for rank, stage in enumerate(Stage)}
# Period types a regime may have, and the calendars allowed for each: NĐ 09 defines its
# cut-off for months, quarters, half-years and years only.
ALLOWED_CALENDARS: dict[PeriodType, tuple[Calendar, ...]] = {
    PeriodType.MONTH: (Calendar.CALENDAR, Calendar.ND09),
    PeriodType.QUARTER: (Calendar.CALENDAR, Calendar.ND09),
    PeriodType.HALF: (Calendar.CALENDAR, Calendar.ND09),
    PeriodType.YEAR: (Calendar.CALENDAR, Calendar.ND09),
    PeriodType.DAY: (Calendar.CALENDAR,),
}


@dataclass(frozen=True)
class DataSetIndicator:
    """An indicator a regime collects, with the disaggregations it is collected by."""

    indicator: str
    categories: tuple[str, ...] = ()


@dataclass(frozen=True)
class Deadline:
    stage: Stage
    days: int  # after the period's end (cut-off); 0 is the end date itself


@dataclass(frozen=True)
class DataSet:
    code: str
    name_vi: str
    name_en: str
    legal_basis: str
    period_type: PeriodType
    calendar: Calendar
    indicators: tuple[DataSetIndicator, ...]
    levels: tuple[Level, ...]  # the levels whose units report
    deadlines: tuple[Deadline, ...]  # in the order of Stage
    departments: tuple[str, ...] = ()  # with level department: only these (empty: all)
    compilers: tuple[str, ...] = ()  # department codes; the first valid on the day compiles

    def days(self, stage: Stage) -> int:
        for deadline in self.deadlines:
            if deadline.stage is stage:
                return deadline.days
        raise NotFoundError(
            f"Chế độ báo cáo {self.code} không có hạn cho bước '{stage}' "
            f"/ the regime has no deadline for stage '{stage}'",
            dataset=self.code,
            stage=str(stage),
        )


def sort_deadlines(deadlines: list[Deadline]) -> tuple[Deadline, ...]:
    return tuple(sorted(deadlines, key=lambda d: _STAGE_RANK[d.stage]))


# --- checks the catalogue file runs -----------------------------------------------------------


def calendar_problem(period_type: PeriodType, calendar: Calendar) -> str:
    """Why the pair is not allowed for a regime, or "" when it is."""
    allowed = ALLOWED_CALENDARS.get(period_type)
    if allowed is None:
        kinds = ", ".join(t.value for t in ALLOWED_CALENDARS)
        return f"loại kỳ '{period_type}' không dùng cho chế độ báo cáo / must be one of: {kinds}"
    if calendar not in allowed:
        return (
            f"lịch '{calendar}' không dùng cho kỳ '{period_type}' "
            f"/ calendar '{calendar}' is not allowed for period type '{period_type}'"
        )
    return ""


def required_stages(dataset: DataSet) -> list[Stage]:
    """The stages a regime needs a deadline for: each reporting level's, the district's when
    communes report (they report to it until 30 June 2025), the compiler's when it has
    compilers, and the province's (it receives everything)."""
    stages = {_STAGE_OF_LEVEL[level] for level in dataset.levels}
    if Level.COMMUNE in dataset.levels:
        stages.add(Stage.DISTRICT)
    if dataset.compilers:
        stages.add(Stage.COMPILER)
    stages.add(Stage.PROVINCE)
    return sorted(stages, key=_STAGE_RANK.__getitem__)


def deadline_problems(dataset: DataSet) -> list[str]:
    """Missing stages, and every hand-over whose deadline is not later than the one
    before it (a unit cannot receive a report after its own deadline)."""
    given = {d.stage: d.days for d in dataset.deadlines}
    problems = [
        f"thiếu hạn cho bước '{stage}' / missing deadline for stage '{stage}'"
        for stage in required_stages(dataset)
        if stage not in given
    ]
    upper = Stage.COMPILER if dataset.compilers else Stage.PROVINCE
    hand_overs = [
        (Stage.COMMUNE, Stage.DISTRICT),
        (Stage.COMMUNE, upper),
        (Stage.DISTRICT, upper),
        (Stage.DEPARTMENT, upper),
        (Stage.COMPILER, Stage.PROVINCE),
    ]
    for lower, higher in hand_overs:
        if lower in given and higher in given and given[lower] >= given[higher]:
            problems.append(
                f"hạn của '{higher}' ({given[higher]} ngày) phải sau hạn của '{lower}' "
                f"({given[lower]} ngày) / deadlines must increase up the levels"
            )
    return problems


# --- periods and deadlines --------------------------------------------------------------------


def dataset_periods(dataset: DataSet, start: date, end: date) -> list[Period]:
    """The regime's periods whose end (cut-off) falls in [start, end], in order: the
    reports that fall due in that range."""
    periods: list[Period] = []
    current = period_for_date(start, dataset.period_type, dataset.calendar)
    while current.end <= end:
        periods.append(current)
        current = period_for_date(current.end + timedelta(days=1), current.type, current.calendar)
    return periods


def recent_periods(dataset: DataSet, today: date, years: int = 2) -> list[Period]:
    """The regime's periods to choose from on a page, newest first: the one under way
    ``today`` and those that ended in the last ``years`` years."""
    current = period_for_date(today, dataset.period_type, dataset.calendar)
    ended = dataset_periods(dataset, today - timedelta(days=366 * years), today)
    return [current, *reversed([period for period in ended if period != current])]


def latest_due_period(dataset: DataSet, today: date) -> Period:
    """The latest period whose first deadline (its first stage's: the reporting units')
    has passed ``today``: the one whose completeness says most, some units being late."""
    first = min((deadline.days for deadline in dataset.deadlines), default=0)
    last_end = today - timedelta(days=first + 1)  # a period ending then is due yesterday
    found = period_for_date(last_end, dataset.period_type, dataset.calendar)
    return found if found.end <= last_end else previous_period(found)


def check_period(dataset: DataSet, period: Period) -> None:
    """Refuse a period that is not one of the regime's (another type or calendar)."""
    if (period.type, period.calendar) != (dataset.period_type, dataset.calendar):
        raise ValidationError(
            f"Kỳ {period.id} ({period.type}, {period.calendar}) không phải kỳ của chế độ "
            f"{dataset.code} ({dataset.period_type}, {dataset.calendar}) "
            "/ not a period of the regime",
            field="period",
            value=period.id,
        )


def deadline(dataset: DataSet, period: Period, stage: Stage) -> date:
    """The last day for a stage: the period's end plus the stage's days."""
    return period.end + timedelta(days=dataset.days(stage))


# --- who reports to whom ----------------------------------------------------------------------


@dataclass(frozen=True)
class ReportingUnit:
    """An org unit as a regime sees it. ``key`` is unique across structures (codes repeat
    across the 2025 reorganisation); ``parent`` is the parent's key."""

    key: str
    code: str
    name: str
    level: Level
    parent: str | None
    valid_from: date | None = None
    valid_to: date | None = None

    def valid_on(self, day: date) -> bool:
        return (self.valid_from is None or self.valid_from <= day) and (
            self.valid_to is None or day <= self.valid_to
        )


@dataclass(frozen=True)
class Expected:
    """A unit expected to send a report for a period: its stage, to whom and by when.

    ``reports_own``: its level reports in the regime; ``compiles``: others report to it.
    """

    unit: ReportingUnit
    stage: Stage
    reports_to: ReportingUnit | None
    deadline: date
    reports_own: bool
    compiles: bool


class _Tree:
    """The units valid on one day, with the regime's compiling department of each province."""

    def __init__(self, dataset: DataSet, units: list[ReportingUnit], day: date) -> None:
        self.dataset, self.day = dataset, day
        self.units = {u.key: u for u in units if u.valid_on(day)}
        self.compilers: dict[str, ReportingUnit] = {}  # province key -> compiling department
        rank = {code: position for position, code in enumerate(dataset.compilers)}
        candidates = [
            u for u in self.units.values() if u.level is Level.DEPARTMENT and u.code in rank
        ]
        for unit in sorted(candidates, key=lambda u: rank[u.code]):
            self.compilers.setdefault(self.province_of(unit).key, unit)

    def require(self, unit: ReportingUnit) -> ReportingUnit:
        """``unit``, refused when it does not exist on the day."""
        if unit.key not in self.units:
            raise ValidationError(
                f"Đơn vị {unit.code} không có hiệu lực ngày {self.day:%d/%m/%Y} "
                "/ the unit does not exist on that day",
                field="org_unit",
                value=unit.key,
            )
        return unit

    def parent(self, unit: ReportingUnit) -> ReportingUnit | None:
        if unit.parent is None:
            return None
        found = self.units.get(unit.parent)
        if found is None:
            raise CdsError(
                f"Đơn vị {unit.code} không có đơn vị cấp trên hiệu lực ngày {self.day:%d/%m/%Y} "
                "/ the unit's parent is not valid on that day",
                unit=unit.key,
                parent=unit.parent,
            )
        return found

    def province_of(self, unit: ReportingUnit) -> ReportingUnit:
        current: ReportingUnit | None = unit
        while current is not None and current.level is not Level.PROVINCE:
            current = self.parent(current)
        if current is None:
            raise CdsError(
                f"Đơn vị {unit.code} không thuộc tỉnh nào / the unit is under no province",
                unit=unit.key,
            )
        return current

    def is_compiler(self, unit: ReportingUnit) -> bool:
        return unit.level is Level.DEPARTMENT and unit in self.compilers.values()

    def stage(self, unit: ReportingUnit) -> Stage:
        return Stage.COMPILER if self.is_compiler(unit) else _STAGE_OF_LEVEL[unit.level]

    def receiver(self, unit: ReportingUnit) -> ReportingUnit | None:
        if unit.level is Level.PROVINCE:
            return None
        province = self.province_of(unit)
        if self.is_compiler(unit):
            return province
        parent = self.parent(unit)
        if unit.level is Level.COMMUNE and parent is not None and parent.level is Level.DISTRICT:
            return parent  # before 1 July 2025
        return self.compilers.get(province.key, province)

    def reports(self, unit: ReportingUnit) -> bool:
        if unit.level not in self.dataset.levels:
            return False
        departments = self.dataset.departments
        return unit.level is not Level.DEPARTMENT or not departments or unit.code in departments


def reports_to(
    dataset: DataSet, unit: ReportingUnit, day: date, units: list[ReportingUnit]
) -> ReportingUnit | None:
    """The unit that ``unit`` sends its report of the regime to, on ``day`` (None: the
    province, which reports outside the platform)."""
    tree = _Tree(dataset, units, day)
    return tree.receiver(tree.require(unit))


def expected_units(dataset: DataSet, period: Period, units: list[ReportingUnit]) -> list[Expected]:
    """Every unit expected to send a report for the period — those whose level reports and
    those that receive and compile them, up to the province —, read on the period's end
    date, in the order of the stages, then by code."""
    check_period(dataset, period)
    tree = _Tree(dataset, units, period.end)
    own = [unit for unit in tree.units.values() if tree.reports(unit)]
    compiling: set[str] = set()
    chain: dict[str, ReportingUnit] = {unit.key: unit for unit in own}
    todo = list(own)
    while todo:
        receiver = tree.receiver(todo.pop())
        if receiver is not None:
            compiling.add(receiver.key)
            if receiver.key not in chain:
                chain[receiver.key] = receiver
                todo.append(receiver)
    found = []
    for unit in chain.values():
        stage = tree.stage(unit)
        found.append(
            Expected(
                unit=unit,
                stage=stage,
                reports_to=tree.receiver(unit),
                deadline=deadline(dataset, period, stage),
                reports_own=tree.reports(unit),
                compiles=unit.key in compiling,
            )
        )
    return sorted(found, key=lambda e: (_STAGE_RANK[e.stage], e.unit.code, e.unit.key))


def unit_deadline(
    dataset: DataSet, period: Period, unit: ReportingUnit, units: list[ReportingUnit]
) -> date:
    """The deadline of ``unit`` for the period: that of its stage (a compiling department
    has the compiler's)."""
    check_period(dataset, period)
    tree = _Tree(dataset, units, period.end)
    return deadline(dataset, period, tree.stage(tree.require(unit)))
