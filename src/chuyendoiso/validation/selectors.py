"""Validation rules evaluated over stored values, and over values about to be imported.

The value a rule reads for a key (indicator, unit, period, category option) is the one being
imported, else the stored draft, else the stored approved value: a rule checks the figures
as they are being worked on. docs/rules.md says when a rule applies and what its outcomes mean.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from chuyendoiso.catalog.selectors import catalog_get
from chuyendoiso.datavalues.convert import values_read
from chuyendoiso.datavalues.models import DataValue
from chuyendoiso.engine import rules
from chuyendoiso.engine.domain import datavalues as engine
from chuyendoiso.engine.domain.catalog import RuleSeverity
from chuyendoiso.engine.domain.periods import Calendar, Period, parse_period
from chuyendoiso.orgunits.models import OrgUnit

# a value's place: (org unit id, indicator, category option, period id, calendar)
_Key = tuple[int, str, str, str, str]


@dataclass(frozen=True)
class Violation:
    """A rule that fails for a unit and period, with the values it read."""

    org_unit: str
    result: rules.Result

    @property
    def is_error(self) -> bool:
        return self.result.rule.severity is RuleSeverity.ERROR

    @property
    def rows(self) -> list[int]:
        """The rows of the imported file that hold the values involved."""
        return sorted({used.row for used in self.result.used if used.row})


@dataclass(frozen=True)
class Validation:
    """Every rule evaluated for a unit over the periods of a stored period."""

    org_unit: str
    period: str
    results: tuple[rules.Result, ...]

    @property
    def violations(self) -> list[Violation]:
        return [
            Violation(self.org_unit, result)
            for result in self.results
            if result.outcome is rules.Outcome.FAILS
        ]

    def count(self, outcome: rules.Outcome) -> int:
        return sum(1 for result in self.results if result.outcome is outcome)


@dataclass(frozen=True)
class Incoming:
    """A value about to be written, where it goes and the row of the file it came from."""

    org_unit: OrgUnit
    period: Period
    value: engine.DataValue
    row: int


def rules_compiled() -> list[rules.CompiledRule]:
    """The catalogue's rules, checked against the stored catalogue."""
    catalog = catalog_get()
    names = rules.Names.of(catalog)
    return [rules.compile_rule(rule, names) for rule in catalog.rules]


def rules_evaluate(*, org_unit: OrgUnit, period: Period) -> Validation:
    """Every rule for ``org_unit`` and each period of its stored values that lies inside
    ``period`` (the period itself included): a half-year holds figures stated as of a day."""
    compiled = rules_compiled()
    stored = DataValue.objects.filter(
        org_unit=org_unit, start_date__gte=period.start, end_date__lte=period.end
    )
    periods = {period.id: period}
    for period_id, calendar in stored.values_list("period", "calendar").distinct():
        found = parse_period(period_id, Calendar(calendar))
        periods.setdefault(found.id, found)
    ordered = sorted(periods.values(), key=lambda each: (each.start, each.end, each.id))
    values = _Values(_load({org_unit.pk}, _periods_read(compiled, ordered), compiled))
    results = []
    for each in ordered:
        values.org_unit = org_unit.pk
        results += [rules.evaluate(rule, values, each) for rule in compiled]
    return Validation(org_unit.code, period.id, tuple(results))


def rules_check_incoming(incoming: Sequence[Incoming]) -> list[Violation]:
    """The rules that fail once ``incoming`` is in place of the stored values, for every
    (unit, period) it touches. Only the rules that read, for their own period, an indicator
    of the incoming values there are evaluated: an import answers for what it changes."""
    compiled = rules_compiled()
    if not compiled or not incoming:
        return []
    touched: dict[tuple[int, Period], set[str]] = {}
    units: dict[int, OrgUnit] = {}
    for each in incoming:
        touched.setdefault((each.org_unit.pk, each.period), set()).add(each.value.indicator)
        units[each.org_unit.pk] = each.org_unit
    periods = _periods_read(compiled, {period for _, period in touched})
    found = _load(set(units), periods, compiled)
    for each in incoming:
        found[_key_of(each.org_unit.pk, each.value, each.period)] = rules.Figure(
            each.value.value, each.value.comment, each.row
        )
    values = _Values(found)
    violations = []
    for (unit, period), indicators in sorted(touched.items(), key=_group_order):
        values.org_unit = unit
        for rule in compiled:
            if rule.indicators & indicators:
                result = rules.evaluate(rule, values, period)
                if result.outcome is rules.Outcome.FAILS:
                    violations.append(Violation(units[unit].code, result))
    return violations


def _group_order(item: tuple[tuple[int, Period], set[str]]) -> tuple[object, ...]:
    (unit, period), _ = item
    return (unit, period.start, period.end, period.id)


def _periods_read(compiled: list[rules.CompiledRule], periods: Iterable[Period]) -> set[Period]:
    return {
        read for period in periods for rule in compiled for read in rules.periods_read(rule, period)
    }


def _load(
    units: set[int], periods: set[Period], compiled: list[rules.CompiledRule]
) -> dict[_Key, rules.Figure]:
    """The stored values the rules may read: a draft in place of the approved value."""
    indicators = {code for rule in compiled for code in rule.reads}
    wanted = {(period.id, period.calendar.value) for period in periods}
    rows = DataValue.objects.filter(
        org_unit_id__in=units,
        indicator__code__in=indicators,
        period__in={period_id for period_id, _ in wanted},
    ).order_by("status")  # "approved" before "draft": a draft is read over its approved value
    found: dict[_Key, rules.Figure] = {}
    for value, (unit,) in values_read(rows, "org_unit_id"):
        if (value.period, value.calendar) in wanted:
            key = (unit, value.indicator, value.category_option, value.period, value.calendar)
            found[key] = rules.Figure(value.value, value.comment)
    return found


def _key_of(unit: int, value: engine.DataValue, period: Period) -> _Key:
    return (unit, value.indicator, value.category_option, period.id, period.calendar.value)


class _Values:
    """The values of one unit at a time, as the rules read them."""

    def __init__(self, found: dict[_Key, rules.Figure]) -> None:
        self.found = found
        self.org_unit = 0

    def figure(self, indicator: str, option: str, period: Period) -> rules.Figure | None:
        return self.found.get((self.org_unit, indicator, option, period.id, period.calendar.value))
