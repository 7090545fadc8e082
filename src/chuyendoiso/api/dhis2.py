"""DHIS2's ``dataValueSets`` over HTTP: a pushed payload imported through the value services
(all or nothing, scope-checked), answered with DHIS2's import summary; a pulled one read back
in the same shape, so that what GET returns POST accepts unchanged."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from ninja import Schema

from chuyendoiso.access.selectors import Actor
from chuyendoiso.access.services import require
from chuyendoiso.api.selectors import dataset_values
from chuyendoiso.catalog.selectors import dataset_get
from chuyendoiso.datavalues.services import (
    ImportSummary,
    Strategy,
    datavalues_delete,
    datavalues_import,
)
from chuyendoiso.engine.domain import regimes
from chuyendoiso.engine.domain.access import Action
from chuyendoiso.engine.domain.datavalues import DataValue, Status
from chuyendoiso.engine.domain.errors import CdsError, ValidationError
from chuyendoiso.engine.domain.periods import parse_period
from chuyendoiso.engine.files.datavaluesets import (
    DataValueSet,
    data_value_set,
    import_summary,
    parse_data_value_set,
)
from chuyendoiso.orgunits.selectors import orgunit_resolve
from chuyendoiso.reports.uploads import upload_limit_label
from chuyendoiso.validation.presenters import violation_problem

SOURCE = "API dataValueSets"
# what an API import needs on each unit besides writing there
IMPORT_ACTIONS = (Action.CALL_API, Action.IMPORT)


class ImportParams(Schema):
    dryRun: bool = False
    importStrategy: Strategy = Strategy.CREATE_AND_UPDATE
    # the platform's own: values are written as drafts unless the caller may approve them
    status: Status = Status.DRAFT


class ReadParams(Schema):
    dataSet: str
    period: str
    orgUnit: str
    children: bool = False
    status: Status = Status.DRAFT


def import_payload(
    user: AbstractBaseUser, body: bytes, params: ImportParams
) -> tuple[int, dict[str, Any]]:
    """(HTTP status, import summary) of a pushed payload: 200 when imported (or, with
    ``dryRun``, checked), 409 with every conflict when refused, 400 when unreadable; a unit
    outside the caller's scope raises ``PermissionDeniedError`` (403)."""
    strategy, dry_run = params.importStrategy, params.dryRun
    try:
        read = parse_data_value_set(_text(body), file="dataValueSets", source=SOURCE)
    except ValidationError as exc:
        return 400, _refused([{"reason": str(exc)}], params)
    values, problems = _in_data_set(read, params.status)
    service = datavalues_delete if strategy is Strategy.DELETE else datavalues_import
    options: dict[str, Any] = {} if strategy is Strategy.DELETE else {"strategy": strategy}
    try:
        summary = service(
            acting_user=user,
            values=values,
            source_name=SOURCE,
            source_rows=read.rows,
            source_problems=problems,
            reason=f"API importStrategy={strategy.value}",
            dry_run=dry_run,
            actions=IMPORT_ACTIONS,
            **options,
        )
    except ValidationError as exc:
        return 409, _refused(list(exc.extra.get("errors") or [{"reason": exc.message}]), params)
    return 200, _answer(summary, params)


def too_large(params: ImportParams) -> dict[str, Any]:
    reason = f"nội dung vượt quá {upload_limit_label()} / the body is over the limit"
    return _refused([{"reason": reason}], params)


def _text(body: bytes) -> str:
    try:
        return body.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ValidationError("Nội dung không phải UTF-8 / the body is not UTF-8") from exc


def _in_data_set(
    read: DataValueSet, status: Status
) -> tuple[list[DataValue], list[dict[str, Any]]]:
    """The values of a payload with ``status``, read in the calendar of the data set it
    names; a value of an element or a period that is not the data set's is a conflict."""
    problems = list(read.problems)
    values = [replace(value, status=status) for value in read.values]
    if not read.data_set:
        return values, problems
    try:
        dataset = dataset_get(read.data_set)
    except CdsError as exc:
        problems.append({"object": "dataSet", "value": read.data_set, "reason": exc.message})
        return values, problems
    elements = {entry.indicator for entry in dataset.indicators}
    values = [replace(value, calendar=dataset.calendar.value) for value in values]
    for row, value in zip(read.rows, values, strict=True):
        if value.indicator not in elements:
            reason = "không thuộc chế độ báo cáo / not a data element of the data set"
            problems.append(_problem(row, "dataElement", value.indicator, reason))
        try:
            regimes.check_period(dataset, parse_period(value.period, dataset.calendar))
        except CdsError as exc:
            problems.append(_problem(row, "period", value.period, exc.message))
    return values, problems


def _problem(row: int, key: str, value: str, reason: str) -> dict[str, Any]:
    return {"row": row, "object": f"dataValues[{row - 1}].{key}", "value": value, "reason": reason}


def _answer(summary: ImportSummary, params: ImportParams) -> dict[str, Any]:
    verb = "Kiểm tra, không ghi / checked, nothing written" if summary.dry_run else "Đã nạp"
    return import_summary(
        imported=summary.imported,
        updated=summary.updated,
        ignored=summary.ignored,
        deleted=summary.deleted,
        dry_run=summary.dry_run,
        strategy=params.importStrategy.value,
        description=f"{verb} / {summary.received} received",
        warnings=[_warning(violation_problem(each)) for each in summary.warnings],
    )


def _warning(problem: dict[str, object]) -> str:
    return f"{problem['rule']} {problem['org_unit']} {problem['period']}: {problem['reason']}"


def _refused(conflicts: list[dict[str, Any]], params: ImportParams) -> dict[str, Any]:
    return import_summary(
        imported=0,
        updated=0,
        ignored=0,
        conflicts=conflicts,
        dry_run=params.dryRun,
        strategy=params.importStrategy.value,
        description="Không nạp giá trị nào / nothing imported",
    )


def read_payload(user: Actor, params: ReadParams) -> dict[str, Any]:
    """The payload of the values of a data set, period and unit that the caller may read;
    the caller needs the right to call the API on the unit asked for."""
    dataset = dataset_get(params.dataSet)
    period = parse_period(params.period, dataset.calendar)
    regimes.check_period(dataset, period)
    unit = orgunit_resolve(params.orgUnit, start=period.start, end=period.end)
    require(user, Action.CALL_API, unit)
    values = dataset_values(
        user=user,
        dataset=dataset,
        period=period,
        org_unit=unit,
        children=params.children,
        status=params.status,
    )
    return data_value_set(values, data_set=dataset.code, period=period.id)
