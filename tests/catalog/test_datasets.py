"""Reporting regimes stored from the catalogue file, exported and imported back unchanged,
audited, and their schedules printed by `cds datasets` over the demo's Thái Nguyên units
(172 communes in 9 districts until 30 June 2025, 92 communes from 1 July 2025)."""

import json
from collections import Counter
from pathlib import Path

import pytest

from chuyendoiso.audit.models import AuditEntry
from chuyendoiso.catalog.models import DataSet, DataSetDeadline
from chuyendoiso.catalog.selectors import datasets_all
from chuyendoiso.engine.files.catalog_file import read_catalog
from tests.test_cli import run

pytestmark = pytest.mark.django_db
SHIPPED = Path(__file__).resolve().parents[2] / "data" / "catalog" / "catalog.yaml"


def schedule(dataset: str, period: str) -> dict:
    result = run(
        "datasets", "schedule", "--dataset", dataset, "--period", period, "--format", "json"
    )
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def by_stage(found: dict) -> Counter:
    return Counter((u["stage"], u["reportsTo"]) for u in found["units"] if u["stage"] != "commune")


def test_the_database_holds_the_shipped_regimes():
    assert datasets_all() == read_catalog(SHIPPED).datasets
    assert [d.code for d in datasets_all()] == [
        "BC_MOT_CUA_THANG",
        "BC_CDS_6THANG",
        "BC_ATTT_QUY",
        "BC_DTI_TU_DANH_GIA",
    ]


def test_export_then_import_gives_the_same_regimes(tmp_path):
    out = tmp_path / "catalog.yaml"
    assert run("catalog", "export", str(out)).exit_code == 0
    exported = read_catalog(out)
    assert exported.datasets == read_catalog(SHIPPED).datasets
    before = AuditEntry.objects.filter(entity="dataset").count()
    result = run("catalog", "import", str(out))
    assert result.exit_code == 0, result.output
    assert "datasets 4" in result.output and "changed 0" in result.output
    assert datasets_all() == exported.datasets
    assert AuditEntry.objects.filter(entity="dataset").count() == before


def test_a_changed_deadline_is_stored_and_audited(tmp_path):
    text = SHIPPED.read_text(encoding="utf-8")
    old = "deadlines: {commune: 3, district: 5, department: 5, compiler: 8, province: 10}"
    assert text.count(old) == 1
    path = tmp_path / "catalog.yaml"
    path.write_text(text.replace(old, old.replace("province: 10", "province: 12")), "utf-8")
    result = run("catalog", "import", str(path), "--actor", "Sở KH&CN")
    assert result.exit_code == 0, result.output
    assert "changed 1" in result.output
    stored = DataSetDeadline.objects.get(dataset__code="BC_ATTT_QUY", stage="province")
    assert stored.days == 12
    row = AuditEntry.objects.filter(entity="dataset").latest("pk")
    assert (row.entity_key, row.actor_name) == ("BC_ATTT_QUY", "Sở KH&CN")
    assert row.before["deadlines"][-1] == {"stage": "province", "days": 10}
    assert row.after["deadlines"][-1] == {"stage": "province", "days": 12}


def test_a_bad_regime_names_its_line_and_writes_nothing(tmp_path):
    text = SHIPPED.read_text(encoding="utf-8")
    entry = "{indicator: ATTT_SOC_LO_HONG}"
    at = text.rindex(entry)  # in BC_ATTT_QUY, the last regime
    number = text[:at].count("\n") + 1
    path = tmp_path / "catalog.yaml"
    path.write_text(text[:at] + "{indicator: ATTT_KHONG_CO}" + text[at + len(entry) :])
    before = DataSet.objects.get(code="BC_ATTT_QUY").entries.count()
    result = run("catalog", "import", str(path))
    assert result.exit_code == 2
    assert f"catalog.yaml:{number}: reason=chỉ tiêu 'ATTT_KHONG_CO' không có" in result.output
    assert "1 lỗi / catalogue file has 1 error" in result.output
    assert DataSet.objects.get(code="BC_ATTT_QUY").entries.count() == before


def test_list():
    result = run("datasets", "list")
    assert result.exit_code == 0, result.output
    assert "BC_MOT_CUA_THANG  Báo cáo tình hình tiếp nhận" in result.output
    assert "kỳ / period: half (nd09)" in result.output
    assert "tổng hợp / compiled by: 19.STTTT, 19.SKHCN" in result.output


def test_a_commune_of_2024_reports_to_its_district():
    found = schedule("BC_MOT_CUA_THANG", "202403")
    assert (found["start"], found["end"]) == ("2024-02-15", "2024-03-14")
    communes = [u for u in found["units"] if u["stage"] == "commune"]
    assert len(communes) == 172
    quan_trieu = next(u for u in communes if u["orgUnit"] == "05431")
    assert (quan_trieu["reportsTo"], quan_trieu["deadline"]) == ("164", "2024-03-15")
    stages = by_stage(found)
    assert stages[("district", "19.VPUBND")] == 9
    assert stages[("compiler", "19")] == 1 and stages[("province", None)] == 1
    districts = {u["orgUnit"]: u["deadline"] for u in found["units"] if u["stage"] == "district"}
    assert set(districts.values()) == {"2024-03-17"}


def test_a_commune_of_2026_reports_to_the_province_directly():
    # the regime has a compiling department: the Office of the People's Committee, for the
    # province; without one the communes would report to 19 (tests/engine: test_regimes)
    found = schedule("BC_MOT_CUA_THANG", "202601")
    communes = [u for u in found["units"] if u["stage"] == "commune"]
    assert len(communes) == 92
    assert {(u["reportsTo"], u["deadline"]) for u in communes} == {("19.VPUBND", "2026-01-15")}
    assert by_stage(found)[("district", "19.VPUBND")] == 0
    province = found["units"][-1]
    assert (province["orgUnit"], province["deadline"]) == ("19", "2026-01-21")


def test_the_compiling_department_changes_with_the_2025_merger():
    assert by_stage(schedule("BC_CDS_6THANG", "2024S1"))[("compiler", "19")] == 1
    compilers = {
        period: [u["orgUnit"] for u in schedule("BC_CDS_6THANG", period)["units"] if u["compiles"]]
        for period in ("2024S1", "2025S1")
    }
    # those that compile: the districts (before 2025), the department in charge, the province
    assert compilers["2024S1"][-2:] == ["19.STTTT", "19"]
    assert compilers["2025S1"][-2:] == ["19.SKHCN", "19"]


def test_text_output():
    result = run("datasets", "schedule", "--dataset", "BC_ATTT_QUY", "--period", "2025Q3")
    assert result.exit_code == 0, result.output
    assert "Kỳ quý III năm 2025 (2025Q3): từ 01/7/2025 đến 30/9/2025" in result.output
    assert "08/10/2025  tổng hợp   19.SKHCN" in result.output


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--dataset", "BC_MOT_CUA_THANG", "--period", "2024S1"], "không phải kỳ của chế độ"),
        (["--dataset", "BC_KHONG_CO", "--period", "202401"], "Không có chế độ báo cáo mã"),
        (["--dataset", "BC_MOT_CUA_THANG", "--period", "202401", "--province", "99"], "tỉnh"),
    ],
)
def test_a_bad_request_is_refused_with_its_reason(args, message):
    result = run("datasets", "schedule", *args)
    assert result.exit_code == 2
    assert message in result.output
