"""``cds dti`` over the test database: the hand-worked year in every format, the what-if, and
clear errors; the loading commands through the same services."""

import json
from decimal import Decimal

import pytest
from click.testing import CliRunner
from openpyxl import load_workbook

from chuyendoiso.audit.models import AuditEntry
from chuyendoiso.cli import main
from tests.engine.dti.fixture import FIXTURE

from .year import INDEX, INDEX_WITH_DRAFT, YEAR, load_year

pytestmark = pytest.mark.django_db
ARGS = ["dti", "--org", "19", "--year", str(YEAR), "--framework", "fixture"]


def run(*args: str):
    return CliRunner().invoke(main, list(args))


def test_json_markdown_and_xlsx_give_the_hand_worked_index(tmp_path):
    load_year()
    done = run(*ARGS, "--format", "json")
    assert done.exit_code == 0, done.output
    data = json.loads(done.output)
    assert Decimal(str(data["index"])) == INDEX
    assert [p["code"] for p in data["pillars"]] == ["CQS", "XHS", "DTTM"]
    unscored = {c["code"]: c["status"] for c in data["components"] if c["points"] is None}
    assert unscored == {"XHS_04": "no_points", "DTTM_01": "not_scored"}
    assert data["best_changes"][0]["component"] == "CQS_02"
    markdown = run(*ARGS).output
    assert "**Chỉ số DTI: 0,7750**" in markdown and "chưa có điểm chính thức" in markdown
    book = tmp_path / "dti.xlsx"
    assert run(*ARGS, "--format", "xlsx", "-o", str(book)).exit_code == 0
    sheets = load_workbook(book)
    summary = {row[0]: row[1] for row in sheets["Tong hop"].iter_rows(values_only=True)}
    assert summary["Chỉ số DTI"] == float(INDEX)
    components = list(sheets["Chi so thanh phan"].iter_rows(values_only=True))
    assert ("CQS_01", 60.0, "đã phê duyệt", 15.0) in [(r[0], r[5], r[7], r[9]) for r in components]


def test_drafts_and_what_if():
    load_year()
    typed = json.loads(run(*ARGS, "--format", "json", "--what-if", "CQS_01=79,5").output)
    assert typed["what_if"] == {"CQS_01": "79.5"}
    # 20 x 79.5/80 = 19.875: (19.875 + 15 + 10 + 5 + 32.5) / 100 = 0.82375, shown 0.8238
    assert Decimal(str(typed["index"])) == Decimal("0.8238")
    drafts = json.loads(run(*ARGS, "--format", "json", "--drafts").output)
    assert Decimal(str(drafts["index"])) == INDEX_WITH_DRAFT
    what_if = json.loads(run(*ARGS, "--format", "json", "--what-if", "CQS_01=80").output)
    assert Decimal(str(what_if["index"])) == Decimal("0.825")
    assert what_if["what_if"] == {"CQS_01": "80"}


def test_bad_requests_are_named():
    load_year()
    unknown = run(*ARGS, "--what-if", "KHONG_CO=1")
    assert unknown.exit_code != 0 and "KHONG_CO" in unknown.output
    for pair, said in [
        ("CQS_01=tám", "not a number"),
        ("CQS_01=NaN", "not a number"),
        ("CQS_01=-5", "must not be negative"),
        ("CQS_01=80.5", "a dot separates thousands"),  # the entry form's reading
        ("CQS_01", "CODE=NUMBER"),
        ("XHS_03=5", "XHS_03"),  # a formula follows the components it reads
        ("XHS_04=5", "XHS_04"),  # no official points: not scored
    ]:
        bad = run(*ARGS, "--what-if", pair)
        assert bad.exit_code == 2 and said in bad.output, (pair, bad.output)
    assert "999" in run("dti", "--org", "19", "--year", "2024", "--framework", "999").output
    assert "-o" in run(*ARGS, "--format", "xlsx").output


def test_the_markdown_passes_the_fact_check_of_the_province(tmp_path):
    """The DTI report the product writes, read back by its own fact-checker against the
    approved figures of the province: nothing in it fails to add up."""
    written = tmp_path / "dti.md"
    for number in ("922", "405"):
        done = run(
            "dti", "--org", "19", "--year", "2024", "--framework", number, "-o", str(written)
        )
        assert done.exit_code == 0, done.output
        assert "lên" in written.read_text(encoding="utf-8")  # it states best changes
        checked = run("factcheck", str(written), "--org", "19")
        assert checked.exit_code == 0, checked.output
        assert " 0 không khớp" in checked.output


def test_loading_commands_write_through_the_services(tmp_path):
    done = run("dti-framework", "load", str(FIXTURE), "--actor", "kiem.thu")
    assert done.exit_code == 0, done.output
    entry = AuditEntry.objects.get(action="dti_framework_load", entity_key="DTI_FIXTURE")
    assert entry.actor_name == "kiem.thu"
    assert "DTI_FIXTURE" in run("dti-framework", "list").output
    bad = tmp_path / "bad.csv"
    bad.write_text("year,framework\n2022,DTI2022\n", encoding="utf-8")
    refused = run("dti-published", "import", str(bad))
    assert refused.exit_code != 0 and "header" in refused.output
    latin = tmp_path / "latin.csv"
    latin.write_bytes("year,framework\n2022,Thái\n".encode("cp1258"))
    refused = run("dti-published", "import", str(latin))
    assert refused.exit_code == 2 and "UTF-8" in refused.output and "latin.csv" in refused.output
