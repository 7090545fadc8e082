"""Reads of data values, returned as the engine's dataclasses."""

from __future__ import annotations

from django.db.models import F

from chuyendoiso.datavalues.convert import values_of
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
    )
    if origins:
        rows = rows.filter(origin__in=origins)
    rows = rows.order_by(
        "indicator__pillar__order",
        "indicator__order",
        "org_unit__path",
        "start_date",
        "end_date",
        # the total first, then its parts by code (CATEGORY:OPTION)
        F("category_option__category__code").asc(nulls_first=True),
        "category_option__code",
    )
    return values_of(rows)
