"""A write that cannot have its lock within CDS_LOCK_TIMEOUT_SECONDS ends with a clear error
naming what was locked, and writes nothing; tried again once the lock is free, it is written.

The lock is held by one thread while another imports, in a process of its own on a database
of its own (lock_wait.py): on SQLite a file, on PostgreSQL a database created for the test."""

from __future__ import annotations

import json
from pathlib import Path

from django.db import connection
from django.http import HttpResponse

from tests.own_database import own_database_url, run_script

SCRIPT = Path(__file__).with_name("lock_wait.py")
TIMEOUT = 1
__all__ = ["own_database_url"]  # the fixture


def test_a_lock_held_too_long_ends_the_write_with_a_clear_error(own_database_url, monkeypatch):
    monkeypatch.setenv("CDS_LOCK_TIMEOUT_SECONDS", str(TIMEOUT))
    done = run_script(SCRIPT, own_database_url)
    assert done.returncode == 0, done.stderr
    seen = json.loads(done.stdout)
    waited = seen["waited"]
    assert waited["outcome"] == "LockTimeoutError", waited
    assert TIMEOUT <= waited["seconds"] < TIMEOUT + 3  # it waited, then gave up
    assert waited["message"].startswith("Dữ liệu đang được ghi bởi một thao tác khác")
    assert "another write holds the lock" in waited["message"]
    assert waited["message"].endswith("try again")
    locked = "datavalues/CQS_HS_TIEP_NHAN" if connection.vendor == "postgresql" else "database"
    assert locked in waited["locked"] and locked in waited["message"]
    assert waited["waited_seconds"] == TIMEOUT
    assert seen["stored_after_wait"] == {"values": 0, "audit": 0}
    assert seen["again"]["outcome"] == "ok", seen["again"]
    assert seen["stored_after_again"] == {"values": 1, "audit": 1}


def test_a_lock_timeout_is_a_clear_503_on_the_web_and_a_clear_error_on_the_command_line(rf):
    from django.db import OperationalError

    from chuyendoiso.cli_setup import database_error_message
    from chuyendoiso.locks import lock_timeout_error
    from chuyendoiso.web.middleware import LockTimeoutMiddleware

    middleware = LockTimeoutMiddleware(lambda request: HttpResponse())
    request = rf.post("/admin/datavalues/datavalue/1/change/")
    refused = middleware.process_exception(request, lock_timeout_error("datavalues/X"))
    assert refused is not None and refused.status_code == 503
    assert refused["Retry-After"] and "datavalues/X" in refused.content.decode()
    busy = OperationalError("database is locked")  # SQLite, a write outside chuyendoiso.locks
    answer = middleware.process_exception(request, busy)
    assert answer is not None and "try again" in answer.content.decode()
    assert "try again" in database_error_message(busy)
    assert middleware.process_exception(request, OperationalError("no such table")) is None
