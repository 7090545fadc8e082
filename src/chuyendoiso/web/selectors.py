"""What the home page shows: the catalogue by pillar and the size of the data, the values
not yet approved counted apart (they are in no figure of the pages and reports). An
anonymous visitor's counts are those of the public indicators, without drafts."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Q

from chuyendoiso.analytics.audience import Audience, Public
from chuyendoiso.catalog.models import Pillar
from chuyendoiso.datavalues.models import DataValue
from chuyendoiso.engine.domain.datavalues import Origin, Status
from chuyendoiso.orgunits.models import OrgUnit


@dataclass(frozen=True)
class PillarSummary:
    code: str
    name_vi: str
    name_en: str
    indicators: int
    values: int
    drafts: int


@dataclass(frozen=True)
class HomeSummary:
    pillars: list[PillarSummary]
    org_units: int
    values: int
    synthetic_values: int
    draft_values: int


def home_summary(audience: Audience) -> HomeSummary:
    public = isinstance(audience, Public)
    shown = Q(indicators__public=True) if public else Q()
    pillars = Pillar.objects.annotate(
        indicator_count=Count("indicators", filter=shown, distinct=True),
        every_indicator=Count("indicators", distinct=True),
    ).order_by("order", "code")
    approved = Q(status=Status.APPROVED.value)
    # the public reads the approved values of the public indicators: no draft is counted
    rows = (
        DataValue.objects.filter(approved, indicator__public=True) if public else DataValue.objects
    )
    counted = (
        rows.values("indicator__pillar__code")
        .annotate(approved=Count("id", filter=approved), drafts=Count("id", filter=~approved))
        .values_list("indicator__pillar__code", "approved", "drafts")
    )
    by_pillar = {code: (values, drafts) for code, values, drafts in counted}
    totals = rows.aggregate(
        all=Count("id", filter=approved),
        synthetic=Count("id", filter=approved & Q(origin=Origin.SYNTHETIC.value)),
        drafts=Count("id", filter=~approved),
    )
    return HomeSummary(
        pillars=[
            PillarSummary(
                code=p.code,
                name_vi=p.name_vi,
                name_en=p.name_en,
                indicators=p.indicator_count,
                values=by_pillar.get(p.code, (0, 0))[0],
                drafts=by_pillar.get(p.code, (0, 0))[1],
            )
            for p in pillars
            # the public sees no pillar whose indicators are all internal (the DTI's own)
            if p.indicator_count or not p.every_indicator or not public
        ],
        org_units=OrgUnit.objects.count(),
        values=totals["all"],
        synthetic_values=totals["synthetic"],
        draft_values=totals["drafts"],
    )
