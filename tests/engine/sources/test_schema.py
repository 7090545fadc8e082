"""Record schemas come from the record dataclasses; docs/sources.md documents every one of them."""

import ast
import subprocess
import sys
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Annotated

import pytest

import chuyendoiso.engine.sources
from chuyendoiso.engine.sources.checks import Reason
from chuyendoiso.engine.sources.definitions_file import _METRIC_KEYS, _RATIO_KEYS, _TOP_KEYS
from chuyendoiso.engine.sources.records import SCHEMAS
from chuyendoiso.engine.sources.schema import ColumnType, Role, column, schema_of

from .conftest import PROJECT

DOCS = (PROJECT / "docs" / "sources.md").read_text(encoding="utf-8")
SOURCES_DIR = Path(chuyendoiso.engine.sources.__file__).parent


def test_the_dossier_schema():
    schema = SCHEMAS["dossiers"]
    assert schema.key.name == "id"
    by_name = {c.name: c for c in schema.columns}
    assert by_name["org_unit"].role is Role.ORG_UNIT
    assert by_name["received_at"].type is ColumnType.TIMESTAMP and by_name["received_at"].required
    assert by_name["processed_at"].required is False
    assert by_name["channel"].choices == ("online", "direct")
    assert by_name["has_electronic_result"].type is ColumnType.BOOLEAN
    assert SCHEMAS["payments"].column("amount").type is ColumnType.AMOUNT
    assert schema.description_en.startswith("Administrative-procedure dossier")


def test_a_record_needs_one_required_key():
    @dataclass
    class NoKey:
        """Vi.\n\nEn."""

        at: Annotated[datetime, column("a", "b")]

    with pytest.raises(TypeError):
        schema_of(NoKey, "x")


@pytest.mark.parametrize("name", sorted(SCHEMAS))
def test_every_column_is_documented(name):
    section = DOCS.split(f"### `{name}`", 1)
    assert len(section) == 2, f"docs/sources.md lacks a section for {name}"
    table = section[1].split("###", 1)[0]
    for col in SCHEMAS[name].columns:
        assert f"| `{col.name}` |" in table, f"{name}.{col.name} is not documented"
        for choice in col.choices:
            assert f"`{choice}`" in table, f"{name}.{col.name}: value {choice} not documented"


def test_every_reason_and_file_field_is_documented():
    for reason in Reason:
        assert f"`{reason.value}`" in DOCS
    for key in _TOP_KEYS | _METRIC_KEYS | _RATIO_KEYS:
        assert f"`{key}`" in DOCS


def test_no_source_module_imports_django():
    modules = sorted(SOURCES_DIR.glob("*.py"))
    for path in modules:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            for found in names:
                assert not found.startswith("django"), path.name
                assert not found.startswith("chuyendoiso.") or found.startswith(
                    "chuyendoiso.engine"
                ), path.name
    names = ", ".join(f"chuyendoiso.engine.sources.{p.stem}" for p in modules)
    code = f"import sys, {names}; print('django' in sys.modules)"
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "False"
