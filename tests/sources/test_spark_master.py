"""Which Spark master `cds sources compute` asks for: the option, else the setting
(CDS_SPARK_MASTER), else none (local); no Spark is started here."""

import pytest
from click.testing import CliRunner

from chuyendoiso.cli import main
from chuyendoiso.engine.domain.errors import CdsError

pytestmark = pytest.mark.django_db


class Called(CdsError):
    """Stops the command where the engine would start."""


@pytest.fixture
def asked(monkeypatch) -> list[tuple[str, str | None]]:
    found = []

    def compute(*args, engine, spark_master, **kwargs):
        found.append((engine, spark_master))
        raise Called("called")

    monkeypatch.setattr("chuyendoiso.sources.services.compute", compute)
    return found


def compute_command(tmp_path, *options: str):
    records = tmp_path / "dossiers.jsonl"
    records.write_text('{"id": "A1"}\n', encoding="utf-8")
    arguments = ["sources", "compute", "dossiers", "--input", str(records), "--period", "2024Q1"]
    return CliRunner().invoke(main, [*arguments, "--dry-run", *options])


def test_the_master_is_the_option_else_the_setting(tmp_path, settings, asked):
    settings.SPARK_MASTER = "spark://setting:7077"
    compute_command(tmp_path, "--engine", "spark")
    compute_command(tmp_path, "--engine", "spark", "--spark-master", "yarn")
    compute_command(tmp_path)  # DuckDB: the setting is for Spark only
    settings.SPARK_MASTER = ""
    compute_command(tmp_path, "--engine", "spark")
    assert asked == [
        ("spark", "spark://setting:7077"),
        ("spark", "yarn"),
        ("duckdb", None),
        ("spark", None),
    ]


def test_a_small_input_on_spark_gets_a_note_on_standard_error(tmp_path, asked):
    result = compute_command(tmp_path, "--engine", "spark")
    assert "Lưu ý: dữ liệu vào chỉ " in result.stderr and " kB (dưới 10 GB)" in result.stderr
    assert "DuckDB" in result.stderr and "Lưu ý" not in result.stdout
    assert "Lưu ý" not in compute_command(tmp_path).stderr  # not on DuckDB


def test_a_spark_master_with_duckdb_is_a_usage_error(tmp_path, asked):
    result = compute_command(tmp_path, "--engine", "duckdb", "--spark-master", "yarn")
    assert result.exit_code == 2
    assert "--spark-master chỉ dùng với --engine spark / --spark-master needs" in result.output
    assert asked == []
