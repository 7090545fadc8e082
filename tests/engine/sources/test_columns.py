"""Column mapping (an export that names columns in its own way) and columns that clash."""

import csv
import json
from dataclasses import replace

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from chuyendoiso.engine.domain.periods import parse_period
from chuyendoiso.engine.sources.compute import compute
from chuyendoiso.engine.sources.definitions_file import SourceFileError, parse_source
from chuyendoiso.engine.sources.inputs import SourceInputError

from .broken import (
    DOSSIER_COLUMNS,
    GOOD,
    dossier_records,
    write_csv,
    write_jsonl,
    write_text_parquet,
)
from .conftest import SOURCES_DIR

Q1 = parse_period("2024Q1")
KNOWN = {"19", "164"}
WRITERS = {"csv": write_csv, "jsonl": write_jsonl, "parquet": write_text_parquet}
# an export in Vietnamese: names with spaces, letters with diacritics, a dot, a back quote
EXPORT_NAMES = {
    "id": "Mã hồ sơ",
    "org_unit": "Mã đơn vị",
    "received_at": "Ngày tiếp nhận",
    "status": "Trạng thái (TT.)",
    "channel": "Kênh `nộp`",
    "due_at": "Hạn giải quyết",
}
COLUMNS_YAML = "columns:\n" + "".join(
    f"  {name}: {json.dumps(export, ensure_ascii=False)}\n" for name, export in EXPORT_NAMES.items()
)


def mapped_dossiers(extra: str = COLUMNS_YAML):
    text = (SOURCES_DIR / "dossiers.yaml").read_text(encoding="utf-8")
    return parse_source(text.replace("metrics:\n", extra + "metrics:\n", 1), source="mapped.yaml")


def exported(records):
    """The records as the export writes them: its own names, in another order."""
    return [{EXPORT_NAMES.get(k, k): v for k, v in r.items()} for r in records]


EXPORT_COLUMNS = [EXPORT_NAMES.get(c, c) for c in reversed(DOSSIER_COLUMNS)]


def rejected(result):
    with result.quarantine_path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        return reader.fieldnames, [(r["row"], r["reason"], r["column"], r["id"]) for r in reader]


def test_the_mapping_is_read_with_the_definition():
    definition = mapped_dossiers()
    assert definition.export_name("received_at") == "Ngày tiếp nhận"
    assert definition.export_name("processed_at") == "processed_at"
    shipped = mapped_dossiers(extra="")
    assert definition.sha256 != shipped.sha256  # it changes which column is read
    assert replace(definition, columns=()).sha256 == shipped.sha256


def test_mapping_problems_are_reported_with_their_line():
    extra = (
        "columns:\n"
        "  id: Mã hồ sơ\n"
        "  recieved_at: Ngày tiếp nhận\n"  # line 13: not a schema column
        "  status: ''\n"  # line 14: empty
        "  channel: ' MÃ HỒ SƠ'\n"  # the same export column as id
        "  due_at: org_unit\n"  # the name of another schema column that is not mapped
    )
    with pytest.raises(SourceFileError) as caught:
        mapped_dossiers(extra)
    found = dict(caught.value.problems[2:])
    assert "'recieved_at'" in found[13] and "unknown column" in found[13]
    assert "'status'" in found[14] and "empty column name" in found[14]
    clashes = caught.value.problems[:2]  # at the line of 'columns:'
    assert [line for line, _ in clashes] == [11, 11]
    assert "id, channel" in clashes[0][1] and "'Mã hồ sơ'" in clashes[0][1]
    assert "org_unit, due_at" in clashes[1][1] and "same export column" in clashes[1][1]
    with pytest.raises(SourceFileError) as caught:
        mapped_dossiers("columns: [id]\n")
    assert "'columns' must map" in caught.value.problems[0][1]


@pytest.mark.parametrize("fmt", sorted(WRITERS))
def test_an_export_with_its_own_names_gives_what_the_schema_names_give(fmt, tmp_path, dossiers):
    plain = WRITERS[fmt](tmp_path / f"plain.{fmt}", dossier_records(), DOSSIER_COLUMNS)
    own = WRITERS[fmt](tmp_path / f"own.{fmt}", exported(dossier_records()), EXPORT_COLUMNS)
    expected = compute(dossiers, [plain], Q1, known_units=KNOWN, workdir=tmp_path / "a")
    result = compute(mapped_dossiers(), [own], Q1, known_units=KNOWN, workdir=tmp_path / "b")
    assert result.figures == expected.figures
    assert result.reconciliation == expected.reconciliation
    assert result.reconciliation.quarantined > 0
    header, rows = rejected(result)
    assert rejected(expected) == (header, rows)  # the quarantine keeps the schema's names
    assert header[5:] == list(dossiers.schema.names)


def test_a_missing_mapped_column_is_named_as_the_export_names_it(tmp_path):
    columns = [c for c in EXPORT_COLUMNS if c != "Ngày tiếp nhận"]
    path = write_csv(tmp_path / "own.csv", exported(dossier_records()), columns)
    with pytest.raises(SourceInputError) as caught:
        compute(mapped_dossiers(), [path], Q1, known_units=KNOWN, workdir=tmp_path / "w")
    assert caught.value.extra["columns"] == ["Ngày tiếp nhận (received_at)"]
    assert caught.value.extra["file"] == str(path.resolve())


def clashing_csv(tmp_path, second="ID"):
    path = tmp_path / "clash.csv"
    columns = [*DOSSIER_COLUMNS, second]
    path.write_text(
        ",".join(columns) + "\n" + ",".join(GOOD[c] for c in DOSSIER_COLUMNS) + ",X1\n",
        encoding="utf-8",
    )
    return path


def clashing_parquet(tmp_path):
    path = tmp_path / "clash.parquet"
    table = {c: [GOOD[c]] for c in DOSSIER_COLUMNS}
    pq.write_table(pa.table({**table, "ID": ["X1"]}), path)
    return path


@pytest.mark.parametrize("second", ["ID", " Id ", "id"])
def test_two_columns_that_could_both_be_one_are_an_input_error(second, tmp_path, dossiers):
    path = clashing_csv(tmp_path, second)
    with pytest.raises(SourceInputError) as caught:
        compute(dossiers, [path], Q1, known_units=KNOWN, workdir=tmp_path / "w")
    assert caught.value.extra == {"file": str(path.resolve()), "columns": [f"'id', '{second}'"]}
    assert "several columns of the file could be the same column" in caught.value.message


def test_parquet_columns_that_differ_in_case_are_an_input_error(tmp_path, dossiers):
    path = clashing_parquet(tmp_path)
    with pytest.raises(SourceInputError) as caught:
        compute(dossiers, [path], Q1, known_units=KNOWN, workdir=tmp_path / "w")
    assert caught.value.extra["columns"] == ["'id', 'ID'"]


def test_columns_outside_the_schema_may_differ_only_in_case(tmp_path, dossiers):
    path = tmp_path / "notes.csv"
    columns = [*DOSSIER_COLUMNS, "note", "Note"]
    path.write_text(
        ",".join(columns) + "\n" + ",".join(GOOD[c] for c in DOSSIER_COLUMNS) + ",a,b\n",
        encoding="utf-8",
    )
    result = compute(dossiers, [path], Q1, known_units=KNOWN, workdir=tmp_path / "w")
    assert result.reconciliation.accepted == 1


def test_json_keys_are_matched_as_written(tmp_path, dossiers):
    path = tmp_path / "keys.jsonl"
    path.write_text(json.dumps({**GOOD, "ID": "X1"}) + "\n", encoding="utf-8")
    result = compute(dossiers, [path], Q1, known_units=KNOWN, workdir=tmp_path / "w")
    assert result.reconciliation.accepted == 1  # "ID" is another key, left out
