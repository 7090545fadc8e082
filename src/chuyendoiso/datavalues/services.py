"""Writes of data values: the one path every figure takes into the database.

Entry forms, file imports, the demo loader and source connectors all call
``datavalues_import``: it checks every value first and writes all or nothing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from enum import StrEnum
from typing import Any

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db import transaction
from django.utils import timezone

from chuyendoiso.access.services import require_all
from chuyendoiso.audit.services import Change, audit_record, audit_records
from chuyendoiso.bulk import bulk_insert
from chuyendoiso.catalog.models import CategoryOption, Indicator
from chuyendoiso.catalog.selectors import catalog_get
from chuyendoiso.collection.guard import require_editable
from chuyendoiso.datavalues.convert import columns_of, row_of, values_read
from chuyendoiso.datavalues.models import DataValue
from chuyendoiso.engine.domain import catalog as engine_catalog
from chuyendoiso.engine.domain import datavalues as engine
from chuyendoiso.engine.domain.access import Action
from chuyendoiso.engine.domain.errors import CdsError, PermissionDeniedError, ValidationError
from chuyendoiso.engine.domain.periods import Calendar, Period, parse_period
from chuyendoiso.locks import locked
from chuyendoiso.orgunits.models import OrgUnit
from chuyendoiso.orgunits.selectors import orgunits_resolver
from chuyendoiso.validation.presenters import violation_problem
from chuyendoiso.validation.selectors import Incoming, Violation, rules_check_incoming

# the columns of a value's key (indicator_id, ..., category_option_id, status)
_COLUMN_OF = {column.name: column.attname for column in DataValue._meta.concrete_fields}
KEY_COLUMNS = [_COLUMN_OF[name] for name in engine.KEY_FIELDS]
# what writing a value again replaces: everything but its key, id and creation time
# what a new value's row is inserted with: every column but its id
INSERT_COLUMNS = [
    column.attname for column in DataValue._meta.concrete_fields if column.primary_key is False
]
UPDATE_FIELDS = [
    column.name
    for column in DataValue._meta.concrete_fields
    if column.name not in (*engine.KEY_FIELDS, "id", "created_at")
]


@dataclass(frozen=True)
class ImportSummary:
    """What an import did, or with ``dry_run`` would do: ``imported`` values were new,
    ``updated`` ones changed a stored value, ``ignored`` ones were already stored as given
    (whatever file they came from)."""

    received: int
    written: int
    imported: int = 0
    updated: int = 0
    ignored: int = 0
    dry_run: bool = False
    warnings: tuple[Violation, ...] = ()  # validation rules of severity warning that fail
    deleted: int = 0


class Strategy(StrEnum):
    """What an import does with each value, as DHIS2's ``importStrategy`` says it."""

    CREATE_AND_UPDATE = "CREATE_AND_UPDATE"  # add the new values, replace the stored ones
    CREATE = "CREATE"  # add the new values only; a stored one is ignored
    UPDATE = "UPDATE"  # replace stored values only; a new one is ignored
    DELETE = "DELETE"  # delete the listed values (``datavalues_delete``)


def datavalues_import(
    *,
    acting_user: AbstractBaseUser | None,
    values: Sequence[engine.DataValue],
    source_name: str,
    source_rows: Sequence[int] | None = None,
    source_problems: Sequence[dict[str, Any]] = (),
    reason: str = "",
    dry_run: bool = False,
    strategy: Strategy = Strategy.CREATE_AND_UPDATE,
    actions: Sequence[Action] = (),
) -> ImportSummary:
    """Check every value, then write them all in one transaction, or raise and write none.

    Problems are reported together, each with its row, field and reason. The row is the
    value's row in its file when ``source_rows`` gives them (one per value, as
    ``engine.values_file.read_values_file`` returns them), else its 1-based position.
    ``source_problems`` (bad cells of the rows a file reader left out) are reported with
    the rest, so that one bad cell does not hide the file's other problems. With
    ``dry_run`` everything is checked and counted, and nothing written.
    Every value that changes gets an audit row with its fields before and after, and the
    import one with its counts; ``reason`` is kept in each.
    ``strategy`` CREATE leaves the stored values alone, UPDATE the new ones (both counted
    as ignored); ``actions`` are further rights the user needs on each unit besides
    writing (an API call: ``CALL_API``, ``IMPORT``).
    """
    if strategy is Strategy.DELETE:
        raise ValueError("a deletion is datavalues_delete's")
    if source_rows is not None and len(source_rows) != len(values):
        raise ValueError("source_rows must give one row per value")
    # checked against the stored values and written in one go, one writer of an indicator
    # at a time (the add-up check reads the stored totals and parts)
    with locked(*_locks_of(values)):
        rows, problems = _resolve(values, source_rows)
        require_write(acting_user, [(row.org_unit, row.value.status) for row in rows], actions)
        received, skipped = len(values), 0
        if strategy is not Strategy.CREATE_AND_UPDATE:
            kept = _kept(rows, acting_user, strategy)
            rows, skipped = kept, len(rows) - len(kept)
        _require_open(rows)
        problems = sorted([*source_problems, *problems], key=_row_of)
        warnings: list[Violation] = []
        if not problems:  # the validation rules, over values that pass their own checks
            violations = rules_check_incoming(_incoming(rows))
            problems = [violation_problem(each) for each in violations if each.is_error]
            warnings = [each for each in violations if not each.is_error]
        if problems:
            raise ValidationError(
                f"{len(problems)} lỗi trong dữ liệu nhập, không ghi giá trị nào "
                f"/ {len(problems)} problem(s), nothing written",
                source=source_name,
                errors=problems,
            )
        if dry_run:
            previous = _stored_by_key([pk for pk, _ in _existing(rows).values()])
            summary = _summary(rows, previous, received=received, warnings=warnings, dry_run=True)
            return replace(summary, ignored=summary.ignored + skipped)
        previous = _write(rows, acting_user)
        changed = audit_records(
            acting_user=acting_user,
            action="datavalue_import",
            entity="datavalue",
            changes=_changes(rows, previous, source_name),
            reason=reason,
        )
        audit_record(
            acting_user=acting_user,
            action="datavalues_import",
            entity="datavalue",
            entity_key=source_name,
            after={
                "received": received,
                "written": len(rows),
                "changed": changed,
                "warnings": len(warnings),
                **({"strategy": strategy.value} if skipped else {}),
            },
            reason=reason,
        )
    summary = _summary(rows, previous, received=received, warnings=warnings)
    return replace(summary, ignored=summary.ignored + skipped)


def _kept(
    rows: list[_Resolved], acting_user: AbstractBaseUser | None, strategy: Strategy
) -> list[_Resolved]:
    """The rows an import of ``strategy`` writes: CREATE the new ones, UPDATE the stored."""
    stored = _existing(rows)
    wanted = strategy is Strategy.UPDATE
    return [row for row in rows if (_key_columns(row) in stored) is wanted]


def datavalues_delete(
    *,
    acting_user: AbstractBaseUser | None,
    values: Sequence[engine.DataValue],
    source_name: str,
    source_rows: Sequence[int] | None = None,
    source_problems: Sequence[dict[str, Any]] = (),
    reason: str = "",
    dry_run: bool = False,
    actions: Sequence[Action] = (),
) -> ImportSummary:
    """Delete the stored values with the key of each of ``values`` (DHIS2's importStrategy
    DELETE), each through ``datavalue_delete`` (audited), all or none; a value not stored is
    ignored. Only the key of each value is checked: the figure given with it is not."""
    if source_rows is not None and len(source_rows) != len(values):
        raise ValueError("source_rows must give one row per value")
    with locked(*_locks_of(values)):
        rows, problems = _resolve(values, source_rows)
        require_write(acting_user, [(row.org_unit, row.value.status) for row in rows], actions)
        key_fields = {"indicator", "org_unit", "period", "calendar", "category_option", "status"}
        problems = [each for each in problems if each["field"] in key_fields]
        problems = sorted([*source_problems, *problems], key=_row_of)
        if problems:
            raise ValidationError(
                f"{len(problems)} lỗi trong dữ liệu nhập, không xóa giá trị nào "
                f"/ {len(problems)} problem(s), nothing deleted",
                source=source_name,
                errors=problems,
            )
        stored = _existing(rows)
        pks = [stored[key][0] for key in {_key_columns(row) for row in rows} if key in stored]
        if not dry_run:
            for pk in sorted(pks):
                datavalue_delete(acting_user=acting_user, pk=pk, reason=reason)
    return ImportSummary(
        received=len(values),
        written=0,
        ignored=len(values) - len(pks),
        deleted=len(pks),
        dry_run=dry_run,
    )


def _incoming(rows: list[_Resolved]) -> list[Incoming]:
    return [Incoming(row.org_unit, row.period, row.value, row.row) for row in rows]


def datavalue_save(
    *,
    acting_user: AbstractBaseUser | None,
    value: engine.DataValue,
    source_name: str = "form",
    reason: str = "",
) -> DataValue:
    """Write one value (add or replace), with an audit row holding before and after."""
    with locked(*_locks_of([value])):
        rows, problems = _resolve([value])
        require_write(acting_user, [(row.org_unit, row.value.status) for row in rows])
        _require_open(rows)
        if problems:
            first = problems[0]
            raise ValidationError(str(first["reason"]), field=first["field"], value=first["value"])
        row = rows[0]
        saved = _row(row, acting_user)
        key = {column: getattr(saved, column) for column in KEY_COLUMNS}
        stored = DataValue.objects.select_for_update(of=("self",)).filter(**key)
        before = next(values_read(stored, "pk", "created_at"), None)
        if before is not None:
            saved.pk, saved.created_at = before[1]
        saved.save()
        audit_record(
            acting_user=acting_user,
            action="datavalue_save",
            entity="datavalue",
            entity_key=_key_text(row),
            before=_snapshot(before[0]) if before else None,
            after=_snapshot(row.value) | {"source_name": source_name},
            reason=reason,
        )
    return saved


def datavalue_delete(*, acting_user: AbstractBaseUser | None, pk: int, reason: str = "") -> None:
    """Delete one stored value, with an audit row holding its fields before."""
    with transaction.atomic():
        stored = DataValue.objects.select_for_update(of=("self",)).filter(pk=pk)
        found = next(values_read(stored, "org_unit_id"), None)
        if found is None:
            raise ValidationError("không có số liệu này / no such value", field="id", value=pk)
        value = found[0]
        unit = OrgUnit.objects.get(pk=found[1][0])
        require_write(acting_user, [(unit, value.status)])
        require_editable(
            [(unit, value.indicator, parse_period(value.period, Calendar(value.calendar)))]
        )
        stored.delete()
        audit_record(
            acting_user=acting_user,
            action="datavalue_delete",
            entity="datavalue",
            entity_key=_key_text_of(value),
            before=_snapshot(value),
            reason=reason,
        )


def require_write(
    acting_user: AbstractBaseUser | AnonymousUser | None,
    units: Sequence[tuple[OrgUnit, engine.Status]],
    actions: Sequence[Action] = (),
) -> None:
    """Raise ``PermissionDeniedError`` unless the user may write the figures of each unit
    (and do each of ``actions`` there), and approve those of the units whose figures it
    writes as approved (a reporter writes drafts; chuyendoiso.access)."""
    for action in (*actions, Action.WRITE):
        require_all(acting_user, action, [unit for unit, _ in units])
    approved = [unit for unit, status in units if status is engine.Status.APPROVED]
    require_all(acting_user, Action.APPROVE, approved)


def _require_open(rows: list[_Resolved]) -> None:
    """Refuse values of a submitted, approved or locked submission (chuyendoiso.collection).
    A value given again as it is stored changes nothing and passes: a file imported twice
    (the demo loaded over itself) stays idempotent."""
    try:
        require_editable([(row.org_unit, row.indicator.code, row.period) for row in rows])
    except PermissionDeniedError:
        previous = _stored_by_key([pk for pk, _ in _existing(rows).values()])
        changing = [
            row
            for row in rows
            if (stored := previous.get(_key_columns(row))) is None
            or _stated(stored) != _stated(row.value)
        ]
        require_editable([(row.org_unit, row.indicator.code, row.period) for row in changing])


def datavalues_approve_drafts(
    *, acting_user: AbstractBaseUser | None, pks: Sequence[int], reason: str = ""
) -> int:
    """The drafts ``pks`` become the approved values of their keys: each replaces the stored
    approved value (or becomes one), checked as an approved value is (parts adding up to their
    total), and the draft is removed. Audited: the approved value's fields before and after,
    the draft's before. The caller has checked the right to approve (collection.services);
    returns how many values were approved."""
    stored = DataValue.objects.filter(pk__in=pks, status=engine.Status.DRAFT.value)
    drafts = [value for value, _ in values_read(stored.order_by("pk"))]
    approved = [replace(value, status=engine.Status.APPROVED) for value in drafts]
    with locked(*_locks_of(approved)):
        rows, problems = _resolve(approved)
        if problems:
            raise ValidationError(
                f"{len(problems)} lỗi khi duyệt số liệu, không duyệt giá trị nào "
                f"/ {len(problems)} problem(s) approving the values, none approved",
                errors=problems,
            )
        previous = _write(rows, acting_user)
        stored.delete()
        removed = [(_key_text_of(value), _snapshot(value), None) for value in drafts]
        audit_records(
            acting_user=acting_user,
            action="datavalue_approve",
            entity="datavalue",
            changes=[*_changes(rows, previous, "approval"), *removed],
            reason=reason,
        )
    return len(rows)


def datavalue_check(*, value: engine.DataValue) -> list[dict[str, object]]:
    """The problems ``datavalue_save`` would refuse ``value`` for (field, reason, value)."""
    return _resolve([value])[1]


def _locks_of(values: Sequence[engine.DataValue]) -> list[tuple[str, str]]:
    """The locks a write of ``values`` holds: one per indicator, as the checks that read
    stored values (parts adding up to their total, the key) stay within an indicator."""
    return [("datavalues", code) for code in sorted({value.indicator for value in values})]


def _write(
    rows: list[_Resolved], acting_user: AbstractBaseUser | None
) -> dict[tuple[object, ...], engine.DataValue]:
    """Add the rows whose key is new; write the others over the stored ones, keeping their id
    and creation time. (A unique index on a nullable column cannot be the conflict target of
    an upsert on both databases, so the stored keys are read first.) Returns the values
    written over, as they were, by key."""
    if not rows:
        return {}
    stored = _existing(rows)
    now = timezone.now()
    new, again = [], []
    for row in rows:
        known = stored.get(_key_columns(row))
        if known is None:
            new.append(row)
        else:
            saved = _row(row, acting_user)
            saved.pk, saved.created_at = known
            saved.updated_at = now  # bulk_update leaves auto_now alone
            again.append(saved)
    previous = _stored_by_key([row.pk for row in again])
    created_by_id = _user_id(acting_user)
    added = (_inserted(row, created_by_id, now) for row in new)  # no model object per value
    bulk_insert(DataValue, INSERT_COLUMNS, added)
    DataValue.objects.bulk_update(again, UPDATE_FIELDS, batch_size=500)
    return previous


def _inserted(row: _Resolved, created_by_id: int | None, now: dt.datetime) -> list[object]:
    """The columns of a new row, in the order of INSERT_COLUMNS."""
    option = row.option.pk if row.option is not None else None
    columns = columns_of(row.value, row.period) | {
        "indicator_id": row.indicator.pk,
        "org_unit_id": row.org_unit.pk,
        "category_option_id": option,
        "created_by_id": created_by_id,
        "created_at": now,
        "updated_at": now,
    }
    return [columns[name] for name in INSERT_COLUMNS]


def _existing(rows: list[_Resolved]) -> dict[tuple[object, ...], tuple[int, dt.datetime]]:
    """The id and creation time of the stored values with the key of one of ``rows``."""
    if not rows:
        return {}
    found = DataValue.objects.filter(
        indicator_id__in={row.indicator.pk for row in rows},
        period__in={row.period.id for row in rows},
    ).values_list("pk", "created_at", *KEY_COLUMNS)
    return {tuple(key): (pk, created_at) for pk, created_at, *key in found}


def _summary(
    rows: list[_Resolved],
    previous: Mapping[tuple[object, ...], engine.DataValue],
    *,
    received: int,
    warnings: list[Violation],
    dry_run: bool = False,
) -> ImportSummary:
    imported = updated = 0
    for row in rows:
        stored = previous.get(_key_columns(row))
        if stored is None:
            imported += 1
        elif _stated(stored) != _stated(row.value):
            updated += 1
    return ImportSummary(
        received=received,
        written=0 if dry_run else len(rows),
        imported=imported,
        updated=updated,
        ignored=len(rows) - imported - updated,
        dry_run=dry_run,
        warnings=tuple(warnings),
    )


def _stored_by_key(pks: list[int]) -> dict[tuple[object, ...], engine.DataValue]:
    found: dict[tuple[object, ...], engine.DataValue] = {}
    for start in range(0, len(pks), 500):
        chunk = DataValue.objects.filter(pk__in=pks[start : start + 500])
        for value, key in values_read(chunk, *KEY_COLUMNS):
            found[key] = value
    return found


def _changes(
    rows: list[_Resolved],
    previous: Mapping[tuple[object, ...], engine.DataValue],
    source_name: str,
) -> Iterator[Change]:
    """(key, before, after) of each imported value that is new or differs from the stored one."""
    for row in rows:
        stored = previous.get(_key_columns(row))
        before = None if stored is None else _snapshot(stored)
        after = _snapshot(row.value)
        if before != after:
            yield _key_text(row), before, after | {"source_name": source_name}


@dataclass(frozen=True)
class _Resolved:
    row: int  # where the value came from, for error messages
    value: engine.DataValue
    indicator: Indicator
    org_unit: OrgUnit
    period: Period
    option: CategoryOption | None


def _resolve(
    values: Sequence[engine.DataValue], source_rows: Sequence[int] | None = None
) -> tuple[list[_Resolved], list[dict[str, object]]]:
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
    resolved: list[_Resolved] = []
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
        resolved.append(_Resolved(position, value, indicator, units[key], period, option))
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
    )
    stored: dict[tuple[object, ...], engine.DataValue] = {
        (found.indicator, found.org_unit, found.period, found.category_option): found
        for found, (indicator_id, org_unit_id) in values_read(
            candidates, "indicator_id", "org_unit_id"
        )
        if (indicator_id, org_unit_id, found.period, found.calendar) in groups
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


def _row(row: _Resolved, acting_user: AbstractBaseUser | None) -> DataValue:
    return row_of(
        row.value,
        indicator=row.indicator,
        org_unit=row.org_unit,
        category_option=row.option,
        period=row.period,
        created_by_id=_user_id(acting_user),
    )


def _user_id(acting_user: AbstractBaseUser | None) -> int | None:
    return acting_user.pk if acting_user is not None and acting_user.pk else None


def _key_columns(row: _Resolved) -> tuple[object, ...]:
    """The key of a resolved value in the order of KEY_COLUMNS."""
    option = row.option.pk if row.option is not None else None
    given = {
        "indicator": row.indicator.pk,
        "org_unit": row.org_unit.pk,
        "period": row.period.id,
        "calendar": row.period.calendar.value,
        "category_option": option,
        "status": row.value.status.value,
    }
    return tuple(given[name] for name in engine.KEY_FIELDS)


def _key_text(row: _Resolved) -> str:
    return _key_text_of(
        replace(
            row.value,
            indicator=row.indicator.code,
            org_unit=row.org_unit.code,
            period=row.period.id,
            calendar=row.period.calendar.value,
        )
    )


def value_key_text(value: engine.DataValue) -> str:
    """How the audit names a value (the key of its history)."""
    return _key_text_of(value)


def _key_text_of(value: engine.DataValue) -> str:
    """How an audit row names a value: INDICATOR/UNIT/PERIOD, then the option, and the
    calendar and status when they are not the usual ones."""
    parts = [value.indicator, value.org_unit, value.period]
    if value.category_option:
        parts.append(value.category_option)
    if value.calendar != Calendar.CALENDAR.value:
        parts.append(f"calendar={value.calendar}")
    if value.status is not engine.Status.APPROVED:
        parts.append(f"status={value.status.value}")
    return "/".join(parts)


def _snapshot(value: engine.DataValue) -> dict[str, Any]:
    """What an audit row keeps of a value: every field but its key, as text."""
    kept = [each.name for each in engine.VALUE_FIELDS if each.name not in engine.KEY_FIELDS]
    return {name: _text(getattr(value, name)) for name in kept}


def _stated(value: engine.DataValue) -> dict[str, Any]:
    """A value as stated, without the file it came from: the same figure read again from
    another file (an export) is not a change of it."""
    return {name: text for name, text in _snapshot(value).items() if name != "source"}


def _text(given: object) -> str | None:
    return None if given is None else engine.field_text(given)


def _row_of(problem: dict[str, Any]) -> int:
    row = problem.get("row", 0)
    return row if isinstance(row, int) else 0
