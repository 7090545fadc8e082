"""The stored row follows the engine's DataValue, and its key holds on every database."""

import datetime as dt
import typing
from dataclasses import fields
from decimal import Decimal
from enum import StrEnum

import pytest
from django.db import IntegrityError, models, transaction
from django.db.models import ProtectedError

from chuyendoiso.catalog.models import CategoryOption, Indicator
from chuyendoiso.datavalues.convert import (
    BOOKKEEPING_COLUMNS,
    PERIOD_COLUMNS,
    RELATED,
    row_of,
    values_of,
)
from chuyendoiso.datavalues.models import DataValue
from chuyendoiso.engine.analytics import Observation
from chuyendoiso.engine.domain.datavalues import VALUE_FIELDS, Status, ValueField
from chuyendoiso.engine.domain.datavalues import DataValue as Value
from chuyendoiso.engine.domain.periods import Calendar, parse_period
from chuyendoiso.orgunits.models import OrgUnit
from tests.engine.domain.samples import at_default, every_field_set

pytestmark = pytest.mark.django_db

COLUMN_KINDS: dict[type, tuple[type[models.Field], ...]] = {
    str: (models.CharField, models.TextField),
    int: (models.IntegerField,),  # PositiveSmallIntegerField and BigIntegerField are ones
    Decimal: (models.DecimalField,),
    dt.date: (models.DateField,),
}


def column(name: str) -> models.Field:
    found = DataValue._meta.get_field(name)
    assert isinstance(found, models.Field)
    return found


def agrees(field: ValueField, stored: models.Field) -> list[str]:
    """How a column differs from the field it stores."""
    if field.name in RELATED:
        # a code that may be "" is a key that may be null
        return [] if stored.many_to_one and stored.null == (not field.required) else ["relation"]
    problems = []
    if issubclass(field.kind, StrEnum):
        if {value for value, _ in stored.choices or []} != {member.value for member in field.kind}:
            problems.append("choices")
    elif not isinstance(stored, COLUMN_KINDS[field.kind]):
        problems.append(f"kind {type(stored).__name__}")
    if stored.null != field.optional:
        problems.append("null")
    if not field.required and stored.get_default() != field.default:
        problems.append(f"default {stored.get_default()!r}")
    return problems


def test_every_field_of_a_value_has_a_column_of_its_kind():
    mismatches = {each.name: agrees(each, column(each.name)) for each in VALUE_FIELDS}
    assert {name: found for name, found in mismatches.items() if found} == {}


def test_every_column_is_a_field_of_a_value_or_says_why_not():
    columns = {each.name for each in DataValue._meta.concrete_fields}
    extra = columns - {each.name for each in VALUE_FIELDS}
    assert extra == set(PERIOD_COLUMNS) | set(BOOKKEEPING_COLUMNS)


def test_an_observation_takes_its_fields_from_the_value():
    value_hints = typing.get_type_hints(Value)
    observation_hints = typing.get_type_hints(Observation)
    shared = {name for name in observation_hints if name not in ("unit", "period")}
    assert {name: observation_hints[name] for name in shared} == {
        name: value_hints.get(name) for name in shared
    }
    assert {each.name for each in fields(Observation)} - shared == {"unit", "period"}


def store(value: Value) -> DataValue:
    option = None
    if value.category_option:
        category, _, code = value.category_option.partition(":")
        option = CategoryOption.objects.get(category__code=category, code=code)
    row = row_of(
        value,
        indicator=Indicator.objects.get(code=value.indicator),
        org_unit=OrgUnit.objects.get(code=value.org_unit, structure=""),
        category_option=option,
        period=parse_period(value.period, Calendar(value.calendar)),
    )
    row.save()
    return row


def test_a_value_is_stored_and_read_back_field_by_field():
    value = every_field_set(
        indicator="CQS_HS_TIEP_NHAN",
        org_unit="19",
        period="2024Q4",
        calendar=Calendar.ND09.value,
        category_option="CHANNEL:ONLINE",
        scale=1000,  # a scale the database keeps (datavalue_scale_known)
    )
    assert at_default(value) == []
    row = store(value)
    assert (row.period_type, row.start_date.isoformat()) == ("quarter", "2024-09-15")
    assert values_of(DataValue.objects.filter(pk=row.pk)) == [value]


def test_a_stored_decimal_comes_back_as_it_was_given():
    row = store(Value("HTS_BTS", "19", "2024Q4", Decimal("1830"), change_stated=Decimal("1.5")))
    [value] = values_of(DataValue.objects.filter(pk=row.pk))
    assert (str(value.value), str(value.change_stated)) == ("1830", "1.5")


def total(**fields: object) -> Value:
    given = {"indicator": "HTS_BTS", "org_unit": "19", "period": "2024Q4", "value": Decimal(1)}
    return Value(**(given | fields))


@pytest.mark.parametrize("option", ["", "CHANNEL:ONLINE"])
def test_the_database_refuses_a_second_value_with_the_same_key(option):
    indicator = "CQS_HS_TIEP_NHAN"
    store(total(indicator=indicator, category_option=option))
    with pytest.raises(IntegrityError), transaction.atomic():
        store(total(indicator=indicator, category_option=option, value=Decimal(2)))


def test_a_total_its_parts_and_a_draft_live_side_by_side():
    indicator = "CQS_HS_TIEP_NHAN"
    for option in ("", "CHANNEL:ONLINE", "CHANNEL:DIRECT"):
        store(total(indicator=indicator, category_option=option))
    store(total(indicator=indicator, status=Status.DRAFT))
    assert DataValue.objects.filter(indicator__code=indicator, period="2024Q4").count() == 4


def test_an_option_that_values_use_cannot_be_deleted():
    store(total(indicator="CQS_HS_TIEP_NHAN", category_option="CHANNEL:ONLINE"))
    with pytest.raises(ProtectedError), transaction.atomic():
        CategoryOption.objects.get(category__code="CHANNEL", code="ONLINE").delete()
