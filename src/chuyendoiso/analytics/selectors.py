"""Builds the engine's analytics over the database for one org unit and a time window."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db.models import Q

from chuyendoiso.catalog.selectors import catalog_get
from chuyendoiso.datavalues.models import DataValue
from chuyendoiso.engine.analytics import Analytics, Facts, Hierarchy, Observation, OrgNode
from chuyendoiso.engine.domain.datavalues import Origin, Qualifier, Status
from chuyendoiso.engine.domain.periods import Calendar, Period, parse_period
from chuyendoiso.orgunits.models import OrgUnit, OrgUnitMapping


def hierarchy_get() -> Hierarchy:
    units = {
        str(row.pk): OrgNode(
            key=str(row.pk),
            code=row.code,
            name=row.name,
            level=row.level,
            parent=str(row.parent_id) if row.parent_id else None,
            valid_from=row.valid_from,
            valid_to=row.valid_to,
        )
        for row in OrgUnit.objects.all()
    }
    predecessors: dict[str, list[str]] = {}
    for old_id, new_id in OrgUnitMapping.objects.filter(is_primary=True).values_list(
        "old_id", "new_id"
    ):
        predecessors.setdefault(str(new_id), []).append(str(old_id))
    return Hierarchy(units=units, predecessors=predecessors)


def analytics_for(unit: OrgUnit, *, start: dt.date, end: dt.date) -> Analytics:
    """Analytics over the values of ``unit``, everything below it and the units merged into
    it, for periods inside [start, end]."""
    hierarchy = hierarchy_get()
    roots = [unit.pk, *_merged_into(unit)]
    paths = OrgUnit.objects.filter(pk__in=roots).values_list("path", flat=True)
    in_tree = Q()
    for path in paths:
        in_tree |= Q(org_unit__path__startswith=path)
    rows = (
        DataValue.objects.filter(
            in_tree,
            status=Status.APPROVED.value,
            category_option="",
            start_date__gte=start,
            end_date__lte=end,
        )
        .select_related("indicator")
        .only(*OBSERVATION_FIELDS)
    )
    return Analytics(
        catalog_get(), hierarchy, Facts((row.indicator.code, _observation(row)) for row in rows)
    )


OBSERVATION_FIELDS = (
    "indicator__code",
    "org_unit_id",
    "period",
    "calendar",
    "value",
    "numerator",
    "denominator",
    "origin",
    "qualifier",
    "decimals",
    "scale",
    "reference_date",
    "change_stated",
    "level_stated",
)


def _merged_into(unit: OrgUnit) -> list[int]:
    """Units merged into ``unit`` and, recursively, into its descendants (their roots only)."""
    return list(
        OrgUnitMapping.objects.filter(new__path__startswith=unit.path, is_primary=True)
        .exclude(old__path__startswith=unit.path)
        .values_list("old_id", flat=True)
        .distinct()
    )


def _observation(row: DataValue) -> Observation:
    return Observation(
        unit=str(row.org_unit_id),
        period=_period(row.period, row.calendar),
        value=_exact(row.value),
        numerator=None if row.numerator is None else _exact(row.numerator),
        denominator=None if row.denominator is None else _exact(row.denominator),
        origin=Origin(row.origin),
        qualifier=Qualifier(row.qualifier),
        decimals=row.decimals,
        scale=row.scale,
        reference_date=row.reference_date,
        change_stated=None if row.change_stated is None else row.change_stated.normalize(),
        level_stated=None if row.level_stated is None else row.level_stated.normalize(),
    )


def _exact(value: Decimal) -> Decimal:
    """Drop the storage's trailing zeros (1830.000000 -> 1830, 89.440000 -> 89.44)."""
    integral = value.to_integral_value()
    return integral if value == integral else value.normalize()


_PERIODS: dict[tuple[str, str], Period] = {}


def _period(period_id: str, calendar: str) -> Period:
    key = (period_id, calendar)
    if key not in _PERIODS:
        _PERIODS[key] = parse_period(period_id, Calendar(calendar))
    return _PERIODS[key]
