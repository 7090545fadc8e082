"""The aggregate with checks evaluated per group of like records gives exactly the rows of
the reference aggregate (every check and filter evaluated per record), on broken records of
every format and on filters mixing per-record and grouped columns under NOT, OR and NULL."""

from dataclasses import replace

import pytest

from chuyendoiso.engine.domain.periods import parse_period
from chuyendoiso.engine.sources import KeyPolicy, compute, grouped
from chuyendoiso.engine.sources.definitions_file import parse_source

from .broken import (
    DOSSIER_COLUMNS,
    dossier_records,
    write_csv,
    write_jsonl,
    write_malformed_csv,
    write_text_parquet,
    write_typed_payments,
)
from .conftest import SOURCES_DIR, shipped

PERIOD = parse_period("2024-01-01..2024-12-31")
KNOWN = {"19", "164", "05434"}
# filters whose parts read per-record columns (dates, booleans) inside NOT and OR, beside
# grouped ones (status, channel), where an unknown value must stay unknown
MIXED = """
  - indicator: CQS_HS_DUNG_HAN
    measure: count
    date: received_at
    filter: NOT (processed_at <= due_at) OR status = 'received'
  - indicator: CQS_HS_KQ_DIEN_TU
    measure: count
    date: received_at
    filter: NOT (has_electronic_result AND channel = 'online')
  - indicator: CQS_HS_TOAN_TRINH
    measure: count
    date: due_at
    filter: CASE WHEN status = 'returned' THEN processed_at ELSE received_at END > due_at
"""


def mixed_definition():
    text = (SOURCES_DIR / "dossiers.yaml").read_text(encoding="utf-8")
    head = text.split("metrics:")[0]
    return parse_source(head + "metrics:" + MIXED)


def both_ways(definition, paths, tmp_path, monkeypatch):
    results = []
    for use in (True, False):
        monkeypatch.setattr(grouped, "applies", lambda _d, use=use: use)
        results.append(
            compute(definition, paths, PERIOD, known_units=KNOWN, workdir=tmp_path / str(use))
        )
    return results


def same(a, b):
    assert a.figures == b.figures
    assert a.partials == b.partials
    assert a.reconciliation == b.reconciliation


@pytest.mark.parametrize("fmt", ["csv", "jsonl", "parquet"])
@pytest.mark.parametrize("which", ["shipped", "mixed"])
def test_broken_dossiers_give_the_same_rows_both_ways(fmt, which, tmp_path, monkeypatch):
    records = dossier_records()
    records += [
        {**r, "id": f"N{n}", "processed_at": None, "has_electronic_result": None}
        for n, r in enumerate(records)
    ]
    write = {"csv": write_csv, "jsonl": write_jsonl, "parquet": write_text_parquet}[fmt]
    path = write(tmp_path / f"dossiers.{fmt}", records, DOSSIER_COLUMNS)
    definition = shipped("dossiers") if which == "shipped" else mixed_definition()
    with_groups, reference = both_ways(definition, [path], tmp_path, monkeypatch)
    same(with_groups, reference)
    assert with_groups.reconciliation.quarantined > 10


def test_malformed_lines_and_typed_amounts_give_the_same_rows(tmp_path, monkeypatch):
    malformed, _, _ = write_malformed_csv(tmp_path)
    same(*both_ways(shipped("dossiers"), [malformed], tmp_path / "d", monkeypatch))
    payments, _ = write_typed_payments(tmp_path / "payments.parquet")
    with_groups, reference = both_ways(shipped("payments"), [payments], tmp_path / "p", monkeypatch)
    same(with_groups, reference)
    assert any(f.value for f in with_groups.figures)


def test_a_trusted_source_gives_the_same_rows(tmp_path, monkeypatch):
    path = write_csv(tmp_path / "d.csv", dossier_records(), DOSSIER_COLUMNS)
    trusted = replace(shipped("dossiers"), key_policy=KeyPolicy.TRUSTED)
    same(*both_ways(trusted, [path], tmp_path, monkeypatch))


def test_a_distinct_count_takes_the_reference_way():
    assert not grouped.applies(shipped("soc_events"))
    assert grouped.applies(shipped("dossiers"))
