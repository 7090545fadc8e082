"""Who may write which values, and which values may be written at all: the access check
(chuyendoiso.access) and the workflow's read-only guard (chuyendoiso.collection.guard)."""

from __future__ import annotations

from collections.abc import Sequence

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser

from chuyendoiso.access.services import require_all
from chuyendoiso.collection.guard import require_editable
from chuyendoiso.datavalues.services.resolve import Resolved, key_columns
from chuyendoiso.datavalues.services.snapshot import stated
from chuyendoiso.datavalues.services.store import existing, stored_by_key
from chuyendoiso.engine.domain import datavalues as engine
from chuyendoiso.engine.domain.access import Action
from chuyendoiso.engine.domain.errors import PermissionDeniedError
from chuyendoiso.orgunits.models import OrgUnit


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


def require_open(rows: list[Resolved]) -> None:
    """Refuse values of a submitted, approved or locked submission (chuyendoiso.collection).
    A value given again as it is stored changes nothing and passes: a file imported twice
    (the demo loaded over itself) stays idempotent."""
    try:
        require_editable([(row.org_unit, row.indicator.code, row.period) for row in rows])
    except PermissionDeniedError:
        previous = stored_by_key([pk for pk, _ in existing(rows).values()])
        changing = [
            row
            for row in rows
            if (stored := previous.get(key_columns(row))) is None
            or stated(stored) != stated(row.value)
        ]
        require_editable([(row.org_unit, row.indicator.code, row.period) for row in changing])
