"""The migration that turned a value's category option from a text code into a foreign key,
run in a process of its own on a database of its own (the suite's is already migrated)."""

import json
import os
import subprocess
import sys
from pathlib import Path
from urllib.parse import quote

import pytest
from django.db import connection

import chuyendoiso

SCRIPT = Path(__file__).with_name("old_codes.py")


@pytest.fixture
def database_url(tmp_path):
    if connection.vendor != "postgresql":
        yield f"sqlite:///{tmp_path / 'old_codes.sqlite3'}"
        return
    import psycopg
    from psycopg import sql

    given = connection.settings_dict
    name = f"{given['NAME']}_old_codes"
    server = (
        f"postgres://{quote(given['USER'])}:{quote(given['PASSWORD'] or '')}"
        f"@{given['HOST'] or 'localhost'}:{given['PORT'] or 5432}"
    )
    drop = sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(name))
    with psycopg.connect(f"{server}/postgres", autocommit=True) as admin:
        admin.execute(drop)
        admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    yield f"{server}/{name}"
    with psycopg.connect(f"{server}/postgres", autocommit=True) as admin:
        admin.execute(drop)


def test_stored_codes_become_options_and_an_unknown_one_stops_the_migration(database_url):
    environment = os.environ | {
        "DATABASE_URL": database_url,
        "DJANGO_SETTINGS_MODULE": "chuyendoiso.config.settings.test",
        "PYTHONPATH": str(Path(chuyendoiso.__file__).parents[1]),
    }
    done = subprocess.run(
        [sys.executable, str(SCRIPT)], env=environment, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    seen = json.loads(done.stdout)
    assert seen["refused"]["field"] == "category_option"
    assert seen["refused"]["unknown"] == "CHANNEL:FAX (1 values)"
    assert "cds catalog import" in seen["refused"]["message"]
    assert seen["codes_after_refusal"] == ["", "CHANNEL:ONLINE", "CHANNEL:FAX"]
    ids = seen["option_ids"]
    assert seen["options"] == [None, ids["ONLINE"], ids["FAX"]]
    assert seen["codes_back"] == ["", "CHANNEL:ONLINE", "CHANNEL:FAX"]
