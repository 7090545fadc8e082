"""Writing one value (the admin, any caller with a single figure): add or replace it, with
an audit row holding before and after. Checked as an import is, the validation rules
included (``check.rules_check``): an error refuses the value, a warning is returned."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.models import AbstractBaseUser

from chuyendoiso.analytics.rollup import rollup_changed
from chuyendoiso.audit.services import audit_record
from chuyendoiso.datavalues.convert import values_read
from chuyendoiso.datavalues.models import DataValue
from chuyendoiso.datavalues.services.check import rules_check
from chuyendoiso.datavalues.services.resolve import locks_of, resolve
from chuyendoiso.datavalues.services.rights import require_open, require_write
from chuyendoiso.datavalues.services.snapshot import key_text, snapshot
from chuyendoiso.datavalues.services.store import KEY_COLUMNS, model_row, written
from chuyendoiso.engine.domain import datavalues as engine
from chuyendoiso.engine.domain.errors import ValidationError
from chuyendoiso.locks import locked
from chuyendoiso.validation.selectors import Violation


@dataclass(frozen=True)
class Saved:
    """The row ``datavalue_save`` wrote, and the failing rules of severity warning."""

    row: DataValue
    warnings: tuple[Violation, ...] = ()


def datavalue_save(
    *,
    acting_user: AbstractBaseUser | None,
    value: engine.DataValue,
    source_name: str = "form",
    reason: str = "",
) -> Saved:
    """Write one value (add or replace), with an audit row holding before and after;
    refused on its own problems or a failing rule of severity error."""
    with locked(*locks_of([value])):
        rows, problems = resolve([value])
        require_write(acting_user, [(row.org_unit, row.value.status) for row in rows])
        require_open(rows)
        if problems:
            first = problems[0]
            raise ValidationError(str(first["reason"]), field=first["field"], value=first["value"])
        errors, warnings = rules_check(rows)
        if errors:
            raise ValidationError(
                f"{errors[0]['reason']}: {errors[0]['values']}",
                rule=errors[0]["rule"],
                errors=errors,
            )
        row = rows[0]
        saved = model_row(row, acting_user)
        key = {column: getattr(saved, column) for column in KEY_COLUMNS}
        stored = DataValue.objects.select_for_update(of=("self",)).filter(**key)
        before = next(values_read(stored, "pk", "created_at"), None)
        if before is not None:
            saved.pk, saved.created_at = before[1]
        saved.save()
        rollup_changed(filter(None, [written(row.value, row.indicator.pk, row.org_unit.pk)]))
        audit_record(
            acting_user=acting_user,
            action="datavalue_save",
            entity="datavalue",
            entity_key=key_text(row),
            before=snapshot(before[0]) if before else None,
            after=snapshot(row.value) | {"source_name": source_name},
            reason=reason,
        )
    return Saved(saved, tuple(warnings))


def datavalue_check(*, value: engine.DataValue) -> list[dict[str, object]]:
    """The problems ``datavalue_save`` would refuse ``value`` for (field, reason, value):
    its own, else the failing rules of severity error (field ``rule``)."""
    rows, problems = resolve([value])
    if problems:
        return problems
    errors, _ = rules_check(rows)
    return [
        {"field": "rule", "reason": f"{each['rule']}: {each['reason']}", "value": each["values"]}
        for each in errors
    ]
