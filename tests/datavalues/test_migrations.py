"""The migration that turned a value's category option from a text code into a foreign key,
run in a process of its own on a database of its own (the suite's is already migrated)."""

import json
from pathlib import Path

from tests.own_database import own_database_url, run_script

SCRIPT = Path(__file__).with_name("old_codes.py")
__all__ = ["own_database_url"]  # the fixture


def test_stored_codes_become_options_and_an_unknown_one_stops_the_migration(own_database_url):
    done = run_script(SCRIPT, own_database_url)
    assert done.returncode == 0, done.stderr
    seen = json.loads(done.stdout)
    assert seen["refused"]["field"] == "category_option"
    assert seen["refused"]["unknown"] == "CHANNEL:FAX (1 values)"
    assert "cds catalog import" in seen["refused"]["message"]
    assert seen["codes_after_refusal"] == ["", "CHANNEL:ONLINE", "CHANNEL:FAX"]
    ids = seen["option_ids"]
    assert seen["options"] == [None, ids["ONLINE"], ids["FAX"]]
    assert seen["codes_back"] == ["", "CHANNEL:ONLINE", "CHANNEL:FAX"]
