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
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator, Sequence
from contextlib import contextmanager

from django.db import connection, transaction

LockKey = Sequence[str]


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
            with connection.cursor() as cursor:
                for number in sorted({lock_id(key) for key in keys}):
                    cursor.execute("SELECT pg_advisory_xact_lock(%s)", [number])
        yield


@contextmanager
def _immediate_transaction() -> Iterator[None]:
    """An outermost SQLite transaction begun ``IMMEDIATE``, whatever the settings say."""
    connection.ensure_connection()  # the mode is read from the settings on connecting
    configured = getattr(connection, "transaction_mode", None)
    setattr(connection, "transaction_mode", "IMMEDIATE")  # noqa: B010 (not in the stubs)
    try:
        with transaction.atomic():
            setattr(connection, "transaction_mode", configured)  # noqa: B010
            yield
    finally:
        setattr(connection, "transaction_mode", configured)  # noqa: B010
