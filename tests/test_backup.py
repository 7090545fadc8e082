"""`cds backup` and `cds restore`: a backup of the demo database, restored into a fresh
database, holds every value and every audit row; restore refuses what it must."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

import psycopg
import pytest
from django.db import connection

from chuyendoiso import backup
from chuyendoiso.audit.models import AuditEntry
from chuyendoiso.datavalues.models import DataValue
from chuyendoiso.engine.domain.errors import ValidationError
from tests.test_cli_database import CATALOG, run_session

VALUE_COLUMNS = "id, indicator_id, org_unit_id, period, category_option_id, value, qualifier"
AUDIT_COLUMNS = "id, action, entity, entity_key"


def stored(table: str, columns: str) -> list[tuple[Any, ...]]:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {columns} FROM {table} ORDER BY id")
        return [tuple(str(cell) for cell in row) for row in cursor.fetchall()]


@pytest.fixture
def fresh_database(tmp_path) -> Any:
    """The settings of a new, empty database of the same kind as the test database."""
    db = dict(connection.settings_dict)
    if connection.vendor == "sqlite":
        db["NAME"] = str(tmp_path / "restored.sqlite3")
        yield db
        return
    db["NAME"] = f"{connection.settings_dict['NAME']}_restored"
    server = {k.lower(): db[k] for k in ("HOST", "PORT", "USER") if db.get(k)}
    with psycopg.connect(dbname="postgres", autocommit=True, **server) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{db["NAME"]}"')
        admin.execute(f'CREATE DATABASE "{db["NAME"]}"')
    yield db
    with psycopg.connect(dbname="postgres", autocommit=True, **server) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{db["NAME"]}" WITH (FORCE)')


def read_restored(db: dict[str, Any], table: str, columns: str) -> list[tuple[Any, ...]]:
    query = f"SELECT {columns} FROM {table} ORDER BY id"
    if connection.vendor == "sqlite":
        with sqlite3.connect(db["NAME"]) as restored:
            rows = restored.execute(query).fetchall()
        restored.close()
    else:
        server = {k.lower(): db[k] for k in ("HOST", "PORT", "USER") if db.get(k)}
        with psycopg.connect(dbname=db["NAME"], **server) as restored:
            rows = restored.execute(query).fetchall()
    return [tuple(str(cell) for cell in row) for row in rows]


@pytest.mark.django_db
def test_a_restored_backup_holds_every_value_and_audit_row(tmp_path, fresh_database):
    file = tmp_path / "cds.backup"
    backup.database_backup(file)
    backup.restore_into(file, vendor=connection.vendor, db=fresh_database)
    values = stored("datavalues_datavalue", VALUE_COLUMNS)
    audit = stored("audit_auditentry", AUDIT_COLUMNS)
    assert len(values) == DataValue.objects.count() > 16_000
    assert len(audit) == AuditEntry.objects.count() > 0
    assert read_restored(fresh_database, "datavalues_datavalue", VALUE_COLUMNS) == values
    assert read_restored(fresh_database, "audit_auditentry", AUDIT_COLUMNS) == audit


@pytest.mark.django_db
def test_restore_refuses_a_database_that_holds_data(tmp_path):
    file = tmp_path / "cds.backup"
    backup.database_backup(file)
    DataValue.objects.filter(pk=DataValue.objects.order_by("pk").first().pk).update(value=7)
    with pytest.raises(ValidationError) as refused:
        backup.database_restore(file)
    # the demo's users by role hold memberships
    assert refused.value.extra["tables"].startswith(
        "access_membership, audit_auditentry, auth_user"
    )
    assert DataValue.objects.filter(value=7).exists()  # nothing was replaced


@pytest.mark.django_db
def test_restore_refuses_a_file_that_is_not_a_backup(tmp_path):
    file = tmp_path / "notes.txt"
    file.write_text("không phải bản sao lưu", encoding="utf-8")
    with pytest.raises(ValidationError) as refused:
        backup.database_restore(file, force=True)
    assert refused.value.extra["file"] == str(file)


@pytest.mark.parametrize("tool", ["pg_dump", "pg_restore"])
def test_a_missing_postgresql_tool_is_named(monkeypatch, tool):
    monkeypatch.setenv("PATH", "")
    with pytest.raises(backup.BackupError) as missing:
        backup._tool(tool)
    assert tool in str(missing.value) and "PATH" in str(missing.value)


def test_backup_and_restore_from_the_command_line(tmp_path: Path):
    """On SQLite files, as an operator would: back up one installation, restore another."""
    file = tmp_path / "cds.sqlite3.backup"
    first, second = tmp_path / "first", tmp_path / "second"
    first.mkdir(), second.mkdir()
    _, loaded, saved = run_session(
        first, [["migrate"], ["catalog", "import", str(CATALOG)], ["backup", str(file)]]
    )
    assert loaded["exit_code"] == 0 and saved["exit_code"] == 0, saved["output"]
    export = ["catalog", "export", str(second / "catalog.yaml")]
    restore = ["restore", str(file)]
    # the second installation is migrated first, as an operator sets one up: what migrating
    # writes (the rollup's first token) is not data that stops a restore
    migrated, restored, exported, again, forced = run_session(
        second, [["migrate"], restore, export, restore, [*restore, "--force"]]
    )
    assert migrated["exit_code"] == 0, migrated["output"]
    assert restored["exit_code"] == 0, restored["output"]
    assert exported["exit_code"] == 0 and "71 chỉ tiêu" in exported["output"]
    assert again["exit_code"] == 2 and "--force" in again["output"]
    assert forced["exit_code"] == 0, forced["output"]
