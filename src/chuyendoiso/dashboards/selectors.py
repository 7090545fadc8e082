"""What the dashboard reads beside the figures: the drafts a user may read, the units above
the one shown (its breadcrumb), the periods to choose from and the units below it ranked
indicator by indicator."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import Count

from chuyendoiso.access.selectors import draft_readable_units
from chuyendoiso.analytics.audience import Audience
from chuyendoiso.analytics.selectors import Ranked, Unit, ranking_of
from chuyendoiso.datavalues.models import DataValue
from chuyendoiso.engine.domain.datavalues import Status
from chuyendoiso.engine.domain.periods import (
    Calendar,
    Period,
    PeriodType,
    parse_period,
    periods_within,
)
from chuyendoiso.orgunits.models import OrgUnit

YEARS_OFFERED = 5  # the years of the period picker: the period's and the four before


def drafts_by_indicator(
    user: AbstractBaseUser | AnonymousUser, unit: OrgUnit, period: Period
) -> dict[str, int]:
    """For each indicator, the values of ``unit`` and the units below it that wait for
    approval within ``period``, counting only the units whose drafts ``user`` may read."""
    rows = (
        DataValue.objects.filter(
            status=Status.DRAFT.value,
            org_unit__path__startswith=unit.path,
            org_unit__in=draft_readable_units(user),
            start_date__gte=period.start,
            end_date__lte=period.end,
        )
        .values("indicator__code")
        .annotate(count=Count("pk"))
    )
    return {row["indicator__code"]: row["count"] for row in rows}


def breadcrumb(unit: OrgUnit) -> list[Unit]:
    """The units above ``unit``, the province first."""
    above: list[Unit] = []
    parent = unit.parent
    while parent is not None:
        above.insert(0, Unit.of(parent))
        parent = parent.parent
    return above


@dataclass(frozen=True)
class PeriodGroup:
    type: PeriodType
    periods: tuple[Period, ...]


def period_choices(period: Period) -> list[PeriodGroup]:
    """The periods the picker offers, in the period's calendar: the last years, and the
    halves, quarters and months of the period's year and the year before."""
    calendar = period.calendar
    years = [parse_period(str(period.year - n), calendar) for n in range(YEARS_OFFERED)]
    groups = [PeriodGroup(PeriodType.YEAR, tuple(years))]
    for kind in (PeriodType.HALF, PeriodType.QUARTER, PeriodType.MONTH):
        within = [p for year in reversed(years[:2]) for p in periods_within(year, kind)]
        groups.append(PeriodGroup(kind, tuple(reversed(within))))
    return groups


CALENDARS = tuple(Calendar)


@dataclass
class RankedUnit:
    unit: Unit
    cells: dict[str, Ranked | None] = field(default_factory=dict)  # by indicator code


@dataclass(frozen=True)
class LevelRanking:
    level: str
    units: tuple[RankedUnit, ...]


def rankings(
    audience: Audience, indicators: Sequence[str], unit: OrgUnit, period: Period
) -> list[LevelRanking]:
    """The units right below ``unit`` level by level, each with its rank and figure for
    every indicator; the units in the order of the first indicator's ranking."""
    found: dict[str, RankedUnit] = {}
    for code in indicators:
        ranking = ranking_of(audience, code, unit, period)
        for row in ranking.rows:
            found.setdefault(row.unit.key, RankedUnit(row.unit)).cells[code] = row
        for missing in ranking.missing:
            found.setdefault(missing.key, RankedUnit(missing)).cells[code] = None
    levels = list(dict.fromkeys(each.unit.level for each in found.values()))
    return [
        LevelRanking(level, tuple(each for each in found.values() if each.unit.level == level))
        for level in levels
    ]
