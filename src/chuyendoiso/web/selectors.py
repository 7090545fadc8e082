"""What the home page shows: the catalogue by pillar and the size of the data."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Q

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


@dataclass(frozen=True)
class HomeSummary:
    pillars: list[PillarSummary]
    org_units: int
    values: int
    synthetic_values: int


def home_summary() -> HomeSummary:
    pillars = Pillar.objects.annotate(indicator_count=Count("indicators", distinct=True)).order_by(
        "order", "code"
    )
    values_by_pillar = dict(
        DataValue.objects.filter(status=Status.APPROVED.value)
        .values_list("indicator__pillar__code")
        .annotate(n=Count("id"))
    )
    totals = DataValue.objects.filter(status=Status.APPROVED.value).aggregate(
        all=Count("id"), synthetic=Count("id", filter=Q(origin=Origin.SYNTHETIC.value))
    )
    return HomeSummary(
        pillars=[
            PillarSummary(
                code=p.code,
                name_vi=p.name_vi,
                name_en=p.name_en,
                indicators=p.indicator_count,
                values=values_by_pillar.get(p.code, 0),
            )
            for p in pillars
        ],
        org_units=OrgUnit.objects.count(),
        values=totals["all"],
        synthetic_values=totals["synthetic"],
    )
