"""Builds the engine's analytics over the database for one org unit and a time window."""

from __future__ import annotations

import datetime as dt

from django.db.models import Q

from chuyendoiso.catalog.selectors import catalog_get
from chuyendoiso.datavalues.convert import values_read
from chuyendoiso.datavalues.models import DataValue
from chuyendoiso.engine.analytics import Analytics, Facts, Hierarchy, OrgNode, observation_of
from chuyendoiso.engine.domain.datavalues import Status
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
    rows = DataValue.objects.filter(
        in_tree,
        status=Status.APPROVED.value,
        category_option__isnull=True,
        start_date__gte=start,
        end_date__lte=end,
    )
    facts = Facts(
        (value.indicator, observation_of(value, str(unit_id)))
        for value, (unit_id,) in values_read(rows, "org_unit_id")
    )
    return Analytics(catalog_get(), hierarchy, facts)


def _merged_into(unit: OrgUnit) -> list[int]:
    """Units merged into ``unit`` and, recursively, into its descendants (their roots only)."""
    return list(
        OrgUnitMapping.objects.filter(new__path__startswith=unit.path, is_primary=True)
        .exclude(old__path__startswith=unit.path)
        .values_list("old_id", flat=True)
        .distinct()
    )
