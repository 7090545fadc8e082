"""Writing resolved values to the table: new keys inserted in bulk, stored ones replaced in
place (their id and creation time kept), and the stored values read back by key."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.models import AbstractBaseUser
from django.utils import timezone

from chuyendoiso.analytics.rollup import Written, rollup_changed
from chuyendoiso.bulk import bulk_insert
from chuyendoiso.datavalues.convert import columns_of, row_of, values_read
from chuyendoiso.datavalues.models import DataValue
from chuyendoiso.datavalues.services.resolve import Resolved, key_columns
from chuyendoiso.engine.domain import datavalues as engine
from chuyendoiso.engine.domain.periods import Calendar, parse_period

# the columns of a value's key (indicator_id, ..., category_option_id, status)
_COLUMN_OF = {column.name: column.attname for column in DataValue._meta.concrete_fields}
KEY_COLUMNS = [_COLUMN_OF[name] for name in engine.KEY_FIELDS]
# what a new value's row is inserted with: every column but its id
INSERT_COLUMNS = [
    column.attname for column in DataValue._meta.concrete_fields if column.primary_key is False
]
# what writing a value again replaces: everything but its key, id and creation time
UPDATE_FIELDS = [
    column.name
    for column in DataValue._meta.concrete_fields
    if column.name not in (*engine.KEY_FIELDS, "id", "created_at")
]

Stored = dict[tuple[object, ...], engine.DataValue]  # values as they were, by key


def write(rows: list[Resolved], acting_user: AbstractBaseUser | None) -> Stored:
    """Add the rows whose key is new; write the others over the stored ones, keeping their id
    and creation time. (A unique index on a nullable column cannot be the conflict target of
    an upsert on both databases, so the stored keys are read first.) Returns the values
    written over, as they were, by key."""
    if not rows:
        return {}
    stored = existing(rows)
    now = timezone.now()
    new, again = [], []
    for row in rows:
        known = stored.get(key_columns(row))
        if known is None:
            new.append(row)
        else:
            saved = model_row(row, acting_user)
            saved.pk, saved.created_at = known
            saved.updated_at = now  # bulk_update leaves auto_now alone
            again.append(saved)
    previous = stored_by_key([row.pk for row in again])
    created_by_id = user_id(acting_user)
    added = (_inserted(row, created_by_id, now) for row in new)  # no model object per value
    bulk_insert(DataValue, INSERT_COLUMNS, added)
    DataValue.objects.bulk_update(again, UPDATE_FIELDS, batch_size=500)
    rollup_changed(
        each for row in rows if (each := written(row.value, row.indicator.pk, row.org_unit.pk))
    )
    return previous


def written(value: engine.DataValue, indicator_id: int, org_unit_id: int) -> Written | None:
    """What a written or deleted value changes in the rollup (analytics.rollup): nothing
    for a draft or a disaggregation, which no figure reads."""
    if value.status is not engine.Status.APPROVED or value.category_option:
        return None
    period = parse_period(value.period, Calendar(value.calendar))
    return Written(indicator_id, org_unit_id, period.start, period.end)


def _inserted(row: Resolved, created_by_id: int | None, now: dt.datetime) -> list[object]:
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


def existing(rows: list[Resolved]) -> dict[tuple[object, ...], tuple[int, dt.datetime]]:
    """The id and creation time of the stored values with the key of one of ``rows``."""
    if not rows:
        return {}
    found = DataValue.objects.filter(
        indicator_id__in={row.indicator.pk for row in rows},
        period__in={row.period.id for row in rows},
    ).values_list("pk", "created_at", *KEY_COLUMNS)
    return {tuple(key): (pk, created_at) for pk, created_at, *key in found}


def stored_by_key(pks: list[int]) -> Stored:
    """The stored values ``pks``, by key (in chunks: an import can replace many)."""
    found: Stored = {}
    for start in range(0, len(pks), 500):
        chunk = DataValue.objects.filter(pk__in=pks[start : start + 500])
        for value, key in values_read(chunk, *KEY_COLUMNS):
            found[key] = value
    return found


def model_row(row: Resolved, acting_user: AbstractBaseUser | None) -> DataValue:
    return row_of(
        row.value,
        indicator=row.indicator,
        org_unit=row.org_unit,
        category_option=row.option,
        period=row.period,
        created_by_id=user_id(acting_user),
    )


def user_id(acting_user: AbstractBaseUser | None) -> int | None:
    return acting_user.pk if acting_user is not None and acting_user.pk else None
