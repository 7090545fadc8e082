"""Run by test_keep_race.py in a process of its own, on a database of its own (DATABASE_URL):
a page keeping figures in the rollup while a write of a value they count commits, in both
orders, each side paused inside its transaction at the moment that matters. Prints what it
saw as JSON.

- ``keep_first``: the keep has checked the token (its transaction open) when the write
  begins; the write ends after the keep has committed (PostgreSQL: it waits for the token's
  row) and removes the figure just kept.
- ``write_first``: the write has changed the token (its transaction open) when the keep
  begins with the token it read before; the keep keeps nothing.

Usage: keep_race.py
"""

from __future__ import annotations

import json
import sys
import threading
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

import django
from django.core.management import call_command

INDICATOR, UNIT, PERIOD, HALF = "CQS_HS_TIEP_NHAN", "05440", "202403", "2024S1"
WAIT = 30  # seconds a side waits for the other at most (a hang ends the script)


def main() -> None:
    django.setup()
    sys.path.insert(0, str(Path(__file__).parents[1] / "security"))
    from concurrent_writers import load_reference_data

    call_command("migrate", verbosity=0)
    load_reference_data()
    seen = {"keep_first": _keep_first(), "write_first": _write_first()}
    print(json.dumps(seen))


def _keep_first() -> dict[str, Any]:
    from chuyendoiso.analytics import rollup

    token = rollup.rollup_token()
    order: list[str] = []
    checked, go_on = threading.Event(), threading.Event()
    held = rollup._held_token

    def pausing() -> str:
        found = held()
        checked.set()
        go_on.wait(WAIT)
        order.append("keep commits")
        return found

    rollup._held_token = pausing  # type: ignore[assignment]
    try:
        keeper = _thread(lambda: order.append(f"kept {rollup.rollup_keep(token, [_kept()])}"))
        checked.wait(WAIT)
        rollup._held_token = held  # type: ignore[assignment]
        writer = _thread(lambda: (_write(7), order.append("write done")))
        writer.join(1)  # PostgreSQL: the write waits for the keep's transaction
        go_on.set()
        keeper.join(WAIT)
        writer.join(WAIT)
    finally:
        rollup._held_token = held  # type: ignore[assignment]
    return {"order": order, "left": _left()}


def _write_first() -> dict[str, Any]:
    from chuyendoiso.analytics import rollup

    token = rollup.rollup_token()
    changed, go_on = threading.Event(), threading.Event()
    new_token = rollup._new_token
    outcome: dict[str, Any] = {}

    def pausing() -> None:
        new_token()
        changed.set()
        go_on.wait(WAIT)

    rollup._new_token = pausing  # type: ignore[assignment]
    try:
        writer = _thread(lambda: _write(8))
        changed.wait(WAIT)
        keeper = _thread(lambda: outcome.update(kept=rollup.rollup_keep(token, [_kept()])))
        keeper.join(1)  # PostgreSQL: the keep waits for the write's transaction
        go_on.set()
        writer.join(WAIT)
        keeper.join(WAIT)
    finally:
        rollup._new_token = new_token  # type: ignore[assignment]
    return outcome | {"left": _left()}


def _thread(work: Callable[[], object]) -> threading.Thread:
    def run() -> None:
        from django.db import connection

        try:
            work()
        finally:
            connection.close()

    thread = threading.Thread(target=run)
    thread.start()
    return thread


def _kept() -> Any:
    """The province's figure of INDICATOR for the half-year holding PERIOD (its content does
    not matter here: only whether it is left in the table)."""
    from chuyendoiso.analytics.rollup import Kept
    from chuyendoiso.catalog.models import Indicator
    from chuyendoiso.engine.domain.periods import parse_period
    from chuyendoiso.orgunits.models import OrgUnit

    half = parse_period(HALF)
    return Kept(
        indicator_id=Indicator.objects.get(code=INDICATOR).pk,
        org_unit_id=OrgUnit.objects.get(code="19", structure="").pk,
        period=half.id,
        calendar=half.calendar.value,
        start=half.start,
        end=half.end,
        figure=None,
    )


def _write(value: int) -> None:
    from chuyendoiso.datavalues.services import datavalues_import
    from chuyendoiso.engine.domain.datavalues import DataValue

    written = DataValue(indicator=INDICATOR, org_unit=UNIT, period=PERIOD, value=Decimal(value))
    datavalues_import(acting_user=None, values=[written], source_name="keep-race")


def _left() -> int:
    """The figures of INDICATOR left in the rollup."""
    from chuyendoiso.analytics.models import RollupFigure

    return RollupFigure.objects.filter(indicator__code=INDICATOR).count()


if __name__ == "__main__":
    main()
