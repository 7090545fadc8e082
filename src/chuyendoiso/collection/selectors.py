"""Reads of the workflow: a submission and its values, history and rule violations; the
submissions a user sees; the completeness of a regime's period (who has reported)."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass

from django.db.models import Q, QuerySet

from chuyendoiso.access.models import Membership
from chuyendoiso.access.selectors import Actor, Permissions
from chuyendoiso.audit.models import AuditEntry
from chuyendoiso.catalog.models import DataSet as DataSetRow
from chuyendoiso.catalog.selectors import Schedule, dataset_get, dataset_schedule
from chuyendoiso.collection.models import Submission
from chuyendoiso.datavalues.convert import values_read
from chuyendoiso.datavalues.models import DataValue
from chuyendoiso.datavalues.services import value_key_text
from chuyendoiso.engine.domain import datavalues as engine
from chuyendoiso.engine.domain import regimes
from chuyendoiso.engine.domain.access import Action
from chuyendoiso.engine.domain.periods import Period, parse_period
from chuyendoiso.engine.domain.workflow import State
from chuyendoiso.orgunits.models import OrgUnit
from chuyendoiso.orgunits.services import unit_key
from chuyendoiso.validation.selectors import Violation, rules_evaluate


@dataclass(frozen=True)
class Key:
    """What a submission is of: a regime, a unit, one of the regime's periods."""

    dataset: regimes.DataSet
    org_unit: OrgUnit
    period: Period

    @property
    def text(self) -> str:
        """How the audit names the submission: REGIME/UNIT/PERIOD."""
        unit = unit_key(self.org_unit.code, self.org_unit.structure)
        return f"{self.dataset.code}/{unit}/{self.period.id}"

    @property
    def indicators(self) -> list[str]:
        return [entry.indicator for entry in self.dataset.indicators]


def submission_key(*, dataset_code: str, org_unit: OrgUnit, period_id: str) -> Key:
    """The key, the period read in the regime's calendar and refused when it is not one of
    the regime's periods."""
    dataset = dataset_get(dataset_code)
    period = parse_period(period_id.strip(), dataset.calendar)
    regimes.check_period(dataset, period)
    return Key(dataset, org_unit, period)


def submission_of(key: Key) -> Submission | None:
    return Submission.objects.filter(
        dataset__code=key.dataset.code, org_unit=key.org_unit, period=key.period.id
    ).first()


def submission_state(key: Key) -> State:
    """The submission's state; a unit that has none yet is a draft."""
    found = submission_of(key)
    return State(found.state) if found else State.DRAFT


def submission_values(key: Key) -> QuerySet[DataValue]:
    """The unit's values of the regime's indicators for the period, drafts and approved
    (``engine.domain.workflow.covers``)."""
    period = key.period
    return (
        DataValue.objects.filter(org_unit=key.org_unit, indicator__code__in=key.indicators)
        .filter(Q(period=period.id) | Q(start_date__gte=period.start, end_date__lte=period.end))
        .select_related("indicator", "category_option")
        .order_by("indicator__code", "category_option__code", "period", "status")
    )


@dataclass(frozen=True)
class ValueRow:
    """A value of a submission as its page lists it."""

    indicator: str
    option: str
    period: str
    status: str
    value: engine.DataValue
    key_text: str  # as the audit names it: the key of its history


def submission_rows(key: Key) -> list[ValueRow]:
    return [
        ValueRow(
            value.indicator,
            value.category_option,
            value.period,
            value.status.value,
            value,
            value_key_text(value),
        )
        for value, _ in values_read(submission_values(key))
    ]


def submission_violations(key: Key) -> list[Violation]:
    """The rules that fail for the unit and period and read one of the regime's indicators."""
    codes = set(key.indicators)
    return [
        violation
        for violation in rules_evaluate(org_unit=key.org_unit, period=key.period).violations
        if any(used.indicator in codes for used in violation.result.used)
    ]


def submission_history(key: Key) -> QuerySet[AuditEntry]:
    """The transitions of the submission, oldest first."""
    return AuditEntry.objects.filter(entity="submission", entity_key=key.text).order_by("at", "pk")


def value_history(entity_key: str) -> QuerySet[AuditEntry]:
    """Every change of one value (as the audit names it), oldest first."""
    return AuditEntry.objects.filter(entity="datavalue", entity_key=entity_key).order_by("at", "pk")


def submissions_visible(user: Actor) -> list[Submission]:
    """The submissions of the units whose drafts the user reads (its own, those below it
    for an approver), the ones awaiting its approval first."""
    permissions = Permissions(user)
    rows = Submission.objects.select_related("dataset", "org_unit").order_by(
        "-changed_at", "org_unit__path"
    )
    seen = [row for row in rows if permissions.can(Action.READ_DRAFT, row.org_unit)]
    return sorted(seen, key=lambda row: not awaits(permissions, row))


def awaits(permissions: Permissions, row: Submission) -> bool:
    """Whether the submission waits for this user's approval."""
    return row.state == State.SUBMITTED.value and permissions.can(Action.APPROVE, row.org_unit)


def approved_with_deadlines() -> list[tuple[Submission, str, dt.date]]:
    """The approved submissions, each with its key's text and its unit's deadline (the
    stage's, in the unit's province); one schedule per regime, period and province. A unit
    no longer expected to report (a catalogue change) has no deadline and is left out."""
    rows = Submission.objects.filter(state=State.APPROVED.value).select_related(
        "dataset", "org_unit"
    )
    deadlines: dict[tuple[str, str, str], dict[str, dt.date]] = {}
    found = []
    for row in rows:
        province = row.org_unit.path.strip("/").split("/")[0]
        wanted = (row.dataset.code, row.period, province)
        if wanted not in deadlines:
            schedule = dataset_schedule(
                dataset_code=row.dataset.code, period_id=row.period, province_code=province
            )
            deadlines[wanted] = {each.unit.key: each.deadline for each in schedule.expected}
        deadline = deadlines[wanted].get(unit_key(row.org_unit.code, row.org_unit.structure))
        if deadline is not None:
            key = submission_key(
                dataset_code=row.dataset.code, org_unit=row.org_unit, period_id=row.period
            )
            found.append((row, key.text, deadline))
    return found


# --- completeness ----------------------------------------------------------------------------


def provinces() -> list[tuple[str, str]]:
    """(code, name) of every province, once per code (the newest name), by code."""
    rows = OrgUnit.objects.filter(level=OrgUnit.Level.PROVINCE).order_by("code", "valid_from")
    return sorted({row.code: row.name for row in rows}.items())


def home_province(user: Actor, default: str) -> str:
    """The province of the user's first role's unit (the first segment of its path), else
    ``default``."""
    if user is None or not user.is_authenticated:
        return default
    for path in (
        Membership.objects.filter(user_id=user.pk)
        .order_by("pk")
        .values_list("org_unit__path", flat=True)
    ):
        return path.strip("/").split("/")[0]
    return default


class Progress:
    """A unit's place in the period's reporting, as the completeness page shows it."""

    NOT_STARTED = "chưa nhập"
    LATE = "trễ hạn"
    TOTAL = "tổng"
    COLUMNS = [NOT_STARTED, *(state.label_vi for state in State), LATE, TOTAL]


@dataclass(frozen=True)
class UnitProgress:
    expected: regimes.Expected
    state: str  # a State's label, or Progress.NOT_STARTED
    late: bool  # past its deadline without a submission


@dataclass(frozen=True)
class Completeness:
    dataset: regimes.DataSet
    period: Period
    today: dt.date
    units: list[UnitProgress]

    def counts(self) -> list[tuple[regimes.Stage, Counter[str]]]:
        """Per stage (commune, district, ...) in the chain's order, how many units are in
        each state; late ones are counted once more under "trễ hạn", all under "tổng"."""
        found: dict[regimes.Stage, Counter[str]] = {}
        for unit in self.units:
            counter = found.setdefault(unit.expected.stage, Counter())
            counter[unit.state] += 1
            counter[Progress.LATE] += unit.late
            counter[Progress.TOTAL] += 1
        return [(stage, found[stage]) for stage in regimes.Stage if stage in found]


SENT = {State.SUBMITTED, State.APPROVED, State.LOCKED}


def completeness(
    *, dataset_code: str, period_id: str, today: dt.date, province_code: str = "19"
) -> Completeness:
    """Every unit expected to report the period (regimes.expected_units) with its state;
    ``late``: ``today`` is after its deadline and it has not sent its report."""
    schedule = dataset_schedule(
        dataset_code=dataset_code, period_id=period_id, province_code=province_code
    )
    row = DataSetRow.objects.get(code=schedule.dataset.code)
    states = {
        unit_key(code, structure): State(state)
        for code, structure, state in Submission.objects.filter(
            dataset=row, period=schedule.period.id
        ).values_list("org_unit__code", "org_unit__structure", "state")
    }
    started = _units_with_drafts(schedule)
    units = []
    for expected in schedule.expected:
        state = states.get(expected.unit.key)
        if state is None and expected.unit.key in started:
            state = State.DRAFT
        label = state.label_vi if state is not None else Progress.NOT_STARTED
        late = today > expected.deadline and state not in SENT
        units.append(UnitProgress(expected, label, late))
    return Completeness(schedule.dataset, schedule.period, today, units)


def _units_with_drafts(schedule: Schedule) -> set[str]:
    """The units that have draft values of the regime for the period (being entered)."""
    period = schedule.period
    codes = [entry.indicator for entry in schedule.dataset.indicators]
    rows = (
        DataValue.objects.filter(status="draft", indicator__code__in=codes)
        .filter(Q(period=period.id) | Q(start_date__gte=period.start, end_date__lte=period.end))
        .values_list("org_unit__code", "org_unit__structure")
        .distinct()
    )
    return {unit_key(code, structure) for code, structure in rows}
