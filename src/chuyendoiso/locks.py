"""Writes that depend on stored state, serialised: one transaction under a lock.

A write that reads what is stored (the parts a computation adds to, the totals an import
checks its parts against) must read it under the lock it writes under, or two writers at
once each read the state before the other's write and one of the writes is lost.

``locked(*keys)`` opens a transaction that holds the lock of every key until it ends:

- PostgreSQL: a transaction-level advisory lock per key (``pg_advisory_xact_lock``), taken
  in one fixed order so that two writers never wait on each other; writers of other keys
  run at the same time.
- SQLite: the database has one writer at a time; the transaction begins ``IMMEDIATE``,
  taking the write lock before its first read (a deferred transaction would read, then fail
  to upgrade to writing while another writes). Inside a transaction that is already open
  the lock is the one it began with (the settings begin every SQLite transaction
  ``IMMEDIATE``).

A lock is waited for at most ``CDS_LOCK_TIMEOUT_SECONDS``; then the write ends with
``LockTimeoutError``, naming what was locked, and nothing written. PostgreSQL:
``lock_timeout``, which bounds the wait for an advisory lock as for any other, set for the
locking statements only; SQLite: the busy timeout of ``BEGIN IMMEDIATE``.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator, Sequence
from contextlib import contextmanager

from django.conf import settings
from django.db import OperationalError, connection, transaction

from chuyendoiso.engine.domain.errors import CdsError

LockKey = Sequence[str]
WHOLE_DATABASE = "cơ sở dữ liệu / the database"  # what SQLite locks
LOCK_NOT_AVAILABLE = "55P03"  # PostgreSQL's SQLSTATE of a lock wait past lock_timeout


class LockTimeoutError(CdsError):
    """A write that waited ``CDS_LOCK_TIMEOUT_SECONDS`` for another one's lock: nothing written."""


def lock_timeout_error(locked: str) -> LockTimeoutError:
    seconds = settings.CDS_LOCK_TIMEOUT_SECONDS
    return LockTimeoutError(
        f"Dữ liệu đang được ghi bởi một thao tác khác ({locked}); đã chờ {seconds} giây, "
        f"không ghi gì, hãy thử lại / another write holds the lock of {locked}; waited "
        f"{seconds} s, nothing written: try again",
        locked=locked,
        waited_seconds=seconds,
    )


def is_lock_timeout(exc: BaseException) -> bool:
    """``exc`` is the database's refusal of a lock waited for too long."""
    if getattr(exc.__cause__, "sqlstate", None) == LOCK_NOT_AVAILABLE:
        return True
    return isinstance(exc, OperationalError) and "is locked" in str(exc)  # SQLite


def lock_id(key: LockKey) -> int:
    """The signed 64-bit advisory lock number of ``key`` (stable across processes)."""
    digest = hashlib.blake2b("\x1f".join(key).encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big", signed=True)


@contextmanager
def locked(*keys: LockKey) -> Iterator[None]:
    """A transaction holding the lock of each of ``keys`` from its start to its end."""
    if connection.vendor == "sqlite" and not connection.in_atomic_block:
        with _immediate_transaction():
            yield
        return
    with transaction.atomic():
        if connection.vendor == "postgresql" and keys:
            _advisory_locks(keys)
        yield


def _advisory_locks(keys: Sequence[LockKey]) -> None:
    """Take the advisory lock of each key, in the order of their numbers, each waited for
    at most CDS_LOCK_TIMEOUT_SECONDS; the transaction's own lock_timeout is kept for the
    rest of it."""
    names = {lock_id(key): "/".join(key) for key in keys}
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_setting('lock_timeout')")
        (before,) = cursor.fetchone()
        limit = f"{settings.CDS_LOCK_TIMEOUT_SECONDS}s"
        cursor.execute("SELECT set_config('lock_timeout', %s, true)", [limit])
        for number in sorted(names):
            try:
                cursor.execute("SELECT pg_advisory_xact_lock(%s)", [number])
            except OperationalError as exc:
                if is_lock_timeout(exc):
                    raise lock_timeout_error(names[number]) from exc
                raise
        cursor.execute("SELECT set_config('lock_timeout', %s, true)", [before])


@contextmanager
def _immediate_transaction() -> Iterator[None]:
    """An outermost SQLite transaction begun ``IMMEDIATE``, whatever the settings say."""
    connection.ensure_connection()  # the mode is read from the settings on connecting
    with connection.cursor() as cursor:  # how long BEGIN IMMEDIATE waits for the lock
        cursor.execute(f"PRAGMA busy_timeout = {settings.CDS_LOCK_TIMEOUT_SECONDS * 1000}")
    configured = getattr(connection, "transaction_mode", None)
    setattr(connection, "transaction_mode", "IMMEDIATE")  # noqa: B010 (not in the stubs)
    try:
        with transaction.atomic():
            setattr(connection, "transaction_mode", configured)  # noqa: B010
            yield
    except OperationalError as exc:  # BEGIN IMMEDIATE, or a COMMIT waiting for readers
        if is_lock_timeout(exc):
            raise lock_timeout_error(WHOLE_DATABASE) from exc
        raise
    finally:
        setattr(connection, "transaction_mode", configured)  # noqa: B010
