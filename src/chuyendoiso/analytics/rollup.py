"""The rollup table: the figures the analytics computed, by indicator, org unit and period,
and the token that changes with every write it follows (docs/decisions/0024-rollups.md),
which is also the version of what the pages of figures show (analytics.kept).

Writes: ``rollup_changed`` is called by every write of values (datavalues.services: entry,
imports, approvals, deletions) inside its transaction, with what each value covers; it
changes the token, then removes the figures that value can change: those of its indicator,
for its unit and every unit above it, for every period that holds the value's period.
``rollup_reset`` removes them all (the catalogue or the org units changed, or a rebuild);
``rollup_touched`` only changes the token (a submission's state changed, drafts rejected).
So a reader never finds a figure kept from before a write that changes it.

Reads: ``rollup_read`` the kept figures of some keys; ``rollup_keep`` keeps new ones,
only if the token is still the one they were computed under, checked and written in one
transaction that holds the token's row (a write that changes it waits, or is waited for).
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections import defaultdict
from collections.abc import Collection, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from django.db import DatabaseError, connection, transaction

from chuyendoiso.analytics.models import RollupFigure, RollupGeneration
from chuyendoiso.engine.analytics import Record
from chuyendoiso.orgunits.models import OrgUnit

KEEP_WAIT_MS = 200  # SQLite: how long keeping figures waits for a write before it gives up


@dataclass(frozen=True)
class Written:
    """What a written (or deleted) value covers."""

    indicator_id: int
    org_unit_id: int
    start: dt.date
    end: dt.date


@dataclass(frozen=True)
class Kept:
    """A figure as the table keeps it: ``figure`` None when the engine found none."""

    indicator_id: int
    org_unit_id: int
    period: str
    calendar: str
    start: dt.date
    end: dt.date
    figure: Record | None


def rollup_token() -> str:
    """The token of the figures now kept (it changes with every write the rollup follows).
    Read by every page of figures: one plain query."""
    return _token("")


def rollup_changed(written: Iterable[Written]) -> None:
    """In the transaction of a write of values: the token changes (a draft too changes what
    a page shows: analytics.kept), the figures it changes go."""
    _new_token()
    values = list(written)
    if not values:
        return
    above = _with_units_above({value.org_unit_id for value in values})
    by_dates: dict[tuple[dt.date, dt.date], tuple[set[int], set[int]]] = defaultdict(
        lambda: (set(), set())
    )
    for value in values:
        indicators, units = by_dates[(value.start, value.end)]
        indicators.add(value.indicator_id)
        units |= above[value.org_unit_id]
    for (start, end), (indicators, units) in by_dates.items():
        RollupFigure.objects.filter(
            indicator_id__in=indicators,
            org_unit_id__in=units,
            start_date__lte=start,
            end_date__gte=end,
        ).delete()


def rollup_touched() -> None:
    """In the transaction of a write that changes what a page shows but no figure (a
    submission's state, drafts rejected): the token changes."""
    _new_token()


def rollup_reset() -> None:
    """In the transaction of a write of the catalogue or the org units (or a rebuild): the
    token changes and every kept figure goes."""
    _new_token()
    RollupFigure.objects.all().delete()


def rollup_read(
    indicator_ids: Collection[int], unit_ids: Collection[int], periods: Collection[str]
) -> Iterator[Kept]:
    """The kept figures of those indicators, units and period identifiers (any calendar)."""
    rows = RollupFigure.objects.filter(
        indicator_id__in=indicator_ids, org_unit_id__in=unit_ids, period__in=periods
    ).values_list(
        "indicator_id", "org_unit_id", "period", "calendar", "start_date", "end_date", "figure"
    )
    for row in rows:
        yield Kept(*row)


def rollup_keep(token: str, figures: list[Kept]) -> bool:
    """Keep ``figures``, computed under ``token``, unless a write changed it since (then
    nothing is kept: they may be out of date). A figure another reader kept meanwhile is
    left as it is (the same figure). Gives up, keeping nothing, when SQLite's write lock is
    held longer than KEEP_WAIT_MS: the figures are computed again next time."""
    if not figures:
        return True
    try:
        with _short_wait(), transaction.atomic():
            if _held_token() != token:
                return False
            RollupFigure.objects.bulk_create(
                [
                    RollupFigure(
                        indicator_id=each.indicator_id,
                        org_unit_id=each.org_unit_id,
                        period=each.period,
                        calendar=each.calendar,
                        start_date=each.start,
                        end_date=each.end,
                        figure=each.figure,
                    )
                    for each in figures
                ],
                batch_size=1000,
                ignore_conflicts=True,
            )
    except DatabaseError:
        if connection.vendor != "sqlite" or connection.in_atomic_block:
            raise
        return False
    return True


def _new_token() -> None:
    token = uuid.uuid4().hex
    if not RollupGeneration.objects.update(token=token):
        RollupGeneration.objects.create(token=token)


def _held_token() -> str:
    """The token, its row held until the transaction ends (PostgreSQL: FOR SHARE, so that
    a write that changes it waits; SQLite: the transaction holds the write lock already)."""
    return _token(" FOR SHARE" if connection.vendor == "postgresql" else "")


def _token(lock: str) -> str:
    table = connection.ops.quote_name(RollupGeneration._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT token FROM {table}{lock}")
        row = cursor.fetchone()
    return str(row[0]) if row else ""


@contextmanager
def _short_wait() -> Iterator[None]:
    """SQLite: wait KEEP_WAIT_MS at most for the write lock (not the writers' timeout)."""
    if connection.vendor != "sqlite" or connection.in_atomic_block:
        yield
        return
    connection.ensure_connection()
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA busy_timeout")
        before = cursor.fetchone()[0]
        cursor.execute(f"PRAGMA busy_timeout = {KEEP_WAIT_MS}")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"PRAGMA busy_timeout = {int(before)}")


def _with_units_above(unit_ids: set[int]) -> dict[int, set[int]]:
    """Each unit with the units above it (its parent, the parent's parent...)."""
    parents: dict[int, int | None] = {}
    asked = set(unit_ids)
    while asked:
        found = dict(OrgUnit.objects.filter(pk__in=asked).values_list("pk", "parent_id"))
        parents |= found
        asked = {parent for parent in found.values() if parent and parent not in parents}
    chains = {}
    for unit in unit_ids:
        chain: set[int] = set()
        current: int | None = unit
        while current is not None and current not in chain:
            chain.add(current)
            current = parents.get(current)
        chains[unit] = chain
    return chains
