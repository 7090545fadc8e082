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


def test_rows_breaking_the_check_constraints_stop_the_migration_each_named(own_database_url):
    done = run_script(Path(__file__).with_name("rule_breaking_rows.py"), own_database_url)
    assert done.returncode == 0, done.stderr
    seen = json.loads(done.stdout)
    _, negative, dates, parts = seen["ids"]
    refused = seen["refused"]
    assert refused["message"].startswith("3 số liệu")
    assert "edit or delete them" in refused["message"] and "cds migrate" in refused["message"]
    where = {"indicator": "CQS_HS_TIEP_NHAN", "org_unit": "19"}
    assert refused["errors"] == [
        {"id": negative, **where, "period": "2023", "rule": "giá trị < 0 / value < 0"},
        {
            "id": dates,
            **where,
            "period": "",
            "rule": "ngày bắt đầu sau ngày kết thúc / start date after end date; "
            "thiếu kỳ / no period",
        },
        {
            "id": parts,
            **where,
            "period": "2022",
            "rule": "tử số, mẫu số: cả hai hoặc không, tử số ≥ 0, mẫu số > 0 / numerator and "
            "denominator: both or neither, numerator ≥ 0, denominator > 0",
        },
    ]
    assert "0003_check_constraints" not in seen["applied_after_refusal"]  # nothing changed
    assert "0003_check_constraints" in seen["applied_after_fix"]
    assert seen["breaking_row_stored_after"] is False
