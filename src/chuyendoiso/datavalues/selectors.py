"""Reads of data values, returned as the engine's dataclasses."""

from __future__ import annotations

from chuyendoiso.datavalues.models import DataValue
from chuyendoiso.engine.domain import datavalues as engine
from chuyendoiso.engine.domain.periods import Period
from chuyendoiso.orgunits.models import OrgUnit
from chuyendoiso.orgunits.selectors import orgunit_subtree


def datavalues_within(
    *, org_unit: OrgUnit, period: Period, origins: tuple[str, ...] = ()
) -> list[engine.DataValue]:
    """Values of the unit and its descendants whose own period lies inside ``period``.

    A figure stated for 01/01–26/05/2024 or as of 15/04/2024 belongs to the half-year
    2024S1 it was reported in, so it is listed there.
    """
    rows = DataValue.objects.filter(
        status=engine.Status.APPROVED.value,
        org_unit__in=orgunit_subtree(org_unit),
        start_date__gte=period.start,
        end_date__lte=period.end,
    ).select_related("indicator", "org_unit")
    if origins:
        rows = rows.filter(origin__in=origins)
    rows = rows.order_by(
        "indicator__pillar__order",
        "indicator__order",
        "org_unit__path",
        "start_date",
        "end_date",
        "category_option",
    )
    return [as_engine(row) for row in rows]


def as_engine(row: DataValue) -> engine.DataValue:
    return engine.DataValue(
        indicator=row.indicator.code,
        org_unit=row.org_unit.code,
        period=row.period,
        calendar=row.calendar,
        value=row.value,
        category_option=row.category_option,
        numerator=row.numerator,
        denominator=row.denominator,
        qualifier=engine.Qualifier(row.qualifier),
        decimals=row.decimals,
        scale=row.scale,
        reference_date=row.reference_date,
        origin=engine.Origin(row.origin),
        source=row.source,
        comment=row.comment,
        status=engine.Status(row.status),
        change_stated=None if row.change_stated is None else row.change_stated.normalize(),
        level_stated=None if row.level_stated is None else row.level_stated.normalize(),
    )
