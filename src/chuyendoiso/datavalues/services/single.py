"""Writing one value (the admin, any caller with a single figure): add or replace it, with
an audit row holding before and after."""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser

from chuyendoiso.audit.services import audit_record
from chuyendoiso.datavalues.convert import values_read
from chuyendoiso.datavalues.models import DataValue
from chuyendoiso.datavalues.services.resolve import locks_of, resolve
from chuyendoiso.datavalues.services.rights import require_open, require_write
from chuyendoiso.datavalues.services.snapshot import key_text, snapshot
from chuyendoiso.datavalues.services.store import KEY_COLUMNS, model_row
from chuyendoiso.engine.domain import datavalues as engine
from chuyendoiso.engine.domain.errors import ValidationError
from chuyendoiso.locks import locked


def datavalue_save(
    *,
    acting_user: AbstractBaseUser | None,
    value: engine.DataValue,
    source_name: str = "form",
    reason: str = "",
) -> DataValue:
    """Write one value (add or replace), with an audit row holding before and after."""
    with locked(*locks_of([value])):
        rows, problems = resolve([value])
        require_write(acting_user, [(row.org_unit, row.value.status) for row in rows])
        require_open(rows)
        if problems:
            first = problems[0]
            raise ValidationError(str(first["reason"]), field=first["field"], value=first["value"])
        row = rows[0]
        saved = model_row(row, acting_user)
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
            entity_key=key_text(row),
            before=snapshot(before[0]) if before else None,
            after=snapshot(row.value) | {"source_name": source_name},
            reason=reason,
        )
    return saved


def datavalue_check(*, value: engine.DataValue) -> list[dict[str, object]]:
    """The problems ``datavalue_save`` would refuse ``value`` for (field, reason, value)."""
    return resolve([value])[1]
