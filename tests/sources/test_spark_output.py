"""``cds sources compute --engine spark``: Spark's own output never mixes with the command's.

The Java process writes to the real standard error (file descriptor 2), which a CliRunner
cannot capture: the command runs in a process of its own, on a data folder of its own.
"""

import os
import re
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

import chuyendoiso
from chuyendoiso.engine.demo import generate

pytestmark = pytest.mark.spark

CATALOG = Path(__file__).resolve().parents[2] / "data" / "catalog" / "catalog.yaml"
PROGRESS = re.compile(r"\[\s*\d+\.\d s\] \S")  # a step of the status line (cli._Progress)
SPARK_WORDS = ("WARN", "INFO", "ERROR", "log4j", "NativeCodeLoader", "Setting default log level")


def cds(folder: Path, *args: str, **extra: str) -> subprocess.CompletedProcess[str]:
    environment = {
        k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "DJANGO_SETTINGS_MODULE")
    }
    source = str(Path(chuyendoiso.__file__).resolve().parents[1])
    environment |= {
        "PYTHONPATH": os.pathsep.join(filter(None, [source, os.environ.get("PYTHONPATH")])),
        "CDS_DATA_DIR": str(folder / "var"),
        **extra,
    }
    return subprocess.run(
        [sys.executable, "-m", "chuyendoiso.cli", *args],
        cwd=folder,
        env=environment,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def test_spark_writes_to_its_log_and_the_command_only_its_own_lines(tmp_path):
    """And Spark's own settings come from spark-defaults.conf in SPARK_CONF_DIR."""
    assert cds(tmp_path, "migrate").returncode == 0
    assert cds(tmp_path, "catalog", "import", str(CATALOG), "--reason", "test").returncode == 0
    records = generate(
        "dossiers", 200, 3, tmp_path / "d.parquet", units=["19"], start=date(2024, 1, 1),
        end=date(2024, 3, 31),
    )  # fmt: skip
    conf, events = tmp_path / "conf", tmp_path / "events"
    conf.mkdir()
    events.mkdir()  # Spark's own settings, as a cluster's would be given (docs/sources.md)
    (conf / "spark-defaults.conf").write_text(
        f"spark.eventLog.enabled true\nspark.eventLog.dir file://{events}\n", encoding="utf-8"
    )
    done = cds(
        tmp_path,
        *("sources", "compute", "dossiers", "--input", str(records), "--period", "2024Q1"),
        *("--engine", "spark", "--spark-master", "local[1]", "--dry-run"),
        SPARK_CONF_DIR=str(conf),
    )
    assert done.returncode == 0, done.stderr
    assert "Đọc 200 bản ghi" in done.stdout
    advice, *segments = [s for s in re.split(r"[\r\n]", done.stderr) if s.strip()]
    assert re.match(r"Lưu ý: dữ liệu vào chỉ \d+,\d kB", advice) and "DuckDB" in advice
    assert segments and all(PROGRESS.match(s) for s in segments), done.stderr
    assert "xong / done" in segments[-1]
    for text in (done.stderr, done.stdout):
        assert not any(word in text for word in SPARK_WORDS), text
    log = (tmp_path / "var" / "sources" / "dossiers" / "spark.log").read_text(errors="replace")
    assert "log4j" in log  # where Spark's own lines went
    assert [p for p in events.rglob("*") if p.is_file()]  # spark-defaults.conf was read
