import datetime
from decimal import Decimal

import pytest

from chuyendoiso.audit.models import AuditEntry
from chuyendoiso.datavalues.models import DataValue
from chuyendoiso.datavalues.services import datavalue_save, datavalues_import
from chuyendoiso.engine.domain.datavalues import DataValue as Value
from chuyendoiso.engine.domain.datavalues import Qualifier
from chuyendoiso.engine.domain.errors import ValidationError
from tests.access.members import member

pytestmark = pytest.mark.django_db


@pytest.fixture
def reporter():
    return member("reporter", "coordinator")


def stored(indicator: str, org: str, period: str) -> DataValue:
    return DataValue.objects.get(indicator__code=indicator, org_unit__code=org, period=period)


def test_large_amounts_and_percentages_stay_exact():
    revenue = stored("KTS_DOANH_THU", "19", "2024S1")
    assert revenue.value == Decimal("389000000000000")
    assert revenue.qualifier == "khoang" and revenue.scale == 10**12
    share = stored("CQS_STDV_TY_LE", "19", "20240526")
    assert share.value == Decimal("89.44")
    assert (share.numerator, share.denominator) == (Decimal(88020), Decimal(98408))


def test_value_with_many_digits_round_trips(reporter):
    value = Value(
        indicator="KTS_DOANH_THU",
        org_unit="19",
        period="2024Q3",
        value=Decimal("123456789012345678.123456"),
    )
    datavalue_save(acting_user=reporter, value=value)
    assert stored("KTS_DOANH_THU", "19", "2024Q3").value == Decimal("123456789012345678.123456")


def test_save_writes_an_audit_row_with_before_and_after(reporter):
    value = Value(indicator="HTS_BTS", org_unit="19", period="2024Q3", value=Decimal(1850))
    datavalue_save(acting_user=reporter, value=value)
    datavalue_save(acting_user=reporter, value=Value(**{**value.__dict__, "value": Decimal(1860)}))
    entries = AuditEntry.objects.filter(action="datavalue_save", entity_key="HTS_BTS/19/2024Q3")
    latest = entries.first()
    assert entries.count() == 2
    assert latest.actor == reporter
    assert (latest.before["value"], latest.after["value"]) == ("1850", "1860")
    assert stored("HTS_BTS", "19", "2024Q3").value == Decimal(1860)


def test_import_is_all_or_nothing(reporter):
    good = Value(indicator="HTS_BTS", org_unit="19", period="2024Q4", value=Decimal(1900))
    bad = [
        Value(indicator="NO_SUCH", org_unit="19", period="2024Q4", value=Decimal(1)),
        Value(indicator="HTS_BTS", org_unit="77", period="2024Q4", value=Decimal(1)),
        Value(indicator="HTS_BTS", org_unit="19", period="2024Q5", value=Decimal(1)),
        Value(
            indicator="HTS_BTS",
            org_unit="19",
            period="2024Q4",
            value=Decimal(-3),
            category_option="X:Y",
        ),
        Value(indicator="HTS_BTS", org_unit="164", period="2026Q1", value=Decimal(1)),
    ]
    count = DataValue.objects.count()
    with pytest.raises(ValidationError) as caught:
        datavalues_import(acting_user=reporter, values=[good, *bad], source_name="upload.csv")
    errors = caught.value.extra["errors"]
    assert caught.value.extra["source"] == "upload.csv"
    assert {(e["row"], e["field"]) for e in errors} >= {
        (2, "indicator"),
        (3, "org_unit"),
        (4, "period"),
        (5, "value"),
        (5, "category_option"),
        (6, "org_unit"),
    }
    assert DataValue.objects.count() == count
    assert not DataValue.objects.filter(period="2024Q4").exists()


def test_duplicate_rows_in_one_import_are_rejected(reporter):
    value = Value(indicator="HTS_BTS", org_unit="19", period="2024Q4", value=Decimal(1900))
    with pytest.raises(ValidationError) as caught:
        datavalues_import(acting_user=reporter, values=[value, value], source_name="dup")
    assert [e["row"] for e in caught.value.extra["errors"]] == [2]


def test_import_again_updates_in_place(reporter):
    values = [
        Value(
            indicator="HTS_BTS",
            org_unit="19",
            period="2024Q4",
            value=Decimal(1900),
            qualifier=Qualifier.HON,
        ),
    ]
    datavalues_import(acting_user=reporter, values=values, source_name="a")
    datavalues_import(
        acting_user=reporter,
        values=[Value(**{**values[0].__dict__, "value": Decimal(1910)})],
        source_name="b",
    )
    row = stored("HTS_BTS", "19", "2024Q4")
    assert (row.value, row.qualifier, row.created_by) == (Decimal(1910), "hon", reporter)
    assert AuditEntry.objects.filter(action="datavalues_import", entity_key="b").exists()


def test_a_value_for_a_new_commune_goes_to_the_new_unit(reporter):
    value = Value(
        indicator="CQS_HS_TIEP_NHAN", org_unit="05443", period="202601", value=Decimal(10)
    )
    saved = datavalue_save(acting_user=reporter, value=value).row
    assert saved.org_unit.structure == "from_2025"
    older = Value(indicator="CQS_HS_TIEP_NHAN", org_unit="05443", period="202401", value=Decimal(9))
    assert datavalue_save(acting_user=reporter, value=older).row.org_unit.structure == "before_2025"


def channel(option: str, amount: int, period: str = "2024Q4") -> Value:
    return Value(
        indicator="CQS_HS_TIEP_NHAN",
        org_unit="19",
        period=period,
        value=Decimal(amount),
        category_option=f"CHANNEL:{option}" if option else "",
    )


def test_parts_that_add_up_to_the_total_are_accepted(reporter):
    values = [channel("", 1000), channel("ONLINE", 600), channel("DIRECT", 400)]
    datavalues_import(acting_user=reporter, values=values, source_name="ok")
    assert (
        DataValue.objects.filter(indicator__code="CQS_HS_TIEP_NHAN", period="2024Q4").count() == 3
    )


@pytest.mark.parametrize(
    "values",
    [
        [channel("", 1000), channel("ONLINE", 600), channel("DIRECT", 300)],
        [channel("", 1000), channel("ONLINE", 1200)],
    ],
)
def test_parts_that_do_not_add_up_are_rejected(reporter, values):
    with pytest.raises(ValidationError) as caught:
        datavalues_import(acting_user=reporter, values=values, source_name="bad")
    reasons = [e["reason"] for e in caught.value.extra["errors"]]
    assert any("không khớp tổng 1000" in reason for reason in reasons), reasons
    assert not DataValue.objects.filter(
        period="2024Q4", indicator__code="CQS_HS_TIEP_NHAN"
    ).exists()


def test_parts_are_checked_against_the_stored_total(reporter):
    datavalues_import(acting_user=reporter, values=[channel("", 1000)], source_name="total")
    datavalues_import(acting_user=reporter, values=[channel("ONLINE", 700)], source_name="part")
    with pytest.raises(ValidationError):
        datavalue_save(acting_user=reporter, value=channel("DIRECT", 200))
    datavalue_save(acting_user=reporter, value=channel("DIRECT", 300))


def test_a_draft_lives_beside_the_approved_value_and_is_not_counted(reporter):
    from chuyendoiso.analytics.selectors import analytics_for
    from chuyendoiso.engine.domain.datavalues import Status
    from chuyendoiso.engine.domain.periods import parse_period
    from chuyendoiso.orgunits.models import OrgUnit

    draft = Value(
        indicator="HTS_BTS",
        org_unit="19",
        period="2024S1",
        value=Decimal(9999),
        status=Status.DRAFT,
    )
    datavalues_import(acting_user=reporter, values=[draft], source_name="document.docx")
    rows = DataValue.objects.filter(indicator__code="HTS_BTS", org_unit__code="19", period="2024S1")
    assert sorted(rows.values_list("status", "value")) == [
        ("approved", Decimal(1830)),
        ("draft", Decimal(9999)),
    ]
    province = OrgUnit.objects.get(code="19", structure="")
    period = parse_period("2024S1")
    figure = analytics_for(province, start=period.start, end=period.end).figure(
        "HTS_BTS", str(province.pk), period
    )
    assert figure.value == 1830


def test_problems_name_the_file_row_when_given(reporter):
    values = [
        Value(indicator="HTS_BTS", org_unit="19", period="2024Q4", value=Decimal(1900)),
        Value(indicator="NO_SUCH", org_unit="19", period="2024Q4", value=Decimal(1)),
    ]
    with pytest.raises(ValidationError) as caught:
        datavalues_import(
            acting_user=reporter, values=values, source_name="up.csv", source_rows=[2, 7]
        )
    assert [(e["row"], e["field"]) for e in caught.value.extra["errors"]] == [(7, "indicator")]


def test_an_unknown_org_unit_is_reported_with_its_code(reporter):
    value = Value(indicator="HTS_BTS", org_unit="77", period="2024Q4", value=Decimal(1))
    with pytest.raises(ValidationError) as caught:
        datavalues_import(acting_user=reporter, values=[value], source_name="x")
    [error] = caught.value.extra["errors"]
    assert (error["field"], error["value"]) == ("org_unit", "77")


def test_a_value_the_database_would_round_is_refused(reporter):
    value = Value(
        indicator="KTS_DOANH_THU", org_unit="19", period="2024Q4", value=Decimal("1.1234567")
    )
    with pytest.raises(ValidationError) as caught:
        datavalues_import(acting_user=reporter, values=[value], source_name="x")
    assert [e["field"] for e in caught.value.extra["errors"]] == ["value"]
    assert not DataValue.objects.filter(indicator__code="KTS_DOANH_THU", period="2024Q4").exists()


def test_import_again_moves_the_update_time(reporter):
    value = Value(indicator="HTS_BTS", org_unit="19", period="2024Q4", value=Decimal(1900))
    datavalues_import(acting_user=reporter, values=[value], source_name="a")
    long_ago = datetime.datetime(2020, 1, 1, tzinfo=datetime.UTC)
    DataValue.objects.filter(indicator__code="HTS_BTS", period="2024Q4").update(updated_at=long_ago)
    again = Value(**{**value.__dict__, "value": Decimal(1901)})
    datavalues_import(acting_user=reporter, values=[again], source_name="b")
    assert stored("HTS_BTS", "19", "2024Q4").updated_at > long_ago


def test_an_option_the_catalogue_lacks_is_refused(reporter):
    with pytest.raises(ValidationError) as caught:
        datavalues_import(
            acting_user=reporter, values=[channel("FAX", 10)], source_name="unknown option"
        )
    [error] = caught.value.extra["errors"]
    assert (error["field"], error["value"]) == ("category_option", "CHANNEL:FAX")


def test_a_part_is_stored_with_its_option_and_written_again_in_place(reporter):
    values = [channel("", 1000), channel("ONLINE", 600)]
    datavalues_import(acting_user=reporter, values=values, source_name="first")
    part = DataValue.objects.get(period="2024Q4", category_option__code="ONLINE")
    assert (part.category_option.category.code, part.value) == ("CHANNEL", Decimal(600))
    datavalues_import(acting_user=reporter, values=[channel("ONLINE", 650)], source_name="again")
    again = DataValue.objects.get(period="2024Q4", category_option__code="ONLINE")
    assert (again.pk, again.created_at, again.value) == (part.pk, part.created_at, Decimal(650))
    total = DataValue.objects.get(
        indicator__code="CQS_HS_TIEP_NHAN", period="2024Q4", category_option__isnull=True
    )
    assert total.value == Decimal(1000)


def test_a_total_is_listed_before_its_parts(reporter):
    from chuyendoiso.datavalues.selectors import datavalues_within
    from chuyendoiso.engine.domain.periods import parse_period
    from chuyendoiso.orgunits.models import OrgUnit

    values = [channel("ONLINE", 600), channel("DIRECT", 400), channel("", 1000)]
    datavalues_import(acting_user=reporter, values=values, source_name="parts")
    province = OrgUnit.objects.get(code="19", structure="")
    listed = [
        value.category_option
        for value in datavalues_within(org_unit=province, period=parse_period("2024Q4"))
        if (value.indicator, value.org_unit, value.period) == ("CQS_HS_TIEP_NHAN", "19", "2024Q4")
    ]
    assert listed == ["", "CHANNEL:DIRECT", "CHANNEL:ONLINE"]


def test_the_audit_row_keeps_every_field_but_the_key(reporter):
    value = Value(
        indicator="HTS_BTS", org_unit="19", period="2024Q3", value=Decimal(1850), comment="ước"
    )
    datavalue_save(acting_user=reporter, value=value)
    after = AuditEntry.objects.get(action="datavalue_save", entity_key="HTS_BTS/19/2024Q3").after
    assert (after["value"], after["comment"], after["numerator"]) == ("1850", "ước", None)
    assert not {"indicator", "org_unit", "period", "status"} & set(after)
