"""Resolving and checking incoming values: each value's indicator, org unit, period and
category option found in the database, and its own problems (the engine's checks, parts adding
up to their total with the stored values) listed with its row."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from functools import cached_property

from chuyendoiso.catalog.models import CategoryOption, Indicator
from chuyendoiso.catalog.selectors import catalog_get
from chuyendoiso.datavalues.convert import values_read
from chuyendoiso.datavalues.models import DataValue
from chuyendoiso.engine.domain import catalog as engine_catalog
from chuyendoiso.engine.domain import datavalues as engine
from chuyendoiso.engine.domain.errors import CdsError
from chuyendoiso.engine.domain.periods import Calendar, Period, parse_period
from chuyendoiso.orgunits.models import OrgUnit
from chuyendoiso.orgunits.selectors import orgunits_resolver


@dataclass(frozen=True)
class Resolved:
    row: int  # where the value came from, for error messages
    value: engine.DataValue
    indicator: Indicator
    org_unit: OrgUnit
    period: Period
    option: CategoryOption | None

    @cached_property  # looked up several times per value by an import
    def key(self) -> tuple[object, ...]:
        """The key in the order of engine.KEY_FIELDS (the store's KEY_COLUMNS)."""
        option = self.option.pk if self.option is not None else None
        given = {
            "indicator": self.indicator.pk,
            "org_unit": self.org_unit.pk,
            "period": self.period.id,
            "calendar": self.period.calendar.value,
            "category_option": option,
            "status": self.value.status.value,
        }
        return tuple(given[name] for name in engine.KEY_FIELDS)


def resolve(
    values: Sequence[engine.DataValue], source_rows: Sequence[int] | None = None
) -> tuple[list[Resolved], list[dict[str, object]]]:
    indicators = {row.code: row for row in Indicator.objects.all()}
    options = {
        engine.category_option_code(option.category.code, option.code): option
        for option in CategoryOption.objects.select_related("category")
    }
    full_catalog = catalog_get()
    catalog = {ind.code: ind for ind in full_catalog.indicators}
    categories = {category.code: category for category in full_catalog.categories}
    # each org unit and period resolved once per distinct key: an import repeats them
    resolve_unit = orgunits_resolver({value.org_unit for value in values})
    units: dict[tuple[str, Period], OrgUnit] = {}
    periods: dict[tuple[str, str], Period] = {}
    resolved: list[Resolved] = []
    problems: list[dict[str, object]] = []
    seen: set[tuple[object, ...]] = set()

    def problem(position: int, field: str, reason: str, value: object) -> None:
        problems.append({"row": position, "field": field, "reason": reason, "value": str(value)})

    rows = source_rows if source_rows is not None else range(1, len(values) + 1)
    for position, value in zip(rows, values, strict=True):
        indicator = indicators.get(value.indicator)
        if indicator is None:
            problem(position, "indicator", "chỉ tiêu không có trong danh mục", value.indicator)
            continue
        try:
            given = (value.period, value.calendar)
            if given not in periods:
                periods[given] = parse_period(value.period, Calendar(value.calendar))
            period = periods[given]
            key = (value.org_unit, period)
            if key not in units:
                units[key] = resolve_unit(value.org_unit, start=period.start, end=period.end)
        except CdsError as exc:
            field = str(exc.extra.get("field", "period"))
            problem(position, field, exc.message, exc.extra.get("value", value.period))
            continue
        for field, reason in _check(value, catalog[value.indicator], options):
            problem(position, field, reason, getattr(value, field))
        identity = (
            value.indicator,
            value.org_unit,
            period.id,
            period.calendar,
            value.category_option,
            value.status,
        )
        if identity in seen:
            problem(
                position, "period", "giá trị lặp lại trong cùng lần nhập / duplicate", period.id
            )
        seen.add(identity)
        option = options.get(value.category_option)
        resolved.append(Resolved(position, value, indicator, units[key], period, option))
    for row, reason in _parts_problems(resolved, catalog, categories):
        problem(row.row, "category_option", reason, row.value.category_option)
    return resolved, problems


def _check(
    value: engine.DataValue,
    indicator: engine_catalog.Indicator,
    options: Mapping[str, CategoryOption],
) -> list[tuple[str, str]]:
    """The problems of a value: the engine's, and a category option the catalogue lacks."""
    found = engine.check_data_value(indicator, value)
    if (
        value.category_option
        and value.category_option not in options
        and all(field != "category_option" for field, _ in found)
    ):
        found.append(
            (
                "category_option",
                "phương án phân tổ không có trong danh mục / not an option of the catalogue",
            )
        )
    return found


def _parts_problems(
    rows: list[Resolved],
    catalog: dict[str, engine_catalog.Indicator],
    categories: dict[str, engine_catalog.Category],
) -> list[tuple[Resolved, str]]:
    """Totals and their disaggregated parts, the stored ones and the incoming ones together."""
    touched = [
        row
        for row in rows
        if catalog[row.indicator.code].categories
        and _is_additive(row, catalog)
        and row.value.status is engine.Status.APPROVED  # a draft is checked when approved
    ]
    if not touched:
        return []
    groups = {
        (row.indicator.pk, row.org_unit.pk, row.period.id, row.period.calendar.value)
        for row in touched
    }
    candidates = DataValue.objects.filter(
        status=engine.Status.APPROVED.value,
        indicator_id__in={group[0] for group in groups},
        org_unit_id__in={group[1] for group in groups},
        period__in={group[2] for group in groups},
    )
    stored: dict[tuple[object, ...], engine.DataValue] = {
        (found.indicator, found.org_unit, found.period, found.category_option): found
        for found, (indicator_id, org_unit_id) in values_read(
            candidates, "indicator_id", "org_unit_id"
        )
        if (indicator_id, org_unit_id, found.period, found.calendar) in groups
    }
    by_value: dict[int, Resolved] = {}
    for row in touched:
        value = row.value
        if (value.period, value.calendar) != (row.period.id, row.period.calendar.value):
            value = replace(value, period=row.period.id, calendar=row.period.calendar.value)
        stored[(value.indicator, value.org_unit, value.period, value.category_option)] = value
        by_value[id(value)] = row
    problems = []
    for value, reason in engine.check_parts_add_up(stored.values(), categories):
        row = by_value.get(id(value)) or touched[0]
        problems.append((row, reason))
    return problems


def _is_additive(row: Resolved, catalog: dict[str, engine_catalog.Indicator]) -> bool:
    return catalog[row.indicator.code].unit is not engine_catalog.MeasureUnit.PERCENT


def key_columns(row: Resolved) -> tuple[object, ...]:
    """The key of a resolved value in the order of engine.KEY_FIELDS (the store's KEY_COLUMNS)."""
    return row.key


def locks_of(values: Sequence[engine.DataValue]) -> list[tuple[str, str]]:
    """The locks a write of ``values`` holds: one per indicator, as the checks that read
    stored values (parts adding up to their total, the key) stay within an indicator."""
    return [("datavalues", code) for code in sorted({value.indicator for value in values})]


def problem_row(problem: Mapping[str, object]) -> int:
    """A problem's row, to sort problems by (0 when it has none)."""
    row = problem.get("row", 0)
    return row if isinstance(row, int) else 0
