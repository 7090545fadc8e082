"""Reads of the evidence of a report's figures (``evidence_services`` writes it)."""

from __future__ import annotations

from chuyendoiso.access.selectors import Actor, actor_can
from chuyendoiso.collection.models import Evidence
from chuyendoiso.collection.selectors import Key
from chuyendoiso.engine.domain.access import Action
from chuyendoiso.engine.domain.errors import NotFoundError
from chuyendoiso.orgunits.models import OrgUnit


def evidence_get(evidence_id: int) -> Evidence:
    found = Evidence.objects.select_related("dataset", "org_unit", "indicator").filter(
        pk=evidence_id
    )
    if not found:
        raise NotFoundError("Không có minh chứng này / no such evidence", value=evidence_id)
    return found[0]


def evidence_of_report(key: Key) -> list[Evidence]:
    return list(
        Evidence.objects.filter(
            dataset__code=key.dataset.code, org_unit=key.org_unit, period=key.period.id
        )
        .select_related("indicator")
        .defer("content")
    )


def evidence_of_year(org_unit: OrgUnit, indicators: list[str], year: int) -> list[Evidence]:
    """The evidence of the unit's yearly reports of these indicators."""
    return list(
        Evidence.objects.filter(org_unit=org_unit, indicator__code__in=indicators, period=str(year))
        .select_related("indicator", "dataset")
        .defer("content")
    )


def evidence_readable(user: Actor, evidence: Evidence) -> bool:
    """Evidence is read by those who may read the unit's drafts (docs/access.md)."""
    return actor_can(user, Action.READ_DRAFT, evidence.org_unit)
