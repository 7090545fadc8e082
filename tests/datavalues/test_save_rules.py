"""One value written alone (the admin, any caller) is checked by the catalogue's validation
rules as an import is: an error refuses it, a warning comes back with the saved row."""

from dataclasses import replace
from decimal import Decimal

import pytest

from chuyendoiso.datavalues.models import DataValue
from chuyendoiso.datavalues.services import datavalue_check, datavalue_save
from chuyendoiso.engine.domain.datavalues import DataValue as Value
from chuyendoiso.engine.domain.datavalues import Status
from chuyendoiso.engine.domain.errors import ValidationError
from tests.collection.workflow_data import MONTH, enter, unit

pytestmark = pytest.mark.django_db


def activated(figure: int) -> Value:
    """e-ID accounts activated in the province by 15/04/2024 (822,099 applications received)."""
    return Value(
        indicator="CQS_DDDT_KICH_HOAT", org_unit="19", period="20240415", value=Decimal(figure)
    )


def test_a_value_breaking_an_error_rule_is_refused_and_not_written():
    with pytest.raises(ValidationError) as refused:
        datavalue_save(acting_user=None, value=activated(900_000))
    assert refused.value.extra["rule"] == "DDDT_KICH_HOAT_KHONG_VUOT_THU_NHAN"
    assert "822" in refused.value.message  # the values the rule read
    stored = DataValue.objects.get(
        indicator__code="CQS_DDDT_KICH_HOAT", org_unit__code="19", period="20240415"
    )
    assert stored.value == 786_370


def test_the_admin_form_check_names_the_rule():
    [problem] = datavalue_check(value=activated(900_000))
    assert problem["field"] == "rule"
    assert str(problem["reason"]).startswith("DDDT_KICH_HOAT_KHONG_VUOT_THU_NHAN")
    assert datavalue_check(value=activated(800_000)) == []


def test_a_value_breaking_a_warning_rule_is_written_and_the_warning_returned():
    commune = unit("05440")
    enter(commune, received=100, processed=90)
    more = Value(
        indicator="CQS_HS_DA_XU_LY",
        org_unit=commune.code,
        period=MONTH,
        calendar="nd09",
        value=Decimal(120),
        status=Status.DRAFT,
    )
    result = datavalue_save(acting_user=None, value=more)
    assert result.row.value == 120
    assert [w.result.rule.code for w in result.warnings] == ["HS_XU_LY_KHONG_VUOT_TIEP_NHAN"]
    fewer = datavalue_save(acting_user=None, value=replace(more, value=Decimal(80)))
    assert fewer.warnings == ()
