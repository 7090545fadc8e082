"""The one place audit rows are written; every service calls it inside its transaction."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AbstractBaseUser

from chuyendoiso.audit.models import AuditEntry


def audit_record(
    *,
    acting_user: AbstractBaseUser | None,
    action: str,
    entity: str,
    entity_key: str,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
) -> AuditEntry:
    return AuditEntry.objects.create(
        actor_id=acting_user.pk if acting_user is not None else None,
        action=action,
        entity=entity,
        entity_key=entity_key,
        before=before,
        after=after,
    )
