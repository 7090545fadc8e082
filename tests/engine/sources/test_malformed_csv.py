"""A CSV record that cannot be read is quarantined with its row and reason; the rest of the
file is read and counted; the quarantine file escapes what a spreadsheet would run."""

import csv
from collections import Counter

from chuyendoiso.engine.domain.periods import parse_period
from chuyendoiso.engine.sources.compute import compute

from .broken import FORMULA_ID, write_malformed_csv

Q1 = parse_period("2024Q1")
KNOWN = {"19", "164"}


def test_malformed_lines_are_quarantined_and_the_rest_is_read(tmp_path, dossiers):
    path, clean, expected = write_malformed_csv(tmp_path)
    result = compute(dossiers, [path], Q1, known_units=KNOWN, workdir=tmp_path / "out")
    alone = compute(dossiers, [clean], Q1, known_units=KNOWN, workdir=tmp_path / "clean")

    assert result.figures == alone.figures  # the good records give the same figures
    assert [f for f in result.figures if f.indicator == "CQS_HS_TIEP_NHAN"]  # not nothing
    rec, clean_rec = result.reconciliation, alone.reconciliation
    malformed = sum(1 for _, reason in expected if reason == "malformed_line")
    assert malformed == 6
    assert rec.read == clean_rec.read + malformed == result.files[0].rows
    assert rec.read == rec.accepted + rec.quarantined
    assert rec.accepted == clean_rec.accepted == 12
    assert rec.by_reason == {**clean_rec.by_reason, "malformed_line": malformed}

    with result.quarantine_path.open(encoding="utf-8", newline="") as handle:
        found = list(csv.DictReader(handle))
    assert [(int(r["row"]), r["reason"]) for r in found] == expected
    assert {r["file"] for r in found} == {str(path.resolve())}
    details = {int(r["row"]): r["detail"] for r in found if r["reason"] == "malformed_line"}
    assert "Maximum line size" in details[7]
    assert "Expected Number of Columns" in details[2] and "Found: 2" in details[3]
    assert "quote" in details[max(details)]  # the quote never closed, at the end
    assert all(details.values())
    assert all(r["id"] == "" for r in found if r["reason"] == "malformed_line")
    # the over-long line is not copied into the quarantine file
    assert result.quarantine_path.stat().st_size < 5_000


def test_a_formula_in_a_quarantined_record_is_escaped(tmp_path, dossiers):
    path, _, _ = write_malformed_csv(tmp_path)
    result = compute(dossiers, [path], Q1, known_units=KNOWN, workdir=tmp_path)
    text = result.quarantine_path.read_text(encoding="utf-8")
    assert f"'{FORMULA_ID}" in text
    cells = [cell for row in csv.reader(text.splitlines()) for cell in row]
    assert Counter(cell[:1] for cell in cells)["="] == 0
    assert any(cell == "'" + FORMULA_ID for cell in cells)


def test_a_file_of_good_records_reads_as_before(tmp_path, dossiers):
    _, clean, _ = write_malformed_csv(tmp_path)
    result = compute(dossiers, [clean], Q1, known_units=KNOWN, workdir=tmp_path)
    assert "malformed_line" not in result.reconciliation.by_reason
    text = result.quarantine_path.read_text(encoding="utf-8")
    rows = [int(r[1]) for r in csv.reader(text.splitlines()) if r[1] != "row"]
    assert rows == [8]  # the formula record, at its own row
    assert not list(tmp_path.glob("csv-staging-*"))  # the staged files are removed
