"""Reads of the open-data API, always as ``PUBLIC`` reads them: the public indicators, the
org units an analytics request's ``ou`` names, and the approved figures it asks for.

An indicator that is internal and one that does not exist are refused with the same error,
which does not repeat the code: nothing in the answer tells them apart. Org units are
public (every report names them), so an unknown unit is named in its error.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Q, QuerySet

from chuyendoiso.analytics.audience import PUBLIC
from chuyendoiso.analytics.selectors import FigureRow, figures_of
from chuyendoiso.catalog.models import Indicator
from chuyendoiso.engine.analytics import (
    AnalyticsRequest,
    Dimension,
    UnitSelection,
    cells_check,
    one_item_error,
)
from chuyendoiso.engine.domain.errors import CdsError, NotFoundError
from chuyendoiso.orgunits.models import OrgUnit
from chuyendoiso.orgunits.selectors import orgunit_by_key, orgunit_resolve, orgunits_valid_during


def indicators_public() -> QuerySet[Indicator]:
    """The public indicators, in the catalogue's order, with their pillar and parts."""
    return Indicator.objects.filter(public=True).select_related(
        "pillar", "numerator", "denominator"
    )


def indicator_public(code: str, *, field: str = "code", item: int | None = None) -> Indicator:
    """The public indicator coded ``code``; an internal one is not found, as an unknown one."""
    found = indicators_public().filter(code=code.strip()).first()
    if found is None:
        raise indicator_not_found(field, item)
    return found


def indicator_not_found(field: str, item: int | None = None) -> NotFoundError:
    """The error of an indicator that is not public, the same for an internal code and an
    unknown one: the code is not repeated (it is the ``item``-th of ``field``)."""
    where = {"field": field} if item is None else {"field": field, "item": item}
    return NotFoundError(
        "Không có chỉ tiêu công khai nào mang mã này / no public indicator has this code",
        **where,
    )


@dataclass(frozen=True)
class AnalyticsAnswer:
    request: AnalyticsRequest
    indicators: list[Indicator]  # in the order asked
    units: list[OrgUnit]  # in the order of the hierarchy
    rows: list[FigureRow]  # the cells that have a figure


def analytics_answer(
    request: AnalyticsRequest, *, today: dt.date, same_territory: bool = False
) -> AnalyticsAnswer:
    """The approved figures of the public indicators the request asks for: each period's
    for the unit as it was reported, or with ``same_territory`` the periods before the 2025
    reorganisation for the territory of the latest period, as a history chart shows them."""
    parameter = request.parameters[Dimension.DX]
    public = {row.code: row for row in indicators_public().filter(code__in=request.indicators)}
    for position, code in enumerate(request.indicators, start=1):
        if code not in public:
            raise indicator_not_found(parameter, position)
    units = units_selected(request, today=today)
    if Dimension.OU in request.filters and len(units) != 1:
        raise one_item_error(request, Dimension.OU)
    cells_check(request, len(units))
    rows = figures_of(
        PUBLIC, request.indicators, units, request.periods, same_territory=same_territory
    )
    return AnalyticsAnswer(request, [public[c] for c in request.indicators], units, rows)


def units_selected(request: AnalyticsRequest, *, today: dt.date) -> list[OrgUnit]:
    """The units ``ou`` names, among those that existed during the periods: each code's
    unit, the top units and those below them, or with levels the units of those levels
    inside the units named (the top units when none is)."""
    periods = request.periods
    start, end = min(p.start for p in periods), max(p.end for p in periods)
    valid = orgunits_valid_during(start, end).order_by("path")
    selection = request.units
    named = _coded(selection, request.parameters[Dimension.OU], start, end, today)
    tops = list(valid.filter(parent__isnull=True))
    for keyword in selection.user:
        units = tops
        for _ in range(keyword.depth):
            units = list(valid.filter(parent__in=units))
        named += units
    if selection.levels:
        boundaries = named or tops
        if not boundaries:
            return []
        inside = Q.create([("path__startswith", u.path) for u in boundaries], connector=Q.OR)
        return list(valid.filter(inside, level__in=[level.value for level in selection.levels]))
    return sorted(dict.fromkeys(named), key=lambda unit: unit.path)


def _coded(
    selection: UnitSelection, parameter: str, start: dt.date, end: dt.date, today: dt.date
) -> list[OrgUnit]:
    units = []
    for code in selection.codes:
        try:
            if "@" in code:
                units.append(orgunit_by_key(code, today=today))
            else:
                units.append(orgunit_resolve(code, start=start, end=end))
        except CdsError as exc:
            raise NotFoundError(
                exc.message, field=parameter, dimension=Dimension.OU.value, value=code
            ) from None
    return units
