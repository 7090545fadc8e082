"""Backups of the whole database, taken while the server runs, and their restoration.

SQLite: the online backup API (``sqlite3.Connection.backup``) copies a consistent state of
the file page by page while other connections go on reading and writing. PostgreSQL:
``pg_dump -Fc`` (one snapshot) and ``pg_restore``, found on PATH. A backup is written to a
temporary file beside the target and renamed, so a failed backup never leaves half a file.

Restoring replaces the database as a whole; it refuses one that holds data (a row in any
table that ``cds migrate`` alone does not fill) unless forced.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from django.db import connections

from chuyendoiso.engine.domain.errors import CdsError, ValidationError

SQLITE_HEADER = b"SQLite format 3\x00"
PG_DUMP_HEADER = b"PGDMP"
# rows a migrated database has before any data: Django's, and the rollup's token (its first
# state, set by analytics 0002)
FILLED_BY_MIGRATE = {
    "django_migrations",
    "django_content_type",
    "auth_permission",
    "analytics_rollupgeneration",
}


class BackupError(CdsError):
    """A backup or a restoration that could not be done: the reason and the file."""


def database_backup(target: Path, *, alias: str = "default") -> None:
    """Write a consistent copy of the database to ``target`` (replaced if it exists)."""
    settings_dict = connections[alias].settings_dict
    with _replacing(target) as partial:
        if connections[alias].vendor == "sqlite":
            sqlite_backup(settings_dict["NAME"], partial)
        else:
            _run(_tool("pg_dump"), "-Fc", "--no-owner", "-f", str(partial), db=settings_dict)


def database_restore(source: Path, *, force: bool = False, alias: str = "default") -> None:
    """Replace the database by the backup ``source``; refuses a database that holds data
    unless ``force``."""
    connection = connections[alias]
    expected = SQLITE_HEADER if connection.vendor == "sqlite" else PG_DUMP_HEADER
    with source.open("rb") as file:
        if file.read(len(expected)) != expected:
            kind = "SQLite" if connection.vendor == "sqlite" else "pg_dump -Fc"
            raise ValidationError(
                f"{source} không phải bản sao lưu {kind} / is not a {kind} backup",
                file=str(source),
            )
    if not force:
        _refuse_data(alias)
    connection.close()
    restore_into(source, vendor=connection.vendor, db=connection.settings_dict)


def restore_into(source: Path, *, vendor: str, db: dict[str, Any]) -> None:
    """Copy the backup ``source`` into the database ``db`` (Django's settings of it)."""
    if vendor == "sqlite":
        sqlite_restore(source, db["NAME"])
    else:
        restore = [_tool("pg_restore"), "--clean", "--if-exists", "--no-owner", "--no-privileges"]
        _run(*restore, "--single-transaction", "--exit-on-error", str(source), db=db)


def sqlite_backup(name: str, target: Path) -> None:
    source = sqlite3.connect(name, uri=name.startswith("file:"))
    try:
        with sqlite3.connect(target) as copy:
            # every page in one step, under one read lock: a copy in several steps starts
            # again whenever another connection writes between them, and may never end while
            # the server writes; writers wait for this step (the lock timeout, chuyendoiso.locks)
            source.backup(copy, pages=-1)
        copy.close()
    finally:
        source.close()


def sqlite_restore(source: Path, name: str) -> None:
    if not name.startswith("file:"):
        Path(name).parent.mkdir(parents=True, exist_ok=True)
    backup = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
    try:
        with sqlite3.connect(name, uri=name.startswith("file:")) as database:
            backup.backup(database)
        database.close()
    finally:
        backup.close()


def tables_with_data(alias: str = "default") -> list[str]:
    connection = connections[alias]
    found = []
    with connection.cursor() as cursor:
        for table in sorted(set(connection.introspection.table_names(cursor)) - FILLED_BY_MIGRATE):
            cursor.execute(f"SELECT 1 FROM {connection.ops.quote_name(table)} LIMIT 1")
            if cursor.fetchone() is not None:
                found.append(table)
    return found


def _refuse_data(alias: str) -> None:
    if connections[alias].vendor == "sqlite":
        name = connections[alias].settings_dict["NAME"]
        if not str(name).startswith("file:") and not Path(name).is_file():
            return  # nothing there yet: opening it would create an empty file
    tables = tables_with_data(alias)
    if tables:
        raise ValidationError(
            "cơ sở dữ liệu đã có dữ liệu, không khôi phục đè (cds restore --force thay thế "
            "toàn bộ) / the database holds data, nothing restored (cds restore --force "
            "replaces it all)",
            field="database",
            tables=", ".join(tables[:5]) + (", …" if len(tables) > 5 else ""),
        )


@contextmanager
def _replacing(target: Path) -> Iterator[Path]:
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, name = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent)
    os.close(handle)
    partial = Path(name)
    partial.unlink()  # the tools create it themselves
    try:
        yield partial
        partial.replace(target)
    finally:
        partial.unlink(missing_ok=True)


def _tool(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        raise BackupError(
            f"không tìm thấy {name} trên PATH: cài công cụ khách của PostgreSQL (Debian: "
            f"postgresql-client) / {name} is not on PATH: install the PostgreSQL client tools "
            "(Debian: postgresql-client)",
            tool=name,
        )
    return found


def _run(*command: str, db: dict[str, Any]) -> None:
    """Run a PostgreSQL tool on the database of ``db`` (Django's settings of it)."""
    environment = dict(os.environ)
    for variable, key in [
        ("PGHOST", "HOST"),
        ("PGPORT", "PORT"),
        ("PGUSER", "USER"),
        ("PGPASSWORD", "PASSWORD"),
    ]:
        if db.get(key):
            environment[variable] = str(db[key])
    done = subprocess.run(
        [*command, "--dbname", str(db["NAME"])],
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        raise BackupError(
            f"{Path(command[0]).name} thất bại / failed: {done.stderr.strip()[-2000:]}",
            exit_status=done.returncode,
        )
