import datetime as dt
from dataclasses import fields
from decimal import Decimal

import pytest

from chuyendoiso.engine.domain.catalog import (
    Category,
    CategoryOption,
    Indicator,
    MeasureUnit,
    OrgAggregation,
    TimeAggregation,
    ValueType,
)
from chuyendoiso.engine.domain.datavalues import (
    VALUE_FIELDS,
    DataValue,
    Qualifier,
    Status,
    check_data_value,
    check_parts_add_up,
    decimal_too_long,
    field_text,
    ratio_percent,
)

COUNT = Indicator(
    code="HTS_BTS",
    name_vi="Trạm BTS",
    name_en="BTS",
    pillar="HTS",
    unit=MeasureUnit.COUNT,
    value_type=ValueType.COUNT,
    aggregation_org=OrgAggregation.SUM,
    aggregation_time=TimeAggregation.STOCK,
    categories=("CHANNEL",),
)
RATIO = Indicator(
    code="CQS_STDV_TY_LE",
    name_vi="Tỷ lệ",
    name_en="Ratio",
    pillar="CQS",
    unit=MeasureUnit.PERCENT,
    value_type=ValueType.RATIO,
    aggregation_org=OrgAggregation.RATIO,
    aggregation_time=TimeAggregation.STOCK,
    numerator="A",
    denominator="B",
)


def value(**fields):
    base = {"indicator": "X", "org_unit": "19", "period": "2024S1", "value": Decimal(1)}
    return DataValue(**(base | fields))


@pytest.mark.parametrize(
    ("numerator", "denominator", "decimals", "expected"),
    [
        (88020, 98408, 2, "89.44"),
        (786370, 822099, 0, "96"),
        (786370, 822099, 2, "95.65"),
        (1057207, 1318208, 1, "80.2"),
        (1, 8, 1, "12.5"),
        (1, 16, 1, "6.3"),  # 6.25 rounds half up, as officials round, not to even
        (5, 5, 0, "100"),
    ],
)
def test_ratio_percent_rounds_half_up(numerator, denominator, decimals, expected):
    assert ratio_percent(Decimal(numerator), Decimal(denominator), decimals) == Decimal(expected)


def test_good_values_have_no_problems():
    assert check_data_value(COUNT, value(value=Decimal(1830))) == []
    stated = value(
        value=Decimal("89.44"), numerator=Decimal(88020), denominator=Decimal(98408), decimals=2
    )
    assert check_data_value(RATIO, stated) == []
    assert check_data_value(COUNT, value(category_option="CHANNEL:ONLINE")) == []
    widest = Decimal("1234567890123456789012.123456")  # 22 + 6 digits: what the database keeps
    assert check_data_value(COUNT, value(value=Decimal(10**21), scale=10**15)) == []
    assert check_data_value(COUNT, value(value=Decimal(1), change_stated=widest)) == []


@pytest.mark.parametrize(
    ("indicator", "fields", "field"),
    [
        (COUNT, {"value": Decimal(-1)}, "value"),
        (COUNT, {"value": Decimal("1.5")}, "value"),
        (COUNT, {"numerator": Decimal(1), "denominator": Decimal(2)}, "numerator"),
        (COUNT, {"category_option": "SEX:MALE"}, "category_option"),
        (COUNT, {"category_option": "CHANNEL"}, "category_option"),
        (COUNT, {"decimals": 9}, "decimals"),
        (COUNT, {"scale": 1500}, "scale"),
        (COUNT, {"scale": 10}, "scale"),  # no word for it: the report could not write it
        (COUNT, {"scale": 10**18}, "scale"),
        (COUNT, {"value": Decimal("1e30")}, "value"),  # more digits than the database keeps
        (RATIO, {"value": Decimal("0.1234567")}, "value"),  # would be rounded when stored
        (COUNT, {"change_stated": Decimal("1.0000001")}, "change_stated"),
        (COUNT, {"level_stated": Decimal("1e23")}, "level_stated"),
        (RATIO, {"value": Decimal(101)}, "value"),
        (RATIO, {"numerator": Decimal(1)}, "denominator"),
        (RATIO, {"numerator": Decimal(1), "denominator": Decimal(0)}, "denominator"),
        (
            RATIO,
            {
                "value": Decimal("89.45"),
                "numerator": Decimal(88020),
                "denominator": Decimal(98408),
                "decimals": 2,
            },
            "value",
        ),
    ],
)
def test_each_bad_value_names_its_field(indicator, fields, field):
    problems = check_data_value(indicator, value(**fields))
    assert field in [found for found, _ in problems], problems


CHANNEL = Category(
    code="CHANNEL",
    name_vi="Kênh",
    name_en="Channel",
    options=(
        CategoryOption("ONLINE", "Trực tuyến", "Online"),
        CategoryOption("DIRECT", "Trực tiếp", "In person"),
    ),
)


def dossiers(option: str, amount: int, period: str = "2024S1") -> DataValue:
    return value(
        indicator="CQS_HS_TIEP_NHAN",
        period=period,
        value=Decimal(amount),
        category_option=f"CHANNEL:{option}" if option else "",
    )


@pytest.mark.parametrize(
    ("values", "problems"),
    [
        ([dossiers("", 10), dossiers("ONLINE", 6), dossiers("DIRECT", 4)], 0),
        ([dossiers("", 10), dossiers("ONLINE", 6)], 0),  # incomplete parts below the total
        ([dossiers("ONLINE", 6), dossiers("DIRECT", 5)], 0),  # no total to compare with
        ([dossiers("", 10), dossiers("ONLINE", 6), dossiers("DIRECT", 5)], 1),
        ([dossiers("", 10), dossiers("ONLINE", 11)], 1),
        ([dossiers("", 10), dossiers("ONLINE", 6), dossiers("DIRECT", 4, "2024S2")], 0),
    ],
)
def test_parts_add_up_to_their_total(values, problems):
    found = check_parts_add_up(values, {"CHANNEL": CHANNEL})
    assert len(found) == problems
    if found:
        assert "CHANNEL" in found[0][1]


def test_the_fields_are_described_by_their_kind():
    described = {each.name: each for each in VALUE_FIELDS}
    assert [each.name for each in VALUE_FIELDS] == [each.name for each in fields(DataValue)]
    assert (described["value"].kind, described["value"].required) == (Decimal, True)
    assert (described["numerator"].kind, described["numerator"].optional) == (Decimal, True)
    assert (described["status"].kind, described["status"].default) == (Status, Status.APPROVED)
    assert (described["reference_date"].kind, described["scale"].kind) == (dt.date, int)
    assert not described["category_option"].required


def test_the_category_option_stands_before_the_value_yet_is_keyword_only():
    assert DataValue("A", "19", "2024", Decimal(1)).category_option == ""
    names = [each.name for each in fields(DataValue)]
    assert names.index("category_option") == names.index("value") - 1


@pytest.mark.parametrize(
    ("given", "text"),
    [
        (None, ""),
        (Decimal("389000000000000.000000"), "389000000000000"),
        (Decimal("89.440000"), "89.44"),
        (dt.date(2024, 4, 15), "2024-04-15"),
        (Qualifier.KHOANG, "khoang"),
        (12, "12"),
    ],
)
def test_field_text(given, text):
    assert field_text(given) == text


def test_every_decimal_field_is_checked_for_what_the_database_keeps():
    too_long = Decimal("1.1234567")
    decimals = [each.name for each in VALUE_FIELDS if each.kind is Decimal]
    value = DataValue(
        **{"indicator": "X", "org_unit": "19", "period": "2024S1", "value": too_long}
        | {name: too_long for name in decimals}
    )
    reason = decimal_too_long(too_long)
    found = {field for field, why in check_data_value(RATIO, value) if why == reason}
    assert found == set(decimals)
