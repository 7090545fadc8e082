"""The synthetic generator: deterministic, every source and format, calibrated counts."""

import hashlib
import sys
from datetime import date
from decimal import Decimal

import duckdb
import pytest

from chuyendoiso.engine.demo.dossiers import calibrated_counts
from chuyendoiso.engine.demo.draws import affine, unit_buckets
from chuyendoiso.engine.demo.records import generate
from chuyendoiso.engine.domain.errors import ValidationError
from chuyendoiso.engine.sources import SCHEMAS

START, END = date(2024, 1, 1), date(2024, 5, 27)


def digest(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


def make(tmp_path, source, name, *, rows=2000, seed=5, fmt="parquet", units=("19", "164", "05443")):
    return generate(
        source, rows, seed, tmp_path / name, units=list(units), start=START, end=END, format=fmt
    )


@pytest.mark.parametrize("fmt", ["parquet", "csv", "jsonl"])
def test_same_seed_same_bytes_other_seed_other_records(tmp_path, fmt):
    first = make(tmp_path, "dossiers", f"a.{fmt}", fmt=fmt)
    again = make(tmp_path, "dossiers", f"b.{fmt}", fmt=fmt)
    other = make(tmp_path, "dossiers", f"c.{fmt}", fmt=fmt, seed=6)
    assert digest(first) == digest(again)
    assert digest(first) != digest(other)


@pytest.mark.parametrize("source", sorted(SCHEMAS))
def test_every_source_writes_its_schema_columns(tmp_path, source):
    path = make(tmp_path, source, f"{source}.parquet", rows=500)
    columns = [row[0] for row in duckdb.sql(f"DESCRIBE SELECT * FROM '{path}'").fetchall()]
    assert columns == list(SCHEMAS[source].names)
    count = duckdb.sql(f"SELECT COUNT(*), COUNT(DISTINCT id) FROM '{path}'").fetchall()[0]
    assert count == (500, 500)


def test_dossier_dates_stay_within_the_range(tmp_path):
    path = make(tmp_path, "dossiers", "d.parquet", rows=20_000)
    low, high, late, bad = duckdb.sql(
        f"""SELECT MIN(received_at), MAX(COALESCE(processed_at, received_at)),
                   COUNT(*) FILTER (WHERE processed_at > due_at),
                   COUNT(*) FILTER (WHERE processed_at < received_at)
            FROM '{path}'"""
    ).fetchall()[0]
    assert low.date() >= START and high.date() <= END
    assert late == calibrated_counts(20_000).processed - calibrated_counts(20_000).on_time
    assert bad == 0


def test_calibrated_counts_at_the_seed_scale():
    counts = calibrated_counts(275_540)
    assert (counts.received, counts.processed) == (275_540, 262_969)
    for part, whole, stated in [
        (counts.on_time, counts.processed, "99.63"),
        (counts.electronic, counts.processed, "78.72"),
        (counts.digitised, counts.processed, "76.45"),
        (counts.reuse, counts.received, "77.21"),
    ]:
        assert (Decimal(part) * 100 / whole).quantize(Decimal("0.01")) == Decimal(stated)


def test_units_are_weighted_by_level():
    buckets = unit_buckets(["19", "164", "05443", "05446"])
    assert len(buckets) == 4096
    assert buckets.count("19") > buckets.count("164") > buckets.count("05443") > 0


def test_affine_maps_are_permutations():
    for modulus in (1, 2, 97, 1000, 275_540):
        a, b = affine(3, "x", modulus)
        values = {(a * i + b) % modulus for i in range(min(modulus, 5000))}
        assert len(values) == min(modulus, 5000)


def test_bad_arguments_are_refused(tmp_path):
    with pytest.raises(ValidationError) as caught:
        make(tmp_path, "invoices", "x.parquet")
    assert caught.value.extra["field"] == "source"
    with pytest.raises(ValidationError) as caught:
        make(tmp_path, "dossiers", "x.xlsx", fmt="xlsx")
    assert caught.value.extra["field"] == "format"
    with pytest.raises(ValidationError):
        make(tmp_path, "dossiers", "x.parquet", units=())


def test_a_file_that_cannot_be_written_is_a_clear_error_and_leaves_nothing(tmp_path):
    target = tmp_path / "taken.parquet"
    target.mkdir()  # a folder where the file should go
    with pytest.raises(ValidationError) as caught:
        make(tmp_path, "dossiers", "taken.parquet", rows=10)
    assert caught.value.extra["file"] == str(target)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["taken.parquet"]


def test_a_failed_run_keeps_the_earlier_file_whole(tmp_path, monkeypatch):
    earlier = make(tmp_path, "civil_status_events", "events.csv", rows=50, fmt="csv")
    before = digest(earlier)
    broken = {
        "civil_status_events": lambda d: "SELECT i, error('stopped') AS b FROM range(10) AS t(i)"
    }
    module = sys.modules["chuyendoiso.engine.demo.records"]  # the package exports generate()
    monkeypatch.setattr(module, "_recipes", lambda: broken)
    with pytest.raises(ValidationError) as caught:
        make(tmp_path, "civil_status_events", "events.csv", rows=50, fmt="csv")
    assert "stopped" in caught.value.extra["detail"]
    assert digest(earlier) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["events.csv"]
