"""The component values of a unit and year, by the indicators' own rules, and the whole
assessment computed from them."""

from decimal import Decimal

import pytest

from chuyendoiso.datavalues.services import datavalues_import
from chuyendoiso.dti.selectors import dti_inputs, dti_report, framework_named, frameworks_all
from chuyendoiso.engine.domain.datavalues import Status
from chuyendoiso.engine.domain.errors import NotFoundError
from chuyendoiso.orgunits.models import OrgUnit

from .year import INDEX, INDEX_WITH_DRAFT, YEAR, load_year, value

pytestmark = pytest.mark.django_db


def province() -> OrgUnit:
    return OrgUnit.objects.get(code="19", structure="")


def test_values_follow_each_indicators_rules_and_leave_drafts_out():
    framework = load_year()
    inputs = dti_inputs(framework, [province()], YEAR)[province().pk]
    values = {code: m.value for code, m in inputs.measured.items()}
    assert values == {
        "CQS_01": Decimal(60),
        "CQS_02": Decimal(96),
        "CQS_03": Decimal(1),
        "CQS_04": Decimal(50),  # 11 x 4 + 6
        "XHS_01": Decimal(150),  # the stock of December, the draft of the year left out
        "XHS_02": Decimal(600000),
    }
    assert inputs.bases["XHS_DAN_SO"] == Decimal(1000000)
    assert not inputs.measured["CQS_04"].note  # the whole year
    assert inputs.measured["XHS_01"].note  # a month's stock for the year
    with_draft = dti_inputs(framework, [province()], YEAR, drafts=True)[province().pk]
    assert with_draft.measured["XHS_01"].value == Decimal(50)


def test_with_drafts_a_draft_stands_for_the_approved_value_of_its_key():
    framework = load_year()
    correction = [value("XHS_HSSK", "2019", "400000", status=Status.DRAFT)]
    datavalues_import(acting_user=None, values=correction, source_name="test")
    approved = dti_inputs(framework, [province()], YEAR)[province().pk]
    assert approved.measured["XHS_02"].value == Decimal(600000)
    for _ in range(3):  # whatever order the rows come in
        drafts = dti_inputs(framework, [province()], YEAR, drafts=True)[province().pk]
        assert drafts.measured["XHS_02"].value == Decimal(400000)


def test_the_report_gives_the_hand_worked_index():
    framework = load_year()
    assert dti_report(framework, province(), YEAR).assessment.index == INDEX
    assert dti_report(framework, province(), YEAR, drafts=True).assessment.index == INDEX_WITH_DRAFT
    what_if = dti_report(framework, province(), YEAR, overrides={"CQS_01": Decimal(80)})
    assert what_if.assessment.index == Decimal("0.825")


def test_frameworks_by_number_or_code_the_loaded_one_replacing_the_shipped():
    assert framework_named("922").code == "DTI2022"
    assert framework_named("dti2024").number == "405"
    codes = [f.code for f in frameworks_all()]
    assert len(codes) == len(set(codes))
    load_year()
    assert framework_named("fixture").kind.value == "fixture"
    with pytest.raises(NotFoundError) as missing:
        framework_named("999")
    assert "922" in missing.value.extra["expected"]
