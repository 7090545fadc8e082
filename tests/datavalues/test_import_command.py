"""`cds import FILE`: a values CSV or a dataValueSets payload, dry run first, all or nothing,
the same file twice changes nothing the second time."""

import json

import pytest
from click.testing import CliRunner

from chuyendoiso.audit.models import AuditEntry
from chuyendoiso.cli import main
from chuyendoiso.datavalues.models import DataValue

pytestmark = pytest.mark.django_db


def run(*args: str):
    return CliRunner().invoke(main, list(args))


def _stored(code: str) -> str:
    row = DataValue.objects.get(indicator__code=code, org_unit__code="19", period="2024S1")
    return f"{row.value.normalize():f}"


def _payload(tmp_path, subscribers: int):
    path = tmp_path / "set.json"
    values = [
        {"dataElement": "HTS_TB_DI_DONG", "value": str(subscribers), "comment": "đã rà soát"},
        {"dataElement": "HTS_BTS", "value": _stored("HTS_BTS")},
    ]
    path.write_text(
        json.dumps(
            {"dataSet": "BC_6THANG", "period": "2024S1", "orgUnit": "19", "dataValues": values}
        ),
        encoding="utf-8",
    )
    return path


def test_a_dry_run_counts_and_writes_nothing_then_the_import_writes(tmp_path):
    new = int(_stored("HTS_TB_DI_DONG")) + 1
    path = _payload(tmp_path, new)
    audit_rows = AuditEntry.objects.count()
    dry = run("import", str(path), "--dry-run", "--format", "json", "--actor", "t")
    assert dry.exit_code == 0, dry.output
    summary = json.loads(dry.output)
    assert summary["status"] == "SUCCESS" and summary["dryRun"] is True
    assert summary["importCount"]["updated"] >= 1
    assert _stored("HTS_TB_DI_DONG") == str(new - 1)
    assert AuditEntry.objects.count() == audit_rows
    done = run("import", str(path), "--format", "json", "--actor", "t")
    assert done.exit_code == 0, done.output
    assert _stored("HTS_TB_DI_DONG") == str(new)
    again = json.loads(run("import", str(path), "--format", "json").output)
    assert again["importCount"] == {"imported": 0, "updated": 0, "ignored": 2, "deleted": 0}


def test_a_payload_with_problems_writes_nothing_and_lists_each_conflict(tmp_path):
    path = tmp_path / "bad.json"
    values = [
        {"dataElement": "HTS_TB_DI_DONG", "value": "1"},
        {"dataElement": "KHONG_CO", "value": "2"},
        {"dataElement": "HTS_BTS", "value": "ba"},
    ]
    path.write_text(
        json.dumps({"period": "2024S1", "orgUnit": "19", "dataValues": values}), encoding="utf-8"
    )
    before = _stored("HTS_TB_DI_DONG")
    result = run("import", str(path), "--format", "json")
    assert result.exit_code == 1
    summary = json.loads(result.output)
    assert summary["status"] == "ERROR"
    assert [c["object"] for c in summary["conflicts"]] == [
        "dataValues[1].dataElement",
        "dataValues[2].value",
    ]
    assert _stored("HTS_TB_DI_DONG") == before


def test_an_exported_csv_imports_with_nothing_changed(tmp_path):
    path = tmp_path / "values.csv"
    assert (
        run("values", "export", "--org", "19", "--period", "2024S1", "-o", str(path)).exit_code == 0
    )
    result = run("import", str(path))
    assert result.exit_code == 0, result.output
    assert "mới / new 0, đổi / updated 0" in result.output


def test_an_unknown_file_type_is_refused_naming_the_accepted_ones(tmp_path):
    path = tmp_path / "values.xml"
    path.write_text("<x/>", encoding="utf-8")
    result = run("import", str(path))
    assert result.exit_code == 2
    assert ".csv" in result.output and ".json" in result.output
