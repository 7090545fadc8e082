"""Bad records go to the quarantine file with their file, row and reason; counts reconcile."""

import csv
from collections import Counter
from decimal import Decimal
from pathlib import Path

import pytest

from chuyendoiso.engine.domain.periods import parse_period
from chuyendoiso.engine.sources.compute import compute

from .broken import (
    DOSSIER_COLUMNS,
    DOSSIER_ROWS,
    dossier_records,
    expected_reasons,
    write_csv,
    write_jsonl,
    write_text_parquet,
    write_typed_payments,
)
from .conftest import shipped

Q1 = parse_period("2024Q1")
KNOWN = {"19", "164"}
WRITERS = {"csv": write_csv, "jsonl": write_jsonl, "parquet": write_text_parquet}


def quarantined_rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@pytest.mark.parametrize("fmt", sorted(WRITERS))
def test_every_broken_dossier_is_quarantined_with_its_reason(fmt, tmp_path, dossiers):
    path = WRITERS[fmt](tmp_path / f"broken.{fmt}", dossier_records(), DOSSIER_COLUMNS)
    result = compute(dossiers, [path], Q1, known_units=KNOWN, workdir=tmp_path / "out")

    expected = expected_reasons()
    found = quarantined_rows(result.quarantine_path)
    assert [(int(r["row"]), r["reason"], r["column"]) for r in found] == expected
    assert {r["file"] for r in found} == {str(path.resolve())}
    assert found[2]["org_unit"] == "99999"  # the stored values come along

    rec = result.reconciliation
    assert rec.read == len(dossier_records()) == rec.accepted + rec.quarantined
    assert rec.quarantined == len(expected)
    assert rec.by_reason == dict(sorted(Counter(reason for _, reason, _ in expected).items()))
    assert rec.outside_period == 1  # G3, received in 2023
    assert result.files[0].rows == rec.read
    assert result.quarantine_path.parent == tmp_path / "out"


def test_accepted_records_give_the_figures(tmp_path, dossiers):
    path = write_csv(tmp_path / "broken.csv", dossier_records(), DOSSIER_COLUMNS)
    result = compute(dossiers, [path], Q1, known_units=KNOWN, workdir=tmp_path)
    values = {(f.indicator, f.org_unit): f.value for f in result.figures}
    assert values[("CQS_HS_TIEP_NHAN", "19")] == 2  # G1 and G2 ("DIRECT" is read as direct)
    assert values[("CQS_HS_KQ_DIEN_TU", "19")] == 1  # G2 has "0"
    assert values[("CQS_HS_KQ_DIEN_TU_TY_LE", "19")] == Decimal("50.000000")
    assert {unit for _, unit in values} == {"19"}  # the duplicate in 164 is not counted


def test_typed_parquet_negative_amount_and_other_reasons(tmp_path):
    path, expected = write_typed_payments(tmp_path / "payments.parquet")
    result = compute(shipped("payments"), [path], Q1, known_units=KNOWN, workdir=tmp_path)
    found = quarantined_rows(result.quarantine_path)
    assert [(int(r["row"]), r["reason"], r["column"]) for r in found] == expected
    assert found[0]["amount"] == "-5.00"
    values = {(f.indicator, f.org_unit): f.value for f in result.figures}
    assert values[("KTS_TTKDTM_GIA_TRI", "19")] == Decimal("150000.00")
    assert values[("KTS_TTKDTM_GIAO_DICH", "164")] == 0  # mobile money is not counted
    assert result.reconciliation.read == 8 and result.reconciliation.accepted == 2


def test_amount_text_is_checked(tmp_path):
    columns = ["id", "org_unit", "paid_at", "channel", "amount"]
    rows = [
        ("A1", "-5"),
        ("A2", "12,5"),
        ("A3", "1e3"),
        ("A4", None),
        ("A5", "99999999999999999999999"),
        ("A6", "1500000.505"),
    ]
    records = [
        {"id": i, "org_unit": "19", "paid_at": "2024-03-01", "channel": "pos", "amount": a}
        for i, a in rows
    ]
    path = write_csv(tmp_path / "p.csv", records, columns)
    result = compute(shipped("payments"), [path], Q1, known_units=KNOWN, workdir=tmp_path)
    reasons = [(r["id"], r["reason"]) for r in quarantined_rows(result.quarantine_path)]
    assert reasons == [
        ("A1", "negative_amount"),
        ("A2", "invalid_value"),
        ("A4", "missing_value"),
        ("A5", "invalid_value"),
    ]
    total = result.figure("KTS_TTKDTM_GIA_TRI", "19")
    assert total is not None and total.value == Decimal("1000.00") + Decimal("1500000.51")


def test_a_file_where_every_record_is_broken(tmp_path, dossiers):
    broken_alone = [
        record
        for record, (_, reason, _) in zip(dossier_records(), DOSSIER_ROWS, strict=True)
        if reason not in (None, "duplicate_id")
    ]
    path = write_jsonl(tmp_path / "all-bad.jsonl", broken_alone, DOSSIER_COLUMNS)
    result = compute(dossiers, [path], Q1, known_units=KNOWN, workdir=tmp_path)
    rec = result.reconciliation
    assert rec.read == rec.quarantined == len(broken_alone) == 14
    assert rec.accepted == 0 and result.figures == []
    assert len(quarantined_rows(result.quarantine_path)) == 14


def test_no_quarantine_file_when_every_record_is_good(tmp_path, dossiers):
    records = [
        r for r, (_, reason, _) in zip(dossier_records(), DOSSIER_ROWS, strict=True) if not reason
    ]
    path = write_csv(tmp_path / "good.csv", records, DOSSIER_COLUMNS)
    result = compute(dossiers, [path], Q1, known_units=KNOWN, workdir=tmp_path)
    assert result.quarantine_path is None
    assert result.reconciliation.quarantined == 0
    assert not list(tmp_path.glob("quarantine-*"))


def test_keys_sharing_a_hash_are_told_apart(tmp_path, dossiers, monkeypatch):
    from chuyendoiso.engine.sources import keys

    monkeypatch.setattr(keys, "KEY_HASH", "length(k)")  # every id of one length collides
    records = dossier_records()
    path = write_csv(tmp_path / "broken.csv", records, DOSSIER_COLUMNS)
    result = compute(dossiers, [path], Q1, known_units=KNOWN, workdir=tmp_path)
    found = [
        (int(r["row"]), r["reason"], r["column"]) for r in quarantined_rows(result.quarantine_path)
    ]
    assert found == expected_reasons()


def test_a_quarantine_file_that_cannot_be_written_is_a_clear_error(tmp_path, dossiers):
    from chuyendoiso.engine.domain.errors import CdsError
    from chuyendoiso.engine.sources import engine_duckdb
    from chuyendoiso.engine.sources.inputs import Format, fingerprint

    path = write_csv(tmp_path / "broken.csv", dossier_records(), DOSSIER_COLUMNS)
    target = tmp_path / "no-such-folder" / "quarantine.csv"
    with pytest.raises(CdsError) as caught:
        engine_duckdb.run(
            dossiers,
            [fingerprint(path, Format.CSV)],
            Q1,
            known_units=KNOWN,
            workdir=tmp_path,
            quarantine_path=target,
            progress=lambda _message: None,
        )
    assert caught.value.extra["file"] == str(target)
    assert "quarantine" in caught.value.message
