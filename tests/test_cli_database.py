"""Only `cds migrate`, `cds demo`, `cds serve` and `cds restore` create or upgrade the
database. Every other command, on a database that is missing, empty or out of date, says
to run `cds migrate`, exits with status 2 and leaves no file behind (not even an empty
SQLite file).

The commands run in a fresh process with the settings `cds` reads from the environment
(SQLite in CDS_DATA_DIR), not the test suite's database.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import click
import pytest

import chuyendoiso
from chuyendoiso.cli import main

SESSION = Path(__file__).with_name("cli_session.py")
CATALOG = Path(__file__).resolve().parents[1] / "data" / "catalog" / "catalog.yaml"
DTI_922 = CATALOG.parents[1] / "dti" / "dti_922.yaml"
DTI_PUBLISHED = CATALOG.parents[1] / "dti" / "published.csv"
CREATE_OR_UPGRADE = {"migrate", "demo", "serve", "restore"}
# writes records files, or checks the configuration: never reads the database
WITHOUT_DATABASE = {"sources generate", "check"}


def leaf_commands(group: click.Group, prefix: str = "") -> list[str]:
    names = []
    for name, command in group.commands.items():
        if isinstance(command, click.Group):
            names += leaf_commands(command, f"{prefix}{name} ")
        else:
            names.append(prefix + name)
    return names


def database_commands(folder: Path) -> dict[str, list[str]]:
    """One call of every command that reads or writes the database, with files it could
    write: each must stop before writing any of them."""
    inputs, out = folder / "inputs", folder / "out"
    return {
        "catalog export": ["catalog", "export", str(out / "catalog.yaml")],
        "catalog import": ["catalog", "import", str(CATALOG)],
        "orgunits load": ["orgunits", "load"],
        "values export": [
            *("values", "export", "--org", "19", "--period", "2024S1"),
            *("-o", str(out / "values.csv")),
        ],
        "values import": ["values", "import", str(inputs / "values.csv")],
        "report": ["report", "--org", "19", "--period", "2024S1", "-o", str(out / "r.md")],
        "issue": ["issue", "--org", "19", "--period", "2024S1"],
        "register": ["register", "--org", "19", "--symbol", "BC-SKHCN", "--year", "2026"],
        "factcheck": ["factcheck", str(inputs / "report.txt"), "--import", "-o", str(out / "f")],
        "backup": ["backup", str(out / "backup.sqlite3")],
        "validate": ["validate", "--org", "19", "--period", "2024S1"],
        "users add": ["users", "add", "nguoi.moi", "--role", "viewer", "--org", "19"],
        "tokens create": ["tokens", "create", "--user", "nguoi.moi", "--name", "dhis2"],
        "tokens list": ["tokens", "list"],
        "tokens revoke": ["tokens", "revoke", "0123abcd"],
        "datasets list": ["datasets", "list"],
        "analytics rebuild": ["analytics", "rebuild", "--year", "2024"],
        "datasets schedule": [
            "datasets",
            "schedule",
            "--dataset",
            "BC_CDS_6THANG",
            "--period",
            "2024S1",
        ],
        "import": ["import", str(inputs / "values.csv"), "--dry-run"],
        "template": [
            *("template", "--dataset", "BC_CDS_6THANG", "--period", "2024S1"),
            *("-o", str(out / "mau.xlsx")),
        ],
        "submissions list": ["submissions", "list"],
        **{
            f"values {verb}": [
                *("values", verb, "--org", "19", "--period", "2024S1", "--reason", "r"),
            ]
            for verb in ("approve", "reject")
        },
        "submissions lock-overdue": ["submissions", "lock-overdue", "--dry-run"],
        "submissions evidence": [
            *("submissions", "evidence", "--dataset", "BC_DTI_TU_DANH_GIA", "--org", "19"),
            *("--period", "2024", "--indicator", "TDG_SOC_VAN_HANH"),
            *("--link", "https://example.org/soc"),
        ],
        "submissions status": [
            *("submissions", "status", "--dataset", "BC_CDS_6THANG"),
            *("--org", "19", "--period", "2024S1"),
        ],
        **{
            f"submissions {action}": [
                *("submissions", action, "--dataset", "BC_CDS_6THANG"),
                *("--org", "19", "--period", "2024S1", "--reason", "r"),
            ]
            for action in ("submit", "approve", "return", "reopen", "lock")
        },
        "sources compute": [
            *("sources", "compute", "dossiers", "--input", str(inputs)),
            *("--period", "2024S1", "--dry-run"),
        ],
        "dti": [
            *("dti", "--org", "19", "--year", "2024", "--framework", "922"),
            *("--format", "xlsx", "-o", str(out / "dti.xlsx")),
        ],
        "dti-framework list": ["dti-framework", "list"],
        "dti-framework load": ["dti-framework", "load", str(DTI_922)],
        "dti-published import": ["dti-published", "import", str(DTI_PUBLISHED)],
        "sources verify": [
            *("sources", "verify", "dossiers", "--input", str(inputs), "--period", "2024S1"),
        ],
    }


def prepare(folder: Path) -> None:
    (folder / "inputs").mkdir()
    (folder / "out").mkdir()
    (folder / "inputs" / "values.csv").write_text(
        "indicator,org_unit,period,value\nHTS_BTS,19,2024Q4,1900\n", encoding="utf-8"
    )
    (folder / "inputs" / "report.txt").write_text(
        "Trong 6 tháng đầu năm 2024, trên địa bàn tỉnh có 1.930 trạm BTS.", encoding="utf-8"
    )


def run_session(folder: Path, steps: list[list[str]], **env: str) -> list[dict[str, Any]]:
    environment = {
        k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "DJANGO_SETTINGS_MODULE")
    }
    source = str(Path(chuyendoiso.__file__).resolve().parents[1])
    environment |= {
        "PYTHONPATH": os.pathsep.join(filter(None, [source, os.environ.get("PYTHONPATH")])),
        "CDS_DATA_DIR": str(folder / "var"),
        **env,
    }
    done = subprocess.run(
        [sys.executable, str(SESSION), str(folder), json.dumps(steps)],
        cwd=folder,
        env=environment,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def test_every_command_is_tested_here_or_creates_the_database(tmp_path):
    tested = set(database_commands(tmp_path)) | CREATE_OR_UPGRADE | WITHOUT_DATABASE
    assert set(leaf_commands(main)) == tested


@pytest.fixture(scope="module")
def fresh(tmp_path_factory) -> tuple[Path, dict[str, dict[str, Any]]]:
    """Every database command on a fresh CDS_DATA_DIR, one after the other."""
    folder = tmp_path_factory.mktemp("fresh")
    prepare(folder)
    commands = database_commands(folder)
    done = run_session(folder, list(commands.values()))
    return folder, dict(zip(commands, done, strict=True))


@pytest.mark.parametrize("command", sorted(database_commands(Path("."))))
def test_a_command_on_a_fresh_data_folder_says_to_migrate_and_writes_nothing(fresh, command):
    folder, done = fresh
    result = done[command]
    assert result["exit_code"] == 2, result["output"]
    assert "cds migrate" in result["output"] and "Traceback" not in result["output"]
    assert str(folder / "var" / "chuyendoiso.sqlite3") in result["output"]
    assert result["new_files"] == []
    assert not (folder / "var").exists()


@pytest.fixture(scope="module")
def empty(tmp_path_factory) -> tuple[Path, dict[str, dict[str, Any]]]:
    """Every database command on an existing SQLite file without tables."""
    folder = tmp_path_factory.mktemp("empty")
    prepare(folder)
    (folder / "empty.sqlite3").touch()
    commands = database_commands(folder)
    url = f"sqlite:///{folder / 'empty.sqlite3'}"
    done = run_session(folder, list(commands.values()), DATABASE_URL=url)
    return folder, dict(zip(commands, done, strict=True))


@pytest.mark.parametrize("command", sorted(database_commands(Path("."))))
def test_a_command_on_a_database_without_tables_says_to_migrate(empty, command):
    folder, done = empty
    result = done[command]
    assert result["exit_code"] == 2, result["output"]
    assert "no tables" in result["output"] and "cds migrate" in result["output"]
    assert result["new_files"] == []
    assert (folder / "empty.sqlite3").stat().st_size == 0


def test_a_database_behind_the_code_says_to_upgrade_and_migrate_upgrades_it(tmp_path):
    export = ["catalog", "export", str(tmp_path / "catalog.yaml")]
    steps = [["migrate"], ["manage", "migrate", "sources", "zero"], export, ["migrate"], export]
    migrated, _, behind, upgraded, exported = run_session(tmp_path, steps)
    assert migrated["exit_code"] == 0 and "var/chuyendoiso.sqlite3" in migrated["new_files"]
    assert behind["exit_code"] == 2 and behind["new_files"] == []
    assert "needs an upgrade" in behind["output"] and "cds migrate" in behind["output"]
    assert upgraded["exit_code"] == 0
    assert exported["exit_code"] == 0 and exported["new_files"] == ["catalog.yaml"]


def test_the_commands_run_once_the_database_is_migrated(tmp_path):
    catalog = ["catalog", "import", str(CATALOG)]
    export = ["values", "export", "--org", "19", "--period", "2024S1", "--format", "json"]
    before, migrated, loaded, units, exported = run_session(
        tmp_path, [catalog, ["migrate"], catalog, ["orgunits", "load"], export]
    )
    assert before["exit_code"] == 2 and "cds migrate" in before["output"]
    assert migrated["exit_code"] == 0, migrated["output"]
    assert loaded["exit_code"] == 0 and "indicators 71" in loaded["output"], loaded["output"]
    assert units["exit_code"] == 0, units["output"]
    assert exported["exit_code"] == 0 and exported["output"] == "[]\n"


def test_generating_records_needs_no_database(tmp_path):
    output = tmp_path / "out" / "dossiers.csv"
    output.parent.mkdir()
    args = ["sources", "generate", "dossiers", "--rows", "5", "-o", str(output)]
    (result,) = run_session(tmp_path, [args])
    assert result["exit_code"] == 0, result["output"]
    assert result["new_files"] == ["out/dossiers.csv"]
