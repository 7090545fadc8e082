"""Deleting stored values: one (``datavalue_delete``), or those a payload lists (DHIS2's
importStrategy DELETE), each audited with its fields before."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction

from chuyendoiso.analytics.rollup import rollup_changed
from chuyendoiso.audit.services import audit_record
from chuyendoiso.collection.guard import require_editable
from chuyendoiso.datavalues.convert import values_read
from chuyendoiso.datavalues.models import DataValue
from chuyendoiso.datavalues.services.importing import ImportSummary
from chuyendoiso.datavalues.services.resolve import key_columns, locks_of, problem_row, resolve
from chuyendoiso.datavalues.services.rights import require_write
from chuyendoiso.datavalues.services.snapshot import snapshot, value_key_text
from chuyendoiso.datavalues.services.store import existing, written
from chuyendoiso.engine.domain import datavalues as engine
from chuyendoiso.engine.domain.access import Action
from chuyendoiso.engine.domain.errors import ValidationError
from chuyendoiso.engine.domain.periods import Calendar, parse_period
from chuyendoiso.locks import locked
from chuyendoiso.orgunits.models import OrgUnit


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
    with locked(*locks_of(values)):
        rows, problems = resolve(values, source_rows)
        require_write(acting_user, [(row.org_unit, row.value.status) for row in rows], actions)
        key_fields = {"indicator", "org_unit", "period", "calendar", "category_option", "status"}
        problems = [each for each in problems if each["field"] in key_fields]
        problems = sorted([*source_problems, *problems], key=problem_row)
        if problems:
            raise ValidationError(
                f"{len(problems)} lỗi trong dữ liệu nhập, không xóa giá trị nào "
                f"/ {len(problems)} problem(s), nothing deleted",
                source=source_name,
                errors=problems,
            )
        stored = existing(rows)
        pks = [stored[key][0] for key in {key_columns(row) for row in rows} if key in stored]
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


def datavalue_delete(*, acting_user: AbstractBaseUser | None, pk: int, reason: str = "") -> None:
    """Delete one stored value, with an audit row holding its fields before."""
    with transaction.atomic():
        stored = DataValue.objects.select_for_update(of=("self",)).filter(pk=pk)
        found = next(values_read(stored, "org_unit_id", "indicator_id"), None)
        if found is None:
            raise ValidationError("không có số liệu này / no such value", field="id", value=pk)
        value = found[0]
        unit = OrgUnit.objects.get(pk=found[1][0])
        require_write(acting_user, [(unit, value.status)])
        require_editable(
            [(unit, value.indicator, parse_period(value.period, Calendar(value.calendar)))]
        )
        stored.delete()
        rollup_changed(filter(None, [written(value, found[1][1], unit.pk)]))
        audit_record(
            acting_user=acting_user,
            action="datavalue_delete",
            entity="datavalue",
            entity_key=value_key_text(value),
            before=snapshot(value),
            reason=reason,
        )
