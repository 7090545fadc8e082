"""The analytics of the pages, read from the rollup (chuyendoiso.analytics.rollup).

``rollup_analytics(start=, end=)`` is the engine's ``Analytics`` over every org unit, whose
figures come first from the figures kept (in this process for the current token, then in
the rollup table); a figure not kept is computed by the engine as before, from the unit's
own approved values and the figures of the units below it (kept, or computed in turn), and
kept with ``keep()``. There is one aggregation, the engine's: the rollup only keeps what it
computed. Values are read unit by unit, only for the units whose figure is not kept, for
the periods inside [start, end] (the periods asked for must lie inside it).

Figures for the same territory (units merged on 1 July 2025) are not kept: the engine
composes them from the kept figures of the unit and of those merged into it.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass, field

from django.conf import settings

from chuyendoiso.analytics.hierarchy import hierarchy_get
from chuyendoiso.analytics.rollup import Kept, rollup_keep, rollup_read, rollup_token
from chuyendoiso.catalog import models as catalog_models
from chuyendoiso.catalog.selectors import catalog_get
from chuyendoiso.datavalues.convert import values_read_skipping
from chuyendoiso.datavalues.models import DataValue
from chuyendoiso.engine.analytics import (
    Analytics,
    Facts,
    Figure,
    Hierarchy,
    figure_of,
    figure_record,
    keepable,
    observation_of,
)
from chuyendoiso.engine.domain.catalog import Catalog
from chuyendoiso.engine.domain.datavalues import Status
from chuyendoiso.engine.domain.periods import Period

Key = tuple[str, str, Period]  # indicator code, unit key (its id), period
KEPT_IN_PROCESS = 500_000  # figures kept in the process for a token, at most


class UnitFacts(Facts):
    """The approved totals of each unit inside [start, end], read when first asked for."""

    def __init__(self, start: dt.date, end: dt.date) -> None:
        super().__init__(())
        self.start, self.end = start, end
        self._read: set[str] = set()

    def of(self, indicator: str, unit: str) -> list:  # type: ignore[type-arg]
        self.read([unit])
        return super().of(indicator, unit)

    def read(self, units: Iterable[str]) -> None:
        new = [unit for unit in dict.fromkeys(units) if unit not in self._read]
        if not new:
            return
        self._read.update(new)
        rows = DataValue.objects.filter(
            org_unit_id__in=[int(unit) for unit in new],
            status=Status.APPROVED.value,
            category_option__isnull=True,
            start_date__gte=self.start,
            end_date__lte=self.end,
        )
        # a row that cannot be read is logged with its place and left out (as analytics_for)
        self.add(
            values_read_skipping(
                rows,
                lambda value, extra: (value.indicator, observation_of(value, str(extra[0]))),
                "org_unit_id",
            )
        )


@dataclass
class Shared:
    """What the process keeps for one token: the catalogue, the hierarchy, the indicators'
    ids and the figures found so far."""

    token: str
    catalog: Catalog
    hierarchy: Hierarchy
    indicator_ids: dict[str, int]
    figures: dict[Key, Figure | None] = field(default_factory=dict)


_shared: Shared | None = None
_shared_lock = threading.Lock()


def shared_now() -> Shared:
    """The process's figures for the current token (new ones when it changed). With
    ``CDS_REPORT_CACHE_SECONDS`` 0 nothing is kept in the process: new ones every time."""
    global _shared
    token = rollup_token()
    kept = _shared
    if settings.CDS_REPORT_CACHE_SECONDS and kept is not None and kept.token == token:
        if len(kept.figures) > KEPT_IN_PROCESS:
            kept.figures.clear()
        return kept
    ids = dict(catalog_models.Indicator.objects.values_list("code", "id"))
    fresh = Shared(token, catalog_get(), hierarchy_get(), ids)
    if settings.CDS_REPORT_CACHE_SECONDS:
        with _shared_lock:
            _shared = fresh
    return fresh


def shared_forget() -> None:
    """Forget what the process keeps (tests start afresh)."""
    global _shared
    with _shared_lock:
        _shared = None


class RollupAnalytics(Analytics):
    """The engine's analytics, whose figures are looked up in the rollup before they are
    computed; ``keep()`` keeps those computed."""

    def __init__(self, shared: Shared, facts: UnitFacts) -> None:
        super().__init__(shared.catalog, shared.hierarchy, facts)
        self.shared = shared
        self.unit_facts = facts
        self._looked: set[Key] = set()
        self._new: dict[Key, Figure | None] = {}
        self._asked: dict[str, None] = {}  # the indicators asked for, in order
        self._looked_below: set[tuple[str, Period]] = set()

    def figure(
        self, indicator: str, unit: str, period: Period, *, same_territory: bool = False
    ) -> Figure | None:
        if same_territory:  # composed from the figures of each unit, looked up below
            return super().figure(indicator, unit, period, same_territory=True)
        key = (indicator, unit, period)
        known = self.shared.figures
        if key not in known and key not in self._looked:
            self.prefetch([indicator], [unit], [period])
        if key in known:
            return known[key]
        self._prepare(indicator, unit, period)
        found = super().figure(indicator, unit, period)
        known[key] = found
        if keepable(period):
            self._new[key] = found
        return found

    def prefetch(
        self,
        indicators: Collection[str],
        units: Collection[str],
        periods: Collection[Period],
        *,
        same_territory: bool = False,
    ) -> None:
        """Look up in one query the kept figures of every indicator, unit and period (with
        ``same_territory``, of the units merged into each unit too)."""
        self._asked |= dict.fromkeys(indicators)
        if same_territory:
            merged = self.hierarchy.predecessors
            units = list(
                dict.fromkeys([*units, *(old for u in units for old in merged.get(u, []))])
            )
        known = self.shared.figures
        wanted = {
            key
            for p in periods
            if keepable(p)
            for i in indicators
            for u in units
            if (key := (i, u, p)) not in known and key not in self._looked
        }
        if not wanted:
            return
        self._looked |= wanted
        by_id = {p.id: p for p in periods}
        codes = {number: code for code, number in self.shared.indicator_ids.items()}
        asked_ids = [
            self.shared.indicator_ids[i] for i in indicators if i in self.shared.indicator_ids
        ]
        for kept in rollup_read(asked_ids, [int(u) for u in units], list(by_id)):
            period = by_id[kept.period]
            key = (codes[kept.indicator_id], str(kept.org_unit_id), period)
            if key not in wanted or period.calendar.value != kept.calendar:
                continue
            self.shared.figures[key] = (
                None
                if kept.figure is None
                else figure_of(kept.figure, indicator=key[0], unit=key[1], period=period)
            )

    @property
    def pending(self) -> int:
        """Figures computed and not kept yet."""
        return len(self._new)

    def keep(self) -> bool:
        """Keep in the rollup the figures computed since (unless a write came in between)."""
        new, self._new = self._new, {}
        ids = self.shared.indicator_ids
        rows = [
            Kept(
                indicator_id=ids[indicator],
                org_unit_id=int(unit),
                period=period.id,
                calendar=period.calendar.value,
                start=period.start,
                end=period.end,
                figure=None if figure is None else figure_record(figure),
            )
            for (indicator, unit, period), figure in new.items()
            if indicator in ids
        ]
        return rollup_keep(self.shared.token, rows)

    def _prepare(self, indicator: str, unit: str, period: Period) -> None:
        """Before a figure is computed: the kept figures of the units below it in one
        query (for every indicator asked for, which will need them too), and the values of
        those not kept (and of the unit) in another."""
        below = [kid.key for kid in self.hierarchy.children(unit, period)]
        below += [kid.key for kid in self.hierarchy.children(unit, period, at_end=True)]
        below = list(dict.fromkeys(below))
        fresh = [kid for kid in below if (kid, period) not in self._looked_below]
        if fresh:  # once per unit and period, for every indicator asked for
            self._looked_below.update((kid, period) for kid in fresh)
            self.prefetch([*self._asked, indicator], fresh, [period])
        missing = [k for k in below if (indicator, k, period) not in self.shared.figures]
        self.unit_facts.read([unit, *missing])


def rollup_analytics(*, start: dt.date, end: dt.date) -> RollupAnalytics:
    """The analytics of the pages for periods inside [start, end]."""
    return RollupAnalytics(shared_now(), UnitFacts(start, end))


def periods_window(periods: Sequence[Period]) -> tuple[dt.date, dt.date]:
    return min(p.start for p in periods), max(p.end for p in periods)
