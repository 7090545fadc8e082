"""Writes of the analytics: the rollup built again from the values (``cds analytics
rebuild``), after a restore, a migration, or values written around the services."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.db.models.functions import ExtractYear

from chuyendoiso.analytics.figures import rollup_analytics
from chuyendoiso.analytics.rollup import rollup_reset
from chuyendoiso.audit.services import audit_record
from chuyendoiso.datavalues.models import DataValue
from chuyendoiso.engine.domain.datavalues import Status
from chuyendoiso.engine.domain.periods import PeriodType, parse_period, periods_within

PERIOD_TYPES = (PeriodType.YEAR, PeriodType.HALF, PeriodType.QUARTER, PeriodType.MONTH)


@dataclass(frozen=True)
class Rebuilt:
    years: tuple[int, ...]
    figures: int  # figures computed and kept (of every unit, for the periods asked)


def rollup_rebuild(
    *,
    acting_user: AbstractBaseUser | None,
    years: Sequence[int] = (),
    period_types: Sequence[PeriodType] = (PeriodType.YEAR,),
    progress: Callable[[int, int], None] | None = None,
) -> Rebuilt:
    """Empty the rollup, then compute and keep the figure of every indicator for each unit
    at the top of the hierarchy (and with it every unit below) for the periods of
    ``period_types`` (calendar months) of each of ``years`` (default: every year with an
    approved value). Figures not computed here are computed when first read. ``progress``
    is told each year done, with the figures it kept."""
    with transaction.atomic():
        rollup_reset()
        audit_record(
            acting_user=acting_user,
            action="rollup_rebuild",
            entity="rollup",
            entity_key="analytics",
            after={"years": list(years), "period_types": [t.value for t in period_types]},
        )
    if not years:
        years = sorted(
            DataValue.objects.filter(status=Status.APPROVED.value)
            .annotate(year=ExtractYear("start_date"))
            .values_list("year", flat=True)
            .distinct()
        )
    figures = 0
    for year in years:
        whole = parse_period(f"{year:04d}")
        periods = [
            part
            for kind in period_types
            for part in ([whole] if kind is PeriodType.YEAR else periods_within(whole, kind))
        ]
        analytics = rollup_analytics(start=whole.start, end=whole.end)
        tops = [key for key, node in analytics.hierarchy.units.items() if node.parent is None]
        codes = [indicator.code for indicator in analytics.catalog.indicators]
        analytics.prefetch(codes, tops, periods)
        for code in codes:
            for top in tops:
                for period in periods:
                    analytics.figure(code, top, period)
        computed = analytics.pending
        kept = analytics.keep()  # not when a write came in meanwhile: computed when read
        figures += computed if kept else 0
        if progress is not None:
            progress(year, computed if kept else 0)
    return Rebuilt(tuple(years), figures)
