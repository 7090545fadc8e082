"""DHIS2 dataValueSets payloads read as values files are, with DHIS2's places in errors."""

import json
from decimal import Decimal

from chuyendoiso.engine.files.datavaluesets import import_summary, parse_data_value_set


def parse(payload: dict):
    return parse_data_value_set(json.dumps(payload), file="p.json", source="p.json")


def test_the_sets_period_and_unit_apply_to_each_value_unless_it_gives_its_own():
    read = parse(
        {
            "dataSet": "DS",
            "period": "2024S1",
            "orgUnit": "19",
            "dataValues": [
                {"dataElement": "A", "value": "1", "categoryOptionCombo": "CHANNEL:ONLINE"},
                {"dataElement": "B", "value": "2", "period": "2024Q1", "orgUnit": "164"},
            ],
        }
    )
    assert read.data_set == "DS" and read.problems == [] and read.rows == [1, 2]
    first, second = read.values
    assert (first.indicator, first.org_unit, first.period) == ("A", "19", "2024S1")
    assert first.category_option == "CHANNEL:ONLINE" and first.value == Decimal(1)
    assert (second.org_unit, second.period) == ("164", "2024Q1")


def test_a_json_number_stays_exact_and_the_platforms_own_fields_are_read():
    entry = {"dataElement": "R", "value": 89.44, "numerator": 8944, "denominator": 10000}
    read = parse({"period": "2024", "orgUnit": "19", "dataValues": [{**entry, "decimals": 2}]})
    [value] = read.values
    assert value.value == Decimal("89.44") and value.decimals == 2
    assert (value.numerator, value.denominator) == (Decimal(8944), Decimal(10000))


def test_every_problem_is_named_by_its_place_and_the_good_values_are_kept():
    read = parse(
        {
            "period": "2024",
            "orgUnit": "19",
            "colour": "red",
            "dataValues": [
                {"dataElement": "A", "value": "1.5e3"},
                {"dataElement": "B", "value": "2", "attributeOptionCombo": "X"},
                {"dataElement": "C", "value": "3", "storedBy": "dhis"},
                "not an object",
                {"dataElement": "D", "valu": "4"},
            ],
        }
    )
    places = [problem["object"] for problem in read.problems]
    assert places == [
        "colour",
        "dataValues[0].value",
        "dataValues[1].attributeOptionCombo",
        "dataValues[3]",
        "dataValues[4].valu",
        "dataValues[4].value",
    ]
    assert [value.indicator for value in read.values] == ["C"]


def test_the_summary_is_dhis2s_and_all_or_nothing():
    ok = import_summary(imported=2, updated=1, ignored=3, dry_run=True)
    assert ok["status"] == "SUCCESS" and ok["dryRun"] is True
    assert ok["importCount"] == {"imported": 2, "updated": 1, "ignored": 3, "deleted": 0}
    failed = import_summary(
        imported=2,
        updated=1,
        ignored=0,
        conflicts=[{"row": 2, "field": "org_unit", "value": "888", "reason": "unknown"}],
    )
    assert failed["status"] == "ERROR"
    assert failed["importCount"]["imported"] == failed["importCount"]["updated"] == 0
    assert failed["conflicts"] == [{"object": "dataValues[1].orgUnit", "value": "unknown: 888"}]
