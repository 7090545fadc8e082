"""Computing indicators from raw records, through the data-value import, with lineage."""

import json
from decimal import Decimal
from pathlib import Path

import pytest
from click.testing import CliRunner

from chuyendoiso.cli import main
from chuyendoiso.datavalues.models import DataValue
from chuyendoiso.sources.models import SourceFile, SourceRun
from chuyendoiso.sources.services import source_compute
from tests.sources.seed_records import generate_seed_dossiers

pytestmark = pytest.mark.django_db

SEED_PERIOD = "2024-01-01..2024-05-27"
# the seed report's dossier figures for 01/01-27/05/2024
SEED = {
    "CQS_HS_TIEP_NHAN": Decimal(275540),
    "CQS_HS_DA_XU_LY": Decimal(262969),
    "CQS_HS_DUNG_HAN_TY_LE": Decimal("99.63"),
    "CQS_HS_KQ_DIEN_TU_TY_LE": Decimal("78.72"),
    "CQS_HS_SO_HOA_TY_LE": Decimal("76.45"),
    "CQS_HS_TAI_SU_DUNG_TY_LE": Decimal("77.21"),
}


def run(*args: str):
    return CliRunner().invoke(main, list(args))


@pytest.fixture(scope="module")
def seed_dossiers(tmp_path_factory):
    return generate_seed_dossiers(tmp_path_factory.mktemp("dossiers"))


def computed_province_totals(period: str) -> dict[str, Decimal]:
    """The computed commune values added up here, ratios from their summed parts."""
    rows = DataValue.objects.filter(origin="computed", period=period, status="approved")
    sums: dict[str, list[Decimal]] = {}
    for row in rows.select_related("indicator"):
        total = sums.setdefault(row.indicator.code, [Decimal(0), Decimal(0), Decimal(0)])
        total[0] += row.value
        if row.numerator is not None:
            total[1] += row.numerator
            total[2] += row.denominator
    return {
        code: ((total[1] * 100 / total[2]).quantize(Decimal("0.01")) if total[2] else total[0])
        for code, total in sums.items()
    }


def test_the_seed_dossier_figures_are_reproduced_and_stored(seed_dossiers):
    result = run(
        "sources",
        "compute",
        "dossiers",
        "--input",
        str(seed_dossiers),
        "--period",
        SEED_PERIOD,
        "--format",
        "json",
    )
    assert result.exit_code == 0, result.output
    output = json.loads(result.output[result.output.index("{") :])
    assert output["reconciliation"]["read"] == 275540
    assert output["reconciliation"]["quarantined"] == 0 and output["loaded"]
    totals = computed_province_totals(SEED_PERIOD)
    assert {code: totals[code] for code in SEED} == SEED
    run_row = SourceRun.objects.get(pk=output["run"])
    assert (run_row.read, run_row.accepted, run_row.engine) == (275540, 275540, "duckdb")
    assert SourceFile.objects.get(run=run_row).sha256 == output["new_files"][0]["sha256"]
    assert (
        DataValue.objects.filter(source="connector:dossiers").exclude(origin="computed").count()
        == 0
    )


def test_running_again_on_the_same_files_changes_nothing(seed_dossiers):
    first = source_compute(
        acting_user=None, source="dossiers", inputs=[seed_dossiers], period_id=SEED_PERIOD
    )
    values = list(DataValue.objects.filter(origin="computed").values_list("id", "value"))
    again = source_compute(
        acting_user=None, source="dossiers", inputs=[seed_dossiers], period_id=SEED_PERIOD
    )
    assert first.run is not None and again.run is None and again.result is None
    assert SourceRun.objects.count() == 1
    assert list(DataValue.objects.filter(origin="computed").values_list("id", "value")) == values
    assert sorted(f.value for f in again.figures) == sorted(f.value for f in first.figures)


def test_a_new_file_adds_to_the_stored_parts(seed_dossiers, tmp_path):
    source_compute(
        acting_user=None, source="dossiers", inputs=[seed_dossiers], period_id=SEED_PERIOD
    )
    extra = tmp_path / "more"
    result = run(
        "sources",
        "generate",
        "dossiers",
        "--rows",
        "1000",
        "--seed",
        "8",
        "-o",
        str(extra / "dossiers-extra.parquet"),
    )
    assert result.exit_code == 0
    outcome = source_compute(
        acting_user=None, source="dossiers", inputs=[seed_dossiers, extra], period_id=SEED_PERIOD
    )
    assert [f.path.name for f in outcome.new_files] == ["dossiers-extra.parquet"]
    assert outcome.result.reconciliation.read == 1000  # only the new file was read
    totals = computed_province_totals(SEED_PERIOD)
    assert totals["CQS_HS_TIEP_NHAN"] == 276540


def test_broken_records_are_quarantined_and_reconciled(tmp_path):
    path = tmp_path / "dossiers-bad.csv"
    header = (
        "id,org_unit,received_at,processed_at,due_at,status,channel,has_electronic_result,"
        "is_digitised,reused_digitised_data,fully_online"
    )
    tail = ",2024-02-10 17:00:00,received,online,false,false,false,false"
    rows = [
        "A1,05431,2024-02-01 08:00:00," + tail,
        "A1,05431,2024-02-01 08:00:00," + tail,  # duplicate id
        "A2,99999,2024-02-01 08:00:00," + tail,  # unknown org unit
        "A3,05431,not a date," + tail,  # unparsable date
        ",05431,2024-02-01 08:00:00," + tail,  # missing key
    ]
    path.write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    outcome = source_compute(
        acting_user=None, source="dossiers", inputs=[path], period_id=SEED_PERIOD, dry_run=True
    )
    reconciliation = outcome.result.reconciliation
    assert reconciliation.read == 5
    assert reconciliation.read == reconciliation.accepted + reconciliation.quarantined
    assert reconciliation.quarantined == 4
    assert outcome.result.quarantine_path.exists()
    assert outcome.run is None and not SourceRun.objects.exists()


def test_unknown_source_is_a_clear_error(tmp_path):
    result = run("sources", "compute", "invoices", "--input", str(tmp_path), "--period", "2024")
    assert result.exit_code == 2
    assert "invoices" in result.output and "dossiers" in result.output


def test_a_source_is_only_a_shipped_definition_named_as_its_file(tmp_path, settings):
    result = run(
        "sources", "compute", "../catalog/catalog", "--input", str(tmp_path), "--period", "2024"
    )
    assert result.exit_code == 2 and "unknown source" in result.output
    shipped = Path(settings.REFERENCE_DATA_DIR) / "sources" / "civil_status_events.yaml"
    (tmp_path / "sources").mkdir()
    (tmp_path / "sources" / "births.yaml").write_text(shipped.read_text(encoding="utf-8"))
    settings.REFERENCE_DATA_DIR = str(tmp_path)
    result = run("sources", "compute", "births", "--input", str(tmp_path), "--period", "2024")
    assert result.exit_code == 2
    assert "births.yaml" in result.output and "civil_status_events" in result.output


def _events(folder, name, seed, rows=200):
    result = run(
        "sources",
        "generate",
        "civil_status_events",
        "--rows",
        str(rows),
        "--seed",
        str(seed),
        "-o",
        str(folder / name),
    )
    assert result.exit_code == 0, result.output
    return folder / name


def test_generate_takes_the_format_from_the_suffix_and_refuses_an_unknown_one(tmp_path):
    lines = _events(tmp_path, "events.ndjson", seed=3, rows=5).read_text().splitlines()
    assert len(lines) == 5 and lines[0].startswith("{")  # JSON Lines, not Parquet bytes
    result = run(
        "sources", "generate", "civil_status_events", "--rows", "5", "-o", str(tmp_path / "e.xlsx")
    )
    assert result.exit_code == 2
    assert "e.xlsx" in result.output and ".parquet" in result.output
    assert not (tmp_path / "e.xlsx").exists()


def test_a_copy_of_a_file_in_the_same_run_is_read_once(tmp_path):
    first = _events(tmp_path, "events.parquet", seed=3)
    (tmp_path / "events-copy.parquet").write_bytes(first.read_bytes())
    outcome = source_compute(
        acting_user=None, source="civil_status_events", inputs=[tmp_path], period_id="2024"
    )
    assert [f.path.name for f in outcome.new_files] == ["events-copy.parquet"]
    assert [f.path.name for f in outcome.known_files] == ["events.parquet"]
    assert outcome.result.reconciliation.read == 200
    assert outcome.result.reconciliation.quarantined == 0  # not 200 duplicate ids
    assert SourceFile.objects.count() == 1


def test_the_quarantine_file_of_a_run_is_its_own(tmp_path):
    # distinct counts make a second pass over every file: it must not replace the
    # quarantine file of the run's new files
    old, new = tmp_path / "old", tmp_path / "new"
    old.mkdir(), new.mkdir()
    header = "id,org_unit,created_at,facility_id,connected"
    (old / "a.csv").write_text(
        f"{header}\nH1,05431,2024-01-02,F1,true\nH2,99999,2024-01-02,F1,true\n", encoding="utf-8"
    )
    source_compute(acting_user=None, source="health_records", inputs=[old], period_id="2024")
    (new / "b.csv").write_text(
        f"{header}\nH3,05431,2024-01-03,F2,true\nH4,05431,not a date,F2,true\n", encoding="utf-8"
    )
    outcome = source_compute(
        acting_user=None, source="health_records", inputs=[old, new], period_id="2024"
    )
    assert outcome.result.reconciliation.by_reason == {"invalid_date": 1}
    with outcome.result.quarantine_path.open(encoding="utf-8") as handle:
        reasons = [line.split(",")[2] for line in handle.read().splitlines()[1:]]
    assert reasons == ["invalid_date"]
    facilities = {f.indicator: f.value for f in outcome.figures if f.org_unit == "05431"}
    assert facilities["XHS_CSKCB_KET_NOI"] == 2 and facilities["XHS_HSSK"] == 2


def test_files_left_out_of_a_folder_are_named(tmp_path):
    _events(tmp_path, "events.csv", seed=4, rows=20)
    (tmp_path / "events.xlsx").write_bytes(b"PK")
    result = run(
        "sources",
        "compute",
        "civil_status_events",
        "--input",
        str(tmp_path),
        "--period",
        "2024",
        "--dry-run",
        "--format",
        "json",
    )
    assert result.exit_code == 0, result.output
    output = json.loads(result.output[result.output.index("{") :])
    assert output["files_skipped"] == [str(tmp_path / "events.xlsx")]
    assert output["reconciliation"]["outside_period"] == 0
    text = run(
        "sources", "compute", "civil_status_events", "--input", str(tmp_path), "--period", "2024"
    )
    assert f"skipped: {tmp_path / 'events.xlsx'}" in text.output


def _only_births(monkeypatch):
    """The shipped civil-status definition, edited to count births only."""
    from dataclasses import replace

    from chuyendoiso.sources import services

    shipped = services.source_definition("civil_status_events")
    edited = replace(shipped, metrics=(replace(shipped.metrics[0], filter="event_type = 'birth'"),))
    assert edited.sha256 != shipped.sha256
    monkeypatch.setattr(services, "source_definition", lambda code: edited)


def _count(path, where="TRUE"):
    import duckdb

    sql = (
        f"SELECT COUNT(*) FROM read_parquet('{path}') WHERE year(registered_at) = 2024 AND {where}"
    )
    return duckdb.sql(sql).fetchall()[0][0]


def _province_total(indicator="CQS_HO_TICH_SU_KIEN", period="2024"):
    rows = DataValue.objects.filter(indicator__code=indicator, period=period, origin="computed")
    return sum(row.value for row in rows)


def test_a_changed_definition_reads_the_stored_files_again(tmp_path, monkeypatch):
    first = _events(tmp_path / "a", "events.parquet", seed=3)
    source_compute(acting_user=None, source="civil_status_events", inputs=[first], period_id="2024")
    assert _province_total() == _count(first)
    second = _events(tmp_path / "b", "more.parquet", seed=4, rows=50)
    _only_births(monkeypatch)
    # only the new file is given: the stored one is read again from where it was loaded
    outcome = source_compute(
        acting_user=None, source="civil_status_events", inputs=[second], period_id="2024"
    )
    assert sorted(f.path.name for f in outcome.new_files) == ["events.parquet", "more.parquet"]
    assert outcome.result.reconciliation.read == 250
    births = _count(first, "event_type = 'birth'") + _count(second, "event_type = 'birth'")
    assert 0 < births < _count(first) and _province_total() == births
    assert SourceFile.objects.count() == 2
    # unchanged since: nothing is read again
    again = source_compute(
        acting_user=None, source="civil_status_events", inputs=[second], period_id="2024"
    )
    assert again.result is None and again.run is None


def test_a_changed_definition_needs_the_stored_files_and_writes_nothing_without_them(
    tmp_path, monkeypatch
):
    first = _events(tmp_path / "a", "events.parquet", seed=3)
    source_compute(acting_user=None, source="civil_status_events", inputs=[first], period_id="2024")
    runs, total = SourceRun.objects.count(), _province_total()
    first.unlink()
    second = _events(tmp_path / "b", "more.parquet", seed=4, rows=50)
    _only_births(monkeypatch)
    result = run(
        "sources", "compute", "civil_status_events", "--input", str(second), "--period", "2024"
    )
    assert result.exit_code == 2
    assert str(first) in result.output and "give them again" in result.output
    assert SourceRun.objects.count() == runs and _province_total() == total


def test_distinct_counts_cover_stored_files_not_given(tmp_path):
    header = "id,org_unit,created_at,facility_id,connected"
    old, new = tmp_path / "old", tmp_path / "new"
    old.mkdir(), new.mkdir()
    (old / "a.csv").write_text(f"{header}\nH1,05431,2024-01-02,F1,true\n", encoding="utf-8")
    source_compute(acting_user=None, source="health_records", inputs=[old], period_id="2024")
    (new / "b.csv").write_text(f"{header}\nH2,05431,2024-01-03,F2,true\n", encoding="utf-8")
    outcome = source_compute(
        acting_user=None, source="health_records", inputs=[new], period_id="2024"
    )
    facilities = {f.indicator: f.value for f in outcome.figures if f.org_unit == "05431"}
    assert facilities["XHS_CSKCB_KET_NOI"] == 2 and facilities["XHS_HSSK"] == 2
