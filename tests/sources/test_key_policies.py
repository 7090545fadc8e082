"""Key policies through the service: runs one after another over files full of repeats
store what one run over every file gives (the id ledger), and `cds sources verify`."""

from datetime import datetime
from pathlib import Path

import pytest
from click.testing import CliRunner

from chuyendoiso.cli import main
from chuyendoiso.datavalues.models import DataValue
from chuyendoiso.sources.models import SourceRun
from chuyendoiso.sources.services import source_compute
from tests.engine.sources.versions import expected, read_records, write_files

pytestmark = pytest.mark.django_db

PERIOD = "2024-01-01..2024-04-30"
PERIOD_END = datetime(2024, 5, 1)


@pytest.fixture
def policy_source(settings, tmp_path):
    """The shipped dossier definition with another key policy, in a data folder of its own;
    the runs' files (ledger, quarantine) in another."""
    shipped = Path(settings.REFERENCE_DATA_DIR) / "sources" / "dossiers.yaml"
    settings.DATA_DIR = tmp_path / "var"

    def use(policy: str) -> None:
        folder = tmp_path / f"data-{policy}" / "sources"
        folder.mkdir(parents=True)
        text = shipped.read_text(encoding="utf-8").replace(
            "org_unit: org_unit\n", f"org_unit: org_unit\nkey_policy: {policy}\n"
        )
        if policy == "latest":
            text = text.replace(
                "key_policy: latest\n", "key_policy: latest\nlatest_by: updated_at\n"
            )
        (folder / "dossiers.yaml").write_text(text, encoding="utf-8")
        settings.REFERENCE_DATA_DIR = str(folder.parent)

    return use


def stored_counts() -> dict[tuple[str, str], int]:
    rows = DataValue.objects.filter(
        origin="computed",
        period=PERIOD,
        indicator__code__in=["CQS_HS_TIEP_NHAN", "CQS_HS_DA_XU_LY"],
    ).select_related("indicator", "org_unit")
    return {(r.indicator.code, r.org_unit.code): int(r.value) for r in rows if r.value}


@pytest.mark.parametrize("policy", ["unique", "latest"])
def test_runs_one_after_another_store_what_one_run_over_every_file_gives(
    policy_source, tmp_path, policy
):
    policy_source(policy)
    paths = write_files(tmp_path / "in", files=4, per_file=250, ids=400, seed=5)
    for last in (1, 2, 4):  # a month, then the next, then two more
        outcome = source_compute(
            acting_user=None, source="dossiers", inputs=paths[:last], period_id=PERIOD
        )
        reconciliation = outcome.result.reconciliation
        assert reconciliation.read == (
            reconciliation.accepted + reconciliation.superseded + reconciliation.quarantined
        )
    want = expected(policy, read_records(paths))
    assert stored_counts() == want.counts(PERIOD_END)
    last_run = SourceRun.objects.first()
    assert last_run.key_policy == policy
    if policy == "unique":
        assert outcome.result.reconciliation.by_reason["duplicate_id"] > 100
        assert [f.path.name for f in outcome.new_files] == ["export-02.csv", "export-03.csv"]
    else:  # the earlier files whose kept versions the new ones replaced were read again
        assert last_run.superseded > 0
        assert {"export-02.csv", "export-03.csv"} < {f.path.name for f in outcome.new_files}


def test_a_trusted_source_is_not_searched_and_verify_finds_its_repeats(policy_source, tmp_path):
    policy_source("trusted")
    paths = write_files(tmp_path / "in", files=2, per_file=200, ids=300, seed=9)
    result = CliRunner().invoke(
        main,
        ["sources", "compute", "dossiers", "--input", str(tmp_path / "in"), "--period", PERIOD],
    )
    assert result.exit_code == 0, result.output
    assert "key_policy: trusted" in result.output and "cds sources verify" in result.output
    assert SourceRun.objects.get().key_policy == "trusted"
    assert not list((tmp_path / "var").rglob("ledger/**/*.parquet"))

    verified = CliRunner().invoke(main, ["sources", "verify", "dossiers", "--period", PERIOD])
    assert verified.exit_code == 1, verified.output
    repeats = expected("unique", read_records(paths)).by_reason["duplicate_id"]
    assert f"duplicate_id: {repeats}" in verified.output and repeats > 50

    clean = tmp_path / "clean"
    write_files(clean, files=1, per_file=20, ids=10**6, seed=1)
    again = CliRunner().invoke(
        main, ["sources", "verify", "dossiers", "--period", PERIOD, "--input", str(clean)]
    )
    assert again.exit_code == 0, again.output
    assert "duplicate_id: 0" in again.output
