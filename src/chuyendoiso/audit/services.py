"""The one place audit rows are written; every service calls it inside its transaction.

Who acted is kept twice: the Django user (``actor``) when there is one, and always as
text (``actor_name``): the user's name, or, with no user (the command line), the name
given by ``audit_actor`` (``--actor``), else ``CDS_ACTOR``, else the OS user as ``os:NAME``.
"""

from __future__ import annotations

import getpass
import os
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from django.contrib.auth.models import AbstractBaseUser

from chuyendoiso.audit.models import AuditEntry

_ACTOR: ContextVar[str | None] = ContextVar("audit_actor", default=None)
# (entity_key, before, after) of one changed record
Change = tuple[str, dict[str, Any] | None, dict[str, Any] | None]


@contextmanager
def audit_actor(name: str | None) -> Iterator[None]:
    """Record ``name`` as the actor of the writes inside, when there is no Django user."""
    token = _ACTOR.set(name.strip() if name and name.strip() else None)
    try:
        yield
    finally:
        _ACTOR.reset(token)


def actor_name(acting_user: AbstractBaseUser | None) -> str:
    if acting_user is not None and acting_user.is_authenticated:
        return acting_user.get_username()
    return _ACTOR.get() or os.environ.get("CDS_ACTOR", "").strip() or _os_user()


def _os_user() -> str:
    try:
        return f"os:{getpass.getuser()}"
    except (OSError, KeyError):  # no login name and no passwd entry (some containers)
        return f"os:uid-{os.getuid()}" if hasattr(os, "getuid") else "os:?"


def audit_record(
    *,
    acting_user: AbstractBaseUser | None,
    action: str,
    entity: str,
    entity_key: str,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    reason: str = "",
) -> AuditEntry:
    actor_id, name = _actor(acting_user)
    entry = _entry(actor_id, name, action, entity, (entity_key, before, after), reason)
    entry.save()
    return entry


def audit_records(
    *,
    acting_user: AbstractBaseUser | None,
    action: str,
    entity: str,
    changes: Iterable[Change],
    reason: str = "",
) -> int:
    """One row per changed record, written in batches; returns how many."""
    actor_id, name = _actor(acting_user)
    rows = [_entry(actor_id, name, action, entity, change, reason) for change in changes]
    AuditEntry.objects.bulk_create(rows, batch_size=1000)
    return len(rows)


def _user_id(acting_user: AbstractBaseUser | None) -> Any:
    return acting_user.pk if acting_user is not None and acting_user.is_authenticated else None


def _actor(acting_user: AbstractBaseUser | None) -> tuple[Any, str]:
    return _user_id(acting_user), actor_name(acting_user)[:150]


def _entry(
    actor_id: Any, name: str, action: str, entity: str, change: Change, reason: str
) -> AuditEntry:
    key, before, after = change
    return AuditEntry(
        actor_id=actor_id,
        actor_name=name,
        action=action,
        entity=entity,
        entity_key=key[:255],
        before=before,
        after=after,
        reason=reason,
    )
