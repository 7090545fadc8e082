"""Writes of data values: the one path every figure takes into the database.

Entry forms, file imports, the demo loader and (later) source connectors all call
``datavalues_import``: it checks every value first and writes all or nothing.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction

from chuyendoiso.audit.services import audit_record
from chuyendoiso.catalog.models import Indicator
from chuyendoiso.catalog.selectors import catalog_get
from chuyendoiso.datavalues.models import DataValue
from chuyendoiso.datavalues.selectors import as_engine
from chuyendoiso.engine.domain import catalog as engine_catalog
from chuyendoiso.engine.domain import datavalues as engine
from chuyendoiso.engine.domain.errors import CdsError, ValidationError
from chuyendoiso.engine.domain.periods import Calendar, Period, parse_period
from chuyendoiso.orgunits.models import OrgUnit
from chuyendoiso.orgunits.selectors import orgunit_resolve

KEY_FIELDS = ["indicator", "org_unit", "period", "calendar", "category_option", "status"]
VALUE_FIELDS = [
    "period_type",
    "start_date",
    "end_date",
    "value",
    "numerator",
    "denominator",
    "qualifier",
    "decimals",
    "scale",
    "reference_date",
    "origin",
    "source",
    "comment",
    "change_stated",
    "level_stated",
    "created_by",
    "updated_at",  # bulk_create leaves auto_now fields alone unless named here
]


@dataclass(frozen=True)
class ImportSummary:
    received: int
    written: int


def datavalues_import(
    *,
    acting_user: AbstractBaseUser | None,
    values: Sequence[engine.DataValue],
    source_name: str,
    source_rows: Sequence[int] | None = None,
) -> ImportSummary:
    """Check every value, then write them all in one transaction, or raise and write none.

    Problems are reported together, each with its row, field and reason. The row is the
    value's row in its file when ``source_rows`` gives them (one per value, as
    ``engine.values_file.read_values_file`` returns them), else its 1-based position.
    """
    if source_rows is not None and len(source_rows) != len(values):
        raise ValueError("source_rows must give one row per value")
    with transaction.atomic():  # checked against the stored values and written in one go
        rows, problems = _resolve(values, source_rows)
        if problems:
            raise ValidationError(
                f"{len(problems)} lỗi trong dữ liệu nhập, không ghi giá trị nào "
                f"/ {len(problems)} problem(s), nothing written",
                source=source_name,
                errors=problems,
            )
        DataValue.objects.bulk_create(
            [_model(row, acting_user) for row in rows],
            batch_size=1000,
            update_conflicts=True,
            unique_fields=KEY_FIELDS,
            update_fields=VALUE_FIELDS,
        )
        audit_record(
            acting_user=acting_user,
            action="datavalues_import",
            entity="datavalue",
            entity_key=source_name,
            after={"received": len(values), "written": len(rows)},
        )
    return ImportSummary(received=len(values), written=len(rows))


def datavalue_save(
    *, acting_user: AbstractBaseUser | None, value: engine.DataValue, source_name: str = "form"
) -> DataValue:
    """Write one value (add or replace), with an audit row holding before and after."""
    rows, problems = _resolve([value])
    if problems:
        first = problems[0]
        raise ValidationError(first["reason"], field=first["field"], value=first["value"])
    row = rows[0]
    with transaction.atomic():
        before = (
            DataValue.objects.select_for_update()
            .filter(
                indicator=row.indicator,
                org_unit=row.org_unit,
                period=row.period.id,
                calendar=row.period.calendar.value,
                category_option=row.value.category_option,
                status=row.value.status.value,
            )
            .first()
        )
        saved = _model(row, acting_user)
        if before is not None:
            saved.pk = before.pk
            saved.created_at = before.created_at
        saved.save()
        audit_record(
            acting_user=acting_user,
            action="datavalue_save",
            entity="datavalue",
            entity_key=f"{row.indicator.code}/{row.org_unit.code}/{row.period.id}",
            before=_snapshot(before) if before else None,
            after=_snapshot(saved) | {"source_name": source_name},
        )
    return saved


@dataclass(frozen=True)
class _Resolved:
    row: int  # where the value came from, for error messages
    value: engine.DataValue
    indicator: Indicator
    org_unit: OrgUnit
    period: Period


def _resolve(
    values: Sequence[engine.DataValue], source_rows: Sequence[int] | None = None
) -> tuple[list[_Resolved], list[dict[str, object]]]:
    indicators = {row.code: row for row in Indicator.objects.all()}
    full_catalog = catalog_get()
    catalog = {ind.code: ind for ind in full_catalog.indicators}
    categories = {category.code: category for category in full_catalog.categories}
    units: dict[tuple[str, Period], OrgUnit] = {}
    resolved: list[_Resolved] = []
    problems: list[dict[str, object]] = []
    seen: set[tuple[str, str, str, str, str]] = set()

    def problem(position: int, field: str, reason: str, value: object) -> None:
        problems.append({"row": position, "field": field, "reason": reason, "value": str(value)})

    rows = source_rows if source_rows is not None else range(1, len(values) + 1)
    for position, value in zip(rows, values, strict=True):
        indicator = indicators.get(value.indicator)
        if indicator is None:
            problem(position, "indicator", "chỉ tiêu không có trong danh mục", value.indicator)
            continue
        try:
            period = parse_period(value.period, Calendar(value.calendar))
            key = (value.org_unit, period)
            if key not in units:
                units[key] = orgunit_resolve(value.org_unit, start=period.start, end=period.end)
        except CdsError as exc:
            field = str(exc.extra.get("field", "period"))
            problem(position, field, exc.message, exc.extra.get("value", value.period))
            continue
        for field, reason in engine.check_data_value(catalog[value.indicator], value):
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
        resolved.append(_Resolved(position, value, indicator, units[key], period))
    for row, reason in _parts_problems(resolved, catalog, categories):
        problem(row.row, "category_option", reason, row.value.category_option)
    return resolved, problems


def _parts_problems(
    rows: list[_Resolved],
    catalog: dict[str, engine_catalog.Indicator],
    categories: dict[str, engine_catalog.Category],
) -> list[tuple[_Resolved, str]]:
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
    ).select_related("indicator", "org_unit")
    stored: dict[tuple[object, ...], engine.DataValue] = {
        (found.indicator.code, found.org_unit.code, found.period, found.category_option): as_engine(
            found
        )
        for found in candidates
        if (found.indicator_id, found.org_unit_id, found.period, found.calendar) in groups
    }
    by_value: dict[int, _Resolved] = {}
    for row in touched:
        value = replace(row.value, period=row.period.id, calendar=row.period.calendar.value)
        stored[(value.indicator, value.org_unit, value.period, value.category_option)] = value
        by_value[id(value)] = row
    problems = []
    for value, reason in engine.check_parts_add_up(stored.values(), categories):
        row = by_value.get(id(value)) or touched[0]
        problems.append((row, reason))
    return problems


def _is_additive(row: _Resolved, catalog: dict[str, engine_catalog.Indicator]) -> bool:
    return catalog[row.indicator.code].unit is not engine_catalog.MeasureUnit.PERCENT


def _model(row: _Resolved, acting_user: AbstractBaseUser | None) -> DataValue:
    value = row.value
    return DataValue(
        indicator=row.indicator,
        org_unit=row.org_unit,
        period=row.period.id,
        calendar=row.period.calendar.value,
        period_type=row.period.type.value,
        start_date=row.period.start,
        end_date=row.period.end,
        category_option=value.category_option,
        status=value.status.value,
        value=value.value,
        numerator=value.numerator,
        denominator=value.denominator,
        qualifier=value.qualifier.value,
        decimals=value.decimals,
        scale=value.scale,
        reference_date=value.reference_date,
        origin=value.origin.value,
        source=value.source,
        comment=value.comment,
        change_stated=value.change_stated,
        level_stated=value.level_stated,
        created_by=acting_user if acting_user is not None and acting_user.pk else None,
    )


def _snapshot(row: DataValue) -> dict[str, object]:
    return {
        "value": engine.plain_decimal(row.value),
        "numerator": None if row.numerator is None else engine.plain_decimal(row.numerator),
        "denominator": None if row.denominator is None else engine.plain_decimal(row.denominator),
        "qualifier": row.qualifier,
        "reference_date": row.reference_date.isoformat() if row.reference_date else None,
        "origin": row.origin,
    }
