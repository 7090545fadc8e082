"""Validation rules over stored values: the catalogue import stores them, `cds validate`
evaluates them, and an import is refused on an error rule and reports a warning."""

import json
from dataclasses import replace
from decimal import Decimal

import pytest
from click.testing import CliRunner
from django.conf import settings

from chuyendoiso.audit.models import AuditEntry
from chuyendoiso.catalog.models import ValidationRule
from chuyendoiso.catalog.selectors import catalog_get
from chuyendoiso.catalog.services import catalog_import
from chuyendoiso.cli import main
from chuyendoiso.datavalues.models import DataValue
from chuyendoiso.datavalues.services import datavalues_import
from chuyendoiso.engine.domain.datavalues import DataValue as Value
from chuyendoiso.engine.domain.datavalues import Status
from chuyendoiso.engine.domain.errors import ValidationError
from chuyendoiso.engine.domain.periods import parse_period
from chuyendoiso.engine.files.catalog_file import read_catalog
from chuyendoiso.engine.rules import Outcome
from chuyendoiso.orgunits.selectors import orgunit_resolve
from chuyendoiso.validation.selectors import rules_evaluate

pytestmark = pytest.mark.django_db

SHIPPED = settings.REFERENCE_DATA_DIR / "catalog" / "catalog.yaml"
ACTIVATION = "DDDT_KICH_HOAT_KHONG_VUOT_THU_NHAN"
DOSSIERS = "HS_XU_LY_KHONG_VUOT_TIEP_NHAN"
DOSSIER_DAYS = "2024-01-01..2024-05-27"


def run(*args: str):
    return CliRunner().invoke(main, list(args))


def result_of(code: str, org: str, period: str):
    found = parse_period(period)
    unit = orgunit_resolve(org, start=found.start, end=found.end)
    validation = rules_evaluate(org_unit=unit, period=found)
    [result] = [r for r in validation.results if r.rule.code == code and r.period == period]
    return result


def test_the_catalogue_import_stores_the_files_rules_in_order():
    shipped = read_catalog(SHIPPED).rules
    assert len(shipped) > 30
    assert catalog_get().rules == shipped
    assert list(ValidationRule.objects.values_list("code", flat=True)[:2]) == [ACTIVATION, DOSSIERS]


def test_a_changed_or_removed_rule_is_audited_and_a_removed_one_is_gone():
    catalog = read_catalog(SHIPPED)
    changed = replace(catalog.rules[0], message_vi="Thông báo mới")
    catalog_import(acting_user=None, catalog=replace(catalog, rules=(changed, *catalog.rules[2:])))
    assert not ValidationRule.objects.filter(code=DOSSIERS).exists()
    rows = AuditEntry.objects.filter(action="catalog_import", entity="rule").order_by("pk")
    by_key = {row.entity_key: row for row in rows}  # the latest row of each rule
    assert by_key[ACTIVATION].after == {"message_vi": "Thông báo mới"}
    assert by_key[DOSSIERS].after is None
    assert by_key[DOSSIERS].before["expression"] == "CQS_HS_DA_XU_LY <= CQS_HS_TIEP_NHAN"
    summary = AuditEntry.objects.filter(action="catalog_import", entity="catalog").latest("pk")
    assert summary.after["rules"] == len(catalog.rules) - 1


def test_the_seeds_pairs_hold_with_their_figures():
    activation = result_of(ACTIVATION, "19", "20240415")
    assert activation.outcome is Outcome.HOLDS
    assert {used.label: used.value for used in activation.used} == {
        "CQS_DDDT_KICH_HOAT": Decimal(786370),
        "CQS_DDDT_THU_NHAN": Decimal(822099),
    }
    dossiers = result_of(DOSSIERS, "19", DOSSIER_DAYS)
    assert dossiers.outcome is Outcome.HOLDS
    assert {used.label: used.value for used in dossiers.used} == {
        "CQS_HS_DA_XU_LY": Decimal(262969),
        "CQS_HS_TIEP_NHAN": Decimal(275540),
    }


def test_cds_validate_on_the_seed_half_year_finds_nothing_wrong():
    result = run("validate", "--org", "19", "--period", "2024S1", "--format", "json")
    assert result.exit_code == 0, result.output
    document = json.loads(result.output)
    assert document["violations"] == []
    assert document["counts"]["holds"] >= 20  # the seed's figures are checked, not skipped
    text = run("validate", "--org", "19", "--period", "2024S1")
    assert text.exit_code == 0
    assert "0 error(s), 0 warning(s)" in text.output


def test_cds_validate_catches_a_planted_violation_and_shows_its_values():
    DataValue.objects.filter(
        indicator__code="CQS_DDDT_KICH_HOAT", org_unit__code="19", period="20240415"
    ).update(value=Decimal(900000))
    result = run("validate", "--org", "19", "--period", "2024S1")
    assert result.exit_code == 1, result.output
    assert f"LỖI / ERROR {ACTIVATION} [19 20240415]" in result.output
    assert "CQS_DDDT_KICH_HOAT = 900000; CQS_DDDT_THU_NHAN = 822099" in result.output
    document = json.loads(
        run("validate", "--org", "19", "--period", "20240415", "--format", "json").output
    )
    [violation] = document["violations"]
    assert violation["rule"] == ACTIVATION and violation["severity"] == "error"
    assert [(v["indicator"], v["value"]) for v in violation["values"]] == [
        ("CQS_DDDT_KICH_HOAT", "900000"),
        ("CQS_DDDT_THU_NHAN", "822099"),
    ]


def test_a_draft_is_read_in_place_of_the_approved_value():
    approved = DataValue.objects.get(
        indicator__code="CQS_DDDT_KICH_HOAT", org_unit__code="19", period="20240415"
    )
    approved.pk = None
    approved.status, approved.value = Status.DRAFT.value, Decimal(822100)
    approved.save()
    assert result_of(ACTIVATION, "19", "20240415").outcome is Outcome.FAILS


def activated(value: int, **changes: object) -> Value:
    return Value(
        indicator="CQS_DDDT_KICH_HOAT",
        org_unit="19",
        period="20240415",
        value=Decimal(value),
        **changes,
    )


def test_an_import_that_breaks_an_error_rule_is_refused_whole_with_the_rows():
    other = replace(activated(5), indicator="NTS_BAO_TIN_BAI", period="2024Q3")
    with pytest.raises(ValidationError) as caught:
        datavalues_import(
            acting_user=None,
            values=[other, activated(822100)],
            source_name="file.csv",
            source_rows=[2, 3],
        )
    [problem] = caught.value.extra["errors"]
    assert problem["row"] == "3"  # the imported value; the stored one has no row
    assert problem["rule"] == ACTIVATION
    assert (problem["org_unit"], problem["period"]) == ("19", "20240415")
    assert problem["values"] == "CQS_DDDT_KICH_HOAT = 822100; CQS_DDDT_THU_NHAN = 822099"
    assert not DataValue.objects.filter(indicator__code="NTS_BAO_TIN_BAI", period="2024Q3")


def test_both_values_of_a_pair_imported_together_are_checked_together():
    received = replace(activated(800000), indicator="CQS_DDDT_THU_NHAN")
    summary = datavalues_import(
        acting_user=None, values=[activated(790000), received], source_name="pair"
    )
    assert summary.written == 2 and summary.warnings == ()


def dossiers(done: int, comment: str = "") -> list[Value]:
    return [
        Value(indicator="CQS_HS_TIEP_NHAN", org_unit="19", period="202407", value=Decimal(100)),
        Value(
            indicator="CQS_HS_DA_XU_LY",
            org_unit="19",
            period="202407",
            value=Decimal(done),
            comment=comment,
        ),
    ]


def test_an_import_that_breaks_a_warning_rule_is_written_and_reports_it():
    summary = datavalues_import(acting_user=None, values=dossiers(130), source_name="w")
    assert summary.written == 2
    [warning] = [w for w in summary.warnings if w.result.rule.code == DOSSIERS]
    assert warning.org_unit == "19" and warning.result.period == "202407"
    assert not warning.result.explained
    assert DataValue.objects.get(
        indicator__code="CQS_HS_DA_XU_LY", org_unit__code="19", period="202407"
    ).value == Decimal(130)
    audit = AuditEntry.objects.filter(action="datavalues_import").latest("pk")
    assert audit.after["warnings"] == len(summary.warnings)


def test_a_warning_whose_value_has_a_comment_is_explained():
    summary = datavalues_import(
        acting_user=None, values=dossiers(130, "giải quyết cả hồ sơ tồn tháng 6"), source_name="w"
    )
    [warning] = [w for w in summary.warnings if w.result.rule.code == DOSSIERS]
    assert warning.result.explained


def test_cds_values_import_refuses_a_file_and_prints_the_rows_and_values(tmp_path):
    path = tmp_path / "values.csv"
    path.write_text(
        "indicator,org_unit,period,value\n"
        "CQS_HS_TIEP_NHAN,19,202407,100\n"
        "CQS_HS_DA_XU_LY,19,202407,130\n"
        "CQS_DDDT_KICH_HOAT,19,20240415,822100\n",
        encoding="utf-8",
    )
    result = run("values", "import", str(path))
    assert result.exit_code == 2
    assert f"row=4, rule={ACTIVATION}, org_unit=19, period=20240415" in result.output
    assert "values=CQS_DDDT_KICH_HOAT = 822100; CQS_DDDT_THU_NHAN = 822099" in result.output
    assert not DataValue.objects.filter(
        indicator__code="CQS_HS_DA_XU_LY", period="202407", org_unit__code="19", value=130
    )


def test_cds_values_import_prints_a_warning_and_loads(tmp_path):
    path = tmp_path / "values.csv"
    path.write_text(
        "indicator,org_unit,period,value\n"
        "CQS_HS_TIEP_NHAN,19,202407,100\n"
        "CQS_HS_DA_XU_LY,19,202407,130\n",
        encoding="utf-8",
    )
    result = run("values", "import", str(path))
    assert result.exit_code == 0, result.output
    assert f"CẢNH BÁO / WARNING {DOSSIERS} [19 202407]" in result.output
    assert "CQS_HS_DA_XU_LY = 130; CQS_HS_TIEP_NHAN = 100" in result.output
    assert "Đã nạp 2 số liệu" in result.output
