"""Two writers at once store what the same writes store one after the other.

The writers run in threads, each with its own connection, in a process of its own on a
database of its own (concurrent_writers.py): on SQLite a file, on PostgreSQL a database
created for the test. Each case runs many times, as a race shows only sometimes.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.own_database import own_database_url, run_script

SCRIPT = Path(__file__).with_name("concurrent_writers.py")
REPEATS = 8
__all__ = ["own_database_url"]  # the fixture


@pytest.fixture
def seen(own_database_url: str, tmp_path: Path) -> dict[str, Any]:
    done = run_script(SCRIPT, own_database_url, str(tmp_path), str(REPEATS))
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def test_two_writers_at_once_store_what_one_after_the_other_stores(seen):
    sources, imports = seen["sources"], seen["imports"]
    assert sources["serial"] != sources["alone"]  # the second file adds to the figures
    received = sources["serial"]["CQS_HS_TIEP_NHAN"]  # the stored parts make the values
    assert received["values"] == received["parts"] != "0"
    for attempt in sources["two_files"]:
        assert attempt["outcomes"] == ["ok", "ok"]
        assert attempt["stored"] == sources["serial"]
    for attempt in sources["one_file"] + sources["two_names"]:
        # the later run finds the file stored: before it looked (nothing to do) or while it
        # waited for the lock (an error that says so)
        assert "ok" in attempt["outcomes"], attempt
        late = [o for o in attempt["outcomes"] if o != "ok"]
        assert all("another run stored these files" in o for o in late), attempt
        assert attempt["stored"] == sources["alone"]
    for attempt in imports["total_and_part"]:
        assert sorted(o[:7] for o in attempt["outcomes"]) == ["ok", "refused"], attempt
        assert attempt["stored"] in ({"": "10"}, {"CHANNEL:ONLINE": "11"})
    for attempt in imports["two_parts"]:
        assert sorted(o[:7] for o in attempt["outcomes"]) == ["ok", "refused"], attempt
        assert attempt["stored"] in (
            {"": "10", "CHANNEL:ONLINE": "6"},
            {"": "10", "CHANNEL:DIRECT": "6"},
        )
