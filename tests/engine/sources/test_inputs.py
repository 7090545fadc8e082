"""Input files and folders, empty input, unreadable files, and the period window."""

from datetime import date

import duckdb
import pytest

from chuyendoiso.engine.demo import generate
from chuyendoiso.engine.domain.errors import ValidationError
from chuyendoiso.engine.domain.periods import parse_period
from chuyendoiso.engine.sources.compute import compute
from chuyendoiso.engine.sources.inputs import SourceInputError, resolve_inputs, sha256_of

from .broken import DOSSIER_COLUMNS, GOOD, write_csv
from .conftest import shipped

JAN = parse_period("202401")
KNOWN = {"19", "164"}
UNITS = ["19", "164"]


def generated(tmp_path, name, rows, seed, fmt="parquet"):
    return generate(
        "civil_status_events",
        rows,
        seed,
        tmp_path / name,
        units=UNITS,
        start=date(2024, 1, 1),
        end=date(2024, 1, 31),
        format=fmt,
    )


def test_a_folder_is_read_whole_in_path_order(tmp_path):
    folder = tmp_path / "in"
    (folder / "b").mkdir(parents=True)
    a = generated(folder, "a.parquet", 300, 1)
    b = generated(folder / "b", "c.csv", 200, 2, "csv")
    c = generated(folder, "d.jsonl", 100, 3, "jsonl")
    (folder / "README.txt").write_text("not records", encoding="utf-8")
    result = compute(
        shipped("civil_status_events"), [folder], JAN, known_units=KNOWN, workdir=tmp_path / "w"
    )
    assert [f.path for f in result.files] == [a.resolve(), b.resolve(), c.resolve()]
    assert [f.rows for f in result.files] == [300, 200, 100]
    assert [f.sha256 for f in result.files] == [sha256_of(p) for p in (a, b, c)]
    assert result.skipped == [folder / "README.txt"]
    assert result.reconciliation.read == result.reconciliation.accepted == 600
    total = sum(f.value for f in result.figures)
    assert total == 600


def test_the_same_file_named_twice_is_read_once(tmp_path):
    path = generated(tmp_path, "a.parquet", 50, 1)
    assert len(resolve_inputs([path, tmp_path]).files) == 1


def test_empty_input_gives_nothing_and_reconciles(tmp_path):
    definition = shipped("dossiers")
    empty_dir = tmp_path / "none"
    empty_dir.mkdir()
    (tmp_path / "zero.csv").write_bytes(b"")
    header_only = write_csv(tmp_path / "header.csv", [], DOSSIER_COLUMNS)
    duckdb.sql(
        f"COPY (SELECT * FROM read_csv('{header_only}', all_varchar = true) LIMIT 0) "
        f"TO '{tmp_path / 'none.parquet'}' (FORMAT parquet)"
    )
    for inputs in (
        [],
        [empty_dir],
        [tmp_path / "zero.csv"],
        [header_only],
        [tmp_path / "none.parquet"],
    ):
        result = compute(definition, inputs, JAN, known_units=KNOWN, workdir=tmp_path / "w")
        rec = result.reconciliation
        assert (rec.read, rec.accepted, rec.quarantined, rec.by_reason) == (0, 0, 0, {})
        assert result.figures == [] and result.quarantine_path is None


def test_missing_inputs_and_unknown_formats_are_errors(tmp_path):
    with pytest.raises(SourceInputError) as caught:
        resolve_inputs([tmp_path / "nope.csv"])
    assert caught.value.extra["file"].endswith("nope.csv")
    (tmp_path / "data.xlsx").write_bytes(b"x")
    with pytest.raises(SourceInputError):
        resolve_inputs([tmp_path / "data.xlsx"])


def test_a_file_without_a_required_column_is_an_error_naming_it(tmp_path):
    path = write_csv(tmp_path / "short.csv", [GOOD], ["id", "org_unit", "status"])
    with pytest.raises(SourceInputError) as caught:
        compute(shipped("dossiers"), [path], JAN, known_units=KNOWN, workdir=tmp_path)
    assert caught.value.extra["file"] == str(path.resolve())
    assert "received_at" in caught.value.extra["columns"]


def test_a_csv_that_is_not_utf8_is_an_error_naming_it(tmp_path):
    path = tmp_path / "latin1.csv"
    body = "G1,19,2024-01-05,returned,online,2024-01-10,,,,,\n"
    text = ",".join(DOSSIER_COLUMNS) + "\n" + body + body.replace("G1", "Hà")
    path.write_bytes(text.encode("latin-1", errors="replace").replace(b"H?", b"H\xe0"))
    with pytest.raises(SourceInputError) as caught:
        compute(shipped("dossiers"), [path], JAN, known_units=KNOWN, workdir=tmp_path)
    assert caught.value.extra["file"] == str(path.resolve())
    assert caught.value.extra["line"] == 3
    assert "UTF-8" in caught.value.message


@pytest.mark.parametrize(
    "first", [b"\xff\xfei\x00d\x00\n", b'"id,org_unit\n', b"x" * 2_000_001 + b"\n", b"\n"]
)
def test_a_csv_whose_header_cannot_be_read_is_an_error_naming_it(tmp_path, first):
    path = tmp_path / "no-header.csv"
    path.write_bytes(first + b"G1,19\n")
    with pytest.raises(SourceInputError) as caught:
        compute(shipped("dossiers"), [path], JAN, known_units=KNOWN, workdir=tmp_path)
    assert caught.value.extra["file"] == str(path.resolve())
    assert "header" in caught.value.message


def test_an_unknown_engine_is_refused(tmp_path):
    with pytest.raises(ValidationError):
        compute(shipped("dossiers"), [], JAN, known_units=KNOWN, workdir=tmp_path, engine="pandas")


def test_the_period_includes_both_end_days_whole(tmp_path):
    times = [
        "2023-12-31 23:59:59",
        "2024-01-01 00:00:00",
        "2024-01-31",
        "2024-01-31 23:59:59.999999",
        "2024-02-01 00:00:00",
    ]
    records = [
        {"id": f"E{n}", "org_unit": "19", "registered_at": t, "event_type": "birth"}
        for n, t in enumerate(times)
    ]
    columns = ["id", "org_unit", "registered_at", "event_type"]
    path = write_csv(tmp_path / "events.csv", records, columns)
    definition = shipped("civil_status_events")
    result = compute(definition, [path], JAN, known_units=KNOWN, workdir=tmp_path)
    assert result.figure("CQS_HO_TICH_SU_KIEN", "19").value == 3
    assert result.reconciliation.outside_period == 2


def test_stocks_count_everything_up_to_the_end(tmp_path):
    columns = ["id", "org_unit", "created_at", "facility_id", "connected"]
    records = [
        {
            "id": "H1",
            "org_unit": "19",
            "created_at": "2020-05-01",
            "facility_id": "F1",
            "connected": "true",
        },
        {
            "id": "H2",
            "org_unit": "19",
            "created_at": "2024-01-20",
            "facility_id": "F1",
            "connected": "true",
        },
        {
            "id": "H3",
            "org_unit": "19",
            "created_at": "2024-01-21",
            "facility_id": "F2",
            "connected": "false",
        },
        {
            "id": "H4",
            "org_unit": "19",
            "created_at": "2024-02-01",
            "facility_id": "F3",
            "connected": "true",
        },
    ]
    path = write_csv(tmp_path / "health.csv", records, columns)
    result = compute(shipped("health_records"), [path], JAN, known_units=KNOWN, workdir=tmp_path)
    assert result.figure("XHS_HSSK", "19").value == 3
    assert result.figure("XHS_CSKCB_KET_NOI", "19").value == 1  # F1 counted once


def test_header_case_spaces_and_byte_order_mark_do_not_matter(tmp_path):
    path = tmp_path / "excel.csv"
    path.write_bytes(
        "\ufeffID , Org_Unit,REGISTERED_AT,event_type,note\nE1,19,2024-01-05,birth,x\n".encode()
    )
    definition = shipped("civil_status_events")
    result = compute(definition, [path], JAN, known_units=KNOWN, workdir=tmp_path)
    assert result.reconciliation.accepted == 1
    assert result.figure("CQS_HO_TICH_SU_KIEN", "19").value == 1
