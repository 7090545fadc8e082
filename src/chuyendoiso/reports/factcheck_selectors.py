"""What a fact-check reads: the document in the reader's worker process, checked against
itself and the approved data of its unit, given or inferred from the text (reads only).
Apart from the report's selectors, so that writing a report loads nothing of the reader."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.contrib.auth.models import AnonymousUser

from chuyendoiso.access.selectors import actor_can
from chuyendoiso.analytics.audience import Audience, Internal, analytics_seen_by, catalog_for
from chuyendoiso.analytics.selectors import analytics_latest
from chuyendoiso.catalog.selectors import catalog_get
from chuyendoiso.engine.analytics import Analytics, Figure
from chuyendoiso.engine.domain.access import Action
from chuyendoiso.engine.domain.adminunits import Level, Structure
from chuyendoiso.engine.domain.catalog import TimeAggregation
from chuyendoiso.engine.domain.datavalues import Origin
from chuyendoiso.engine.domain.errors import CdsError, NotFoundError, PermissionDeniedError
from chuyendoiso.engine.domain.periods import Period
from chuyendoiso.engine.domain.provinces import country_provinces
from chuyendoiso.engine.reader import (
    Basis,
    FactCheckResult,
    KnownUnit,
    Limits,
    Lookup,
    Placement,
    placement_of,
    read_untrusted,
    result_of,
)
from chuyendoiso.orgunits.models import OrgUnit, OrgUnitMapping
from chuyendoiso.orgunits.selectors import orgunit_resolve
from chuyendoiso.orgunits.services import unit_key


def factcheck_source(
    source: bytes | Path | str,
    filename: str,
    *,
    org_code: str = "",
    audience: Audience | None = None,
) -> FactCheckResult:
    """Read a document (a path, or the bytes of an upload with its file name, or pasted
    text) in the reader's worker process, under ``reader_limits()``, and check it against
    itself and the approved data of its unit: ``org_code`` when given, else the unit the
    reader infers from the text (none when it cannot tell: then the text is checked
    against itself only). ``result.place`` says which unit and why. Figures are matched
    to the whole catalogue (so that none is taken for another indicator); those of an
    indicator ``audience`` may not see are then left unmatched, neither named nor checked.
    A unit whose approved data the audience may not read is never compared with: given,
    it is refused; inferred, the result says so."""
    org_code = org_code.strip()
    if org_code and not OrgUnit.objects.filter(code=org_code).exists():
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
    units = reader_units()
    reading = read_untrusted(source, filename, catalog, limits=reader_limits(), units=units)
    given = _given(units, org_code, reading.document_period) if org_code else None
    place = _within_scope(placement_of(reading.place, given), audience)
    lookup = None
    if place.compared and place.unit is not None:
        lookup = stored_lookup(place.unit.code, audience=audience)
    return result_of(reading, catalog, lookup=lookup, shown=shown, place=place)


def reader_units() -> list[KnownUnit]:
    """The units a text may be about: every unit of the platform, then every province of
    the country by name (a text about a province the platform does not hold is about
    that province, not about one it holds that the text names in passing)."""
    moved = dict(
        OrgUnitMapping.objects.filter(
            old__level=OrgUnit.Level.PROVINCE, new__level=OrgUnit.Level.PROVINCE
        ).values_list("old_id", "new_id")
    )
    rows = list(OrgUnit.objects.all())
    key_of = {row.pk: unit_key(row.code, row.structure) for row in rows}
    units = [
        KnownUnit(
            key=key_of[row.pk],
            code=row.code,
            name=row.name,
            level=Level(row.level),
            kind_vi=row.kind_vi,
            province=None
            if row.level == OrgUnit.Level.PROVINCE
            else key_of.get(row.province_id or 0),
            valid_from=row.valid_from,
            valid_to=row.valid_to,
            successor=key_of.get(moved.get(row.pk, 0)),
        )
        for row in rows
    ]
    return units + _country_provinces(units)


def _country_provinces(held: list[KnownUnit]) -> list[KnownUnit]:
    """The provinces of the country the platform does not hold, by name only."""
    named = {(u.code, u.name) for u in held if u.level is Level.PROVINCE}
    current = {u.code: u.key for u in held if u.level is Level.PROVINCE and u.valid_to is None}
    keys = {u.key for u in held}
    country = country_provinces()
    found = []
    for province in [*country.before, *country.after]:
        key = unit_key(province.code, province.structure.value)
        if key in keys or (province.code, province.name) in named:
            continue
        merged = country.merged_into.get(province.code)
        successor = None
        if province.structure is Structure.BEFORE_2025 and merged is not None:
            successor = current.get(merged, unit_key(merged, Structure.FROM_2025.value))
        found.append(
            KnownUnit(
                key=key,
                code=province.code,
                name=province.name,
                level=Level.PROVINCE,
                kind_vi=province.kind_vi,
                valid_from=province.valid_from,
                valid_to=province.valid_to,
                successor=successor,
                reporting=False,
            )
        )
    return found


def _given(units: list[KnownUnit], code: str, period: Period | None) -> KnownUnit:
    """The unit of ``code`` the text's period picks (codes repeat across the 2025
    reorganisation): valid in the period, else valid today, else the first."""
    same = [unit for unit in units if unit.code == code and unit.reporting]
    if period is not None:
        same.sort(key=lambda unit: not unit.valid_during(period.start, period.end))
    else:
        same.sort(key=lambda unit: unit.valid_to is not None)
    return same[0]


def _within_scope(place: Placement, audience: Audience | None) -> Placement:
    """The placement, unless the audience may not read the approved data of its unit:
    a unit given is then refused, an inferred one is not compared with."""
    if audience is None or place.unit is None or not place.unit.reporting:
        return place  # the command line's operator reads everything
    user = audience.user if isinstance(audience, Internal) else AnonymousUser()
    code, _, structure = place.unit.key.partition("@")
    unit = OrgUnit.objects.get(code=code, structure=structure)
    if actor_can(user, Action.READ_APPROVED, unit):
        return place
    if place.basis is Basis.GIVEN:
        raise PermissionDeniedError(
            f"Bạn không được xem số liệu đã duyệt của đơn vị '{code}' / not allowed",
            field="org_unit",
            value=code,
        )
    refused = (
        "Bạn không được xem số liệu đã duyệt của đơn vị này "
        "/ you may not read this unit's approved data"
    )
    return replace(place, refused=refused)


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
    period, if any, when it covers exactly that period (``same_span``). Synthetic demo
    figures are never taken as the truth, nor derived ones: they were computed from a
    report's own words, so checking that report against them would be circular."""
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
            stock = engine.catalog.indicator(indicator).aggregation_time is TimeAggregation.STOCK
        except KeyError:  # one the audience may not see: never checked against
            return None
        figure = engine.figure(indicator, unit_key, period)
        untrusted = {Origin.SYNTHETIC, Origin.DERIVED}
        if figure is None or figure.origins & untrusted or not same_span(figure, stock=stock):
            return None
        return figure.value, figure.decimals

    return lookup


def same_span(figure: Figure, *, stock: bool) -> bool:
    """The stored figure is the text's: every expected unit reported, and it covers
    exactly the period asked for (a stock: stands on its last day). The months inside 1
    January - 27 May summed, or the one figure of 1 January - 26 May, are not the figure
    of 1 January - 27 May."""
    if figure.reporting_units != figure.expected_units:
        return False
    if stock:
        return (figure.reference_date or figure.own_period.end) == figure.period.end
    own, asked = figure.own_period, figure.period
    return (own.start, own.end) == (asked.start, asked.end)
