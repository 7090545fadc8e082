"""A figure as the rollup keeps it reads back into the same figure."""

import datetime as dt
import json
from decimal import Decimal

import pytest

from chuyendoiso.engine.analytics import Figure, figure_of, figure_record, keepable
from chuyendoiso.engine.domain.datavalues import Origin, Qualifier
from chuyendoiso.engine.domain.periods import Calendar, Period, PeriodType, parse_period

HALF = parse_period("2024S1")


def figure(**fields: object) -> Figure:
    base = {
        "indicator": "CQS_HS_DUNG_HAN_TY_LE",
        "unit": "7",
        "period": HALF,
        "value": Decimal("97.35"),
        "own_period": parse_period("2024Q1", Calendar.ND09),
        "numerator": Decimal("1234.5"),
        "denominator": Decimal("1268"),
        "qualifier": Qualifier.GAN,
        "decimals": 2,
        "scale": 1000,
        "reference_date": dt.date(2024, 3, 14),
        "origins": frozenset({Origin.REPORTED, Origin.SYNTHETIC}),
        "reporting_units": 3,
        "expected_units": 5,
        "change_stated": Decimal("-1.5"),
        "level_stated": Decimal("76.6"),
    }
    return Figure(**(base | fields))  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "kept",
    [
        figure(),
        figure(numerator=None, denominator=None, reference_date=None, change_stated=None),
        figure(value=Decimal("1E+3"), level_stated=None, origins=frozenset({Origin.COMPUTED})),
    ],
)
def test_a_kept_figure_reads_back_the_same_through_json(kept):
    record = json.loads(json.dumps(figure_record(kept)))
    assert figure_of(record, indicator=kept.indicator, unit=kept.unit, period=HALF) == kept


def test_the_key_is_not_in_the_record():
    record = figure_record(figure())
    assert not {"indicator", "unit", "period"} & set(record)


def test_periods_that_read_back_from_their_identifier_are_kept():
    assert keepable(parse_period("2024Q1", Calendar.ND09))
    assert keepable(parse_period("20240315"))
    assert keepable(
        Period(PeriodType.RANGE, dt.date(2024, 1, 1), dt.date(2024, 2, 10), Calendar.CALENDAR)
    )
