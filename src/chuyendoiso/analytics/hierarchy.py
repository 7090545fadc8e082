"""The org units as the analytics engine walks them: each unit with its parent, and the
units merged into each on 1 July 2025 (the primary old-to-new mapping)."""

from __future__ import annotations

from chuyendoiso.engine.analytics import Hierarchy, OrgNode
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
