"""The one place audit rows are written; every service calls it inside its transaction.

Who acted is kept twice: the Django user (``actor``) when there is one, and always as
text (``actor_name``): the user's name, or, with no user (the command line), the name
given by ``audit_actor`` (``--actor``), else ``CDS_ACTOR``, else the OS user as ``os:NAME``.
"""

from __future__ import annotations

import datetime as dt
import getpass
import os
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from decimal import Decimal
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.utils import timezone

from chuyendoiso.audit.models import AuditEntry
from chuyendoiso.bulk import bulk_insert
from chuyendoiso.engine.domain.datavalues import field_text

_ACTOR: ContextVar[str | None] = ContextVar("audit_actor", default=None)
# (entity_key, before, after) of one changed record
Change = tuple[str, dict[str, Any] | None, dict[str, Any] | None]
# the records of one kind by key, each as its fields: what an import compares
Snapshot = Mapping[str, Mapping[str, Any]]
# what audit_records writes of each row, in the order of its tuples
_COLUMNS = (
    "at",
    "actor_id",
    "actor_name",
    "action",
    "entity",
    "entity_key",
    "before",
    "after",
    "reason",
)


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
    """One row per changed record, written in chunks as ``changes`` yields them (no model
    object per row); returns how many."""
    actor_id, name = _actor(acting_user)
    now = timezone.now()
    rows = (
        (now, actor_id, name, action, entity, key[:255], before, after, reason)
        for key, before, after in changes
    )
    return bulk_insert(AuditEntry, _COLUMNS, rows)


def audit_changes(
    *,
    acting_user: AbstractBaseUser | None,
    action: str,
    before: Mapping[str, Snapshot],
    after: Mapping[str, Snapshot],
    reason: str = "",
) -> int:
    """One row per record that differs between two snapshots of each kind (the entity);
    returns how many."""
    return sum(
        audit_records(
            acting_user=acting_user,
            action=action,
            entity=entity,
            changes=changes_between(before.get(entity, {}), after.get(entity, {})),
            reason=reason,
        )
        for entity in sorted(before.keys() | after.keys())
    )


def changes_between(before: Snapshot, after: Snapshot) -> list[Change]:
    """The records that differ, by key: a new one with all its fields after, a removed one
    with all its fields before, a changed one with only its changed fields before and after.
    Records that are the same give nothing."""
    changes: list[Change] = []
    for key in sorted(before.keys() | after.keys()):
        old, new = before.get(key), after.get(key)
        if old is None or new is None:
            changes.append((key, _plain(old), _plain(new)))
            continue
        fields = [name for name in {**old, **new} if old.get(name) != new.get(name)]
        if fields:
            changes.append((key, _only(old, fields), _only(new, fields)))
    return changes


def _only(record: Mapping[str, Any], fields: list[str]) -> dict[str, Any]:
    return {name: _plain(record.get(name)) for name in fields}


def _plain(value: Any) -> Any:
    """``value`` as JSON keeps it: decimals and dates as text, tuples as lists."""
    if isinstance(value, Mapping):
        return {str(key): _plain(each) for key, each in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(each) for each in value]
    if isinstance(value, Decimal | dt.date):
        return field_text(value)
    return value


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
