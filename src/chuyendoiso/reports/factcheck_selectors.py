"""What a fact-check reads: the document in the reader's worker process, checked against
itself and the approved data of a unit (reads only). Apart from the report's selectors, so
that writing a report loads nothing of the reader."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from django.conf import settings

from chuyendoiso.analytics.audience import Audience, analytics_seen_by, catalog_for
from chuyendoiso.analytics.selectors import analytics_latest
from chuyendoiso.catalog.selectors import catalog_get
from chuyendoiso.engine.analytics import Analytics
from chuyendoiso.engine.domain.datavalues import Origin
from chuyendoiso.engine.domain.errors import CdsError, NotFoundError
from chuyendoiso.engine.domain.periods import Period
from chuyendoiso.engine.reader import FactCheckResult, Limits, Lookup, factcheck_untrusted
from chuyendoiso.orgunits.models import OrgUnit
from chuyendoiso.orgunits.selectors import orgunit_resolve


def factcheck_source(
    source: bytes | Path | str,
    filename: str,
    *,
    org_code: str,
    audience: Audience | None = None,
) -> FactCheckResult:
    """Read a document (a path, or the bytes of an upload with its file name, or pasted
    text) in the reader's worker process, under ``reader_limits()``, and check it against
    itself and the approved data of ``org_code``. Figures are matched to the whole
    catalogue (so that none is taken for another indicator); those of an indicator
    ``audience`` may not see are then left unmatched, neither named nor checked."""
    if not OrgUnit.objects.filter(code=org_code.strip()).exists():
        # else every figure would silently pass unchecked against the stored data
        raise NotFoundError(
            f"Không có đơn vị mã '{org_code}' / unknown org unit code",
            field="org_unit",
            value=org_code,
        )
    catalog = catalog_get()
    shown = (
        None if audience is None else [i.code for i in catalog_for(audience, catalog).indicators]
    )
    return factcheck_untrusted(
        source,
        filename,
        catalog,
        limits=reader_limits(),
        lookup=stored_lookup(org_code, audience=audience),
        shown=shown,
    )


def reader_limits() -> Limits:
    """The limits of reading an untrusted document, from the settings
    (``CDS_READER_MEMORY_MB`` and the others, docs/reader.md)."""
    return Limits(
        memory_mb=settings.CDS_READER_MEMORY_MB,
        cpu_seconds=settings.CDS_READER_CPU_SECONDS,
        timeout_seconds=settings.CDS_READER_TIMEOUT_SECONDS,
        max_chars=settings.CDS_READER_MAX_CHARS,
        max_inflated_mb=settings.CDS_READER_MAX_INFLATED_MB,
        max_ratio=settings.CDS_READER_MAX_RATIO,
        max_pages=settings.CDS_READER_MAX_PAGES,
    )


def stored_lookup(org_code: str, *, audience: Audience | None = None) -> Lookup:
    """The approved figure of an indicator ``audience`` may see for the org unit and a
    period, if any. Synthetic demo figures are never taken as the truth, nor derived ones:
    they were computed from a report's own words, so checking that report against them
    would be circular."""
    analytics: dict[Period, tuple[Analytics, str] | None] = {}

    def lookup(indicator: str, period: Period) -> tuple[Decimal, int] | None:
        if period not in analytics:
            try:
                unit = orgunit_resolve(org_code, start=period.start, end=period.end)
            except CdsError:
                analytics[period] = None
            else:
                engine = analytics_latest(unit, start=period.start, end=period.end)
                if audience is not None:
                    engine = analytics_seen_by(audience, engine)
                analytics[period] = (engine, str(unit.pk))
        found = analytics[period]
        if found is None:
            return None
        engine, unit_key = found
        try:
            engine.catalog.indicator(indicator)
        except KeyError:  # one the audience may not see: never checked against
            return None
        figure = engine.figure(indicator, unit_key, period)
        untrusted = {Origin.SYNTHETIC, Origin.DERIVED}
        if figure is None or figure.origins & untrusted or not figure.complete:
            return None
        return figure.value, figure.decimals

    return lookup
