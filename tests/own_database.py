"""A database of a test's own, on the suite's database server, for work run in a process of
its own (the suite's database is already migrated and loaded, and its data rolled back)."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import pytest
from django.db import connection

import chuyendoiso


@pytest.fixture
def own_database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """SQLite in a file of ``tmp_path``; on PostgreSQL, a database created for the test and
    dropped after it."""
    if connection.vendor != "postgresql":
        yield f"sqlite:///{tmp_path / 'own.sqlite3'}"
        return
    import psycopg
    from psycopg import sql

    given = connection.settings_dict
    name = f"{given['NAME']}_{request.node.name}"[:63].lower()
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


def run_script(
    script: Path, database_url: str, *args: str, timeout: float = 300
) -> subprocess.CompletedProcess[str]:
    """``script`` run with the test settings on ``database_url``."""
    environment = os.environ | {
        "DATABASE_URL": database_url,
        "DJANGO_SETTINGS_MODULE": "chuyendoiso.config.settings.test",
        "PYTHONPATH": str(Path(chuyendoiso.__file__).parents[1]),
    }
    return subprocess.run(
        [sys.executable, str(script), *args],
        env=environment,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
