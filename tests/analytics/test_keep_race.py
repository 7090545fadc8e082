"""Figures kept by a page while a write changes what they count (analytics.rollup): whichever
commits first, no figure older than the write is left in the rollup. Each side is paused
inside its transaction, in threads of a process of its own on a database of its own
(keep_race.py): on PostgreSQL the other side waits for the token's row; on SQLite for the
database's write lock, or the keep gives up."""

from __future__ import annotations

import json
from pathlib import Path

from django.db import connection

from tests.own_database import own_database_url, run_script

SCRIPT = Path(__file__).with_name("keep_race.py")
__all__ = ["own_database_url"]  # the fixture


def test_no_figure_kept_from_before_a_write_is_left_whichever_commits_first(own_database_url):
    done = run_script(SCRIPT, own_database_url)
    assert done.returncode == 0, done.stderr
    seen = json.loads(done.stdout)
    first = seen["keep_first"]
    assert first["left"] == 0
    if connection.vendor == "postgresql":
        # the keep kept its figure, then the write (which waited for it) removed it
        assert first["order"] == ["keep commits", "kept True", "write done"]
    else:  # the write waiting for the lock, the keep gave up (computed again next time)
        assert first["order"] == ["keep commits", "kept False", "write done"]
    # the keep, begun with the token from before the write, kept nothing
    assert seen["write_first"] == {"kept": False, "left": 0}
