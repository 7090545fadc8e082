"""Which Spark session a run asks for, and when the command advises DuckDB instead (no
Java process is started here)."""

import importlib

import pytest

from chuyendoiso.engine.domain.errors import ValidationError
from chuyendoiso.engine.domain.periods import parse_period
from chuyendoiso.engine.sources import compute, spark_advice
from chuyendoiso.engine.sources.spark_session import on_loopback, options

compute_module = importlib.import_module("chuyendoiso.engine.sources.compute")


@pytest.mark.parametrize(
    ("master", "loopback"),
    [
        ("local[*]", True),
        ("local[2]", True),
        ("spark://127.0.0.1:7077", True),
        ("spark://localhost:7077,127.0.0.1:7078", True),  # masters with a standby
        ("spark://10.0.0.5:7077", False),
        ("spark://127.0.0.1:7077,10.0.0.5:7077", False),
        ("yarn", False),
        ("k8s://https://10.0.0.1:6443", False),
    ],
)
def test_only_executors_on_this_machine_bind_the_driver_to_the_loopback(
    monkeypatch, master, loopback
):
    monkeypatch.delenv("CDS_SPARK_DRIVER_HOST", raising=False)
    settings = options(master)
    assert on_loopback(master) is loopback
    assert settings["spark.master"] == master
    assert ("spark.driver.host" in settings) is loopback
    assert ("spark.sql.shuffle.partitions" in settings) is loopback  # a cluster keeps its own
    assert settings["spark.sql.session.timeZone"] == "Asia/Ho_Chi_Minh"
    assert settings["spark.sql.ansi.enabled"] == "true"


def test_the_driver_host_can_be_given(monkeypatch):
    monkeypatch.setenv("CDS_SPARK_DRIVER_HOST", " 10.0.0.9 ")
    assert options("spark://10.0.0.5:7077")["spark.driver.host"] == "10.0.0.9"
    assert options("local[*]")["spark.driver.host"] == "10.0.0.9"


def test_a_small_input_gets_the_advice_to_use_duckdb(tmp_path, monkeypatch):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.csv").write_bytes(b"x" * 1500)
    (folder / "b.jsonl").write_bytes(b"x" * 1000)
    (folder / "notes.txt").write_bytes(b"x" * 10**6)  # not read, not counted
    advice = spark_advice([folder])
    assert advice is not None
    vietnamese, english = advice.split(" / ")
    assert "chỉ 2,5 kB (dưới 10 GB)" in vietnamese and "11-20 lần" in vietnamese
    assert "only 2.5 kB (under 10 GB)" in english and "about 20 s" in english
    monkeypatch.setattr(compute_module, "SPARK_WORTHWHILE_BYTES", 2500)
    assert spark_advice([folder]) is None
    monkeypatch.setattr(compute_module, "SPARK_WORTHWHILE_BYTES", 2501)
    assert spark_advice([folder]) is not None


def test_a_large_input_is_said_in_gigabytes(tmp_path, monkeypatch):
    path = tmp_path / "big.parquet"
    with path.open("wb") as handle:  # a sparse file: nothing written
        handle.truncate(12_345_678_901)
    monkeypatch.setattr(compute_module, "SPARK_WORTHWHILE_BYTES", 10**11)
    advice = spark_advice([path])
    assert advice is not None and "chỉ 12,3 GB" in advice and "only 12.3 GB" in advice


def test_a_spark_master_is_for_the_spark_engine_only(tmp_path, dossiers):
    with pytest.raises(ValidationError) as caught:
        compute(
            dossiers,
            [tmp_path],
            parse_period("2024Q1"),
            known_units={"19"},
            engine="duckdb",
            workdir=tmp_path,
            spark_master="spark://127.0.0.1:7077",
        )
    assert caught.value.extra["field"] == "spark_master"
