"""Run by test_lock_timeout.py in a process of its own, on a database of its own
(DATABASE_URL), with a short CDS_LOCK_TIMEOUT_SECONDS: one thread holds the lock of an
indicator's values while another imports a value of it; then the import is tried again
once the lock is free. Prints what it saw as JSON.

Usage: lock_wait.py
"""

from __future__ import annotations

import json
import threading
import time
from decimal import Decimal
from typing import Any

import django
from django.core.management import call_command

INDICATOR, UNIT, PERIOD = "CQS_HS_TIEP_NHAN", "19", "2024Q1"


def main() -> None:
    django.setup()
    from concurrent_writers import load_reference_data  # beside this script

    call_command("migrate", verbosity=0)
    load_reference_data()
    holding, release = threading.Event(), threading.Event()
    holder = threading.Thread(target=_hold, args=(holding, release))
    holder.start()
    holding.wait(timeout=60)
    seen: dict[str, Any] = {"waited": _import()}
    seen["stored_after_wait"] = _stored()
    release.set()
    holder.join(timeout=60)
    seen["again"] = _import()
    seen["stored_after_again"] = _stored()
    print(json.dumps(seen))


def _hold(holding: threading.Event, release: threading.Event) -> None:
    """Hold the lock an import of INDICATOR takes until ``release`` is set."""
    from django.db import connection

    from chuyendoiso.locks import locked

    try:
        with locked(("datavalues", INDICATOR)):
            holding.set()
            release.wait(timeout=60)
    finally:
        connection.close()


def _import() -> dict[str, Any]:
    """The outcome of importing one value of INDICATOR, and the seconds it took."""
    from chuyendoiso.datavalues.services import datavalues_import
    from chuyendoiso.engine.domain.datavalues import DataValue
    from chuyendoiso.engine.domain.errors import CdsError

    value = DataValue(indicator=INDICATOR, org_unit=UNIT, period=PERIOD, value=Decimal(7))
    start = time.monotonic()
    try:
        datavalues_import(acting_user=None, values=[value], source_name="lock-wait")
        outcome: dict[str, Any] = {"outcome": "ok"}
    except CdsError as exc:
        outcome = {"outcome": type(exc).__name__, "message": exc.message, **exc.extra}
    return outcome | {"seconds": time.monotonic() - start}


def _stored() -> dict[str, int]:
    """The values of INDICATOR and the audit rows of the import."""
    from chuyendoiso.audit.models import AuditEntry
    from chuyendoiso.datavalues.models import DataValue

    return {
        "values": DataValue.objects.filter(indicator__code=INDICATOR).count(),
        "audit": AuditEntry.objects.filter(entity_key="lock-wait").count(),
    }


if __name__ == "__main__":
    main()
