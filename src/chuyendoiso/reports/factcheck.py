"""Reading an existing report: its figures checked, against its own arithmetic and the
stored data, and (on request) stored as drafts for a reviewer."""

from __future__ import annotations

from dataclasses import dataclass, replace
from decimal import Decimal
from pathlib import Path

from django.contrib.auth.models import AbstractBaseUser
from django.template.loader import render_to_string

from chuyendoiso.analytics.selectors import analytics_for
from chuyendoiso.catalog.selectors import catalog_get
from chuyendoiso.datavalues.services import ImportSummary, datavalues_import
from chuyendoiso.engine.analytics import Analytics
from chuyendoiso.engine.domain.datavalues import Origin, Status
from chuyendoiso.engine.domain.errors import CdsError, NotFoundError
from chuyendoiso.engine.domain.periods import Period
from chuyendoiso.engine.reader import FactCheckResult, Lookup, Verdict, factcheck, read_document
from chuyendoiso.orgunits.models import OrgUnit
from chuyendoiso.orgunits.selectors import orgunit_resolve


def factcheck_source(
    source: bytes | Path | str, filename: str, *, org_code: str
) -> FactCheckResult:
    """Read a document (a path, or the bytes of an upload with its file name, or pasted
    text) and check it against itself and the approved data of ``org_code``."""
    if not OrgUnit.objects.filter(code=org_code.strip()).exists():
        # else every figure would silently pass unchecked against the stored data
        raise NotFoundError(
            f"Không có đơn vị mã '{org_code}' / unknown org unit code",
            field="org_unit",
            value=org_code,
        )
    text = source if isinstance(source, str) else read_document(source, filename).text
    return factcheck(text, catalog_get(), lookup=stored_lookup(org_code))


def stored_lookup(org_code: str) -> Lookup:
    """The approved figure of an indicator for the org unit and a period, if any. Synthetic
    demo figures are never taken as the truth, nor derived ones: they were computed from a
    report's own words, so checking that report against them would be circular."""
    analytics: dict[Period, tuple[Analytics, str] | None] = {}

    def lookup(indicator: str, period: Period) -> tuple[Decimal, int] | None:
        if period not in analytics:
            try:
                unit = orgunit_resolve(org_code, start=period.start, end=period.end)
            except CdsError:
                analytics[period] = None
            else:
                engine = analytics_for(unit, start=period.start, end=period.end)
                analytics[period] = (engine, str(unit.pk))
        found = analytics[period]
        if found is None:
            return None
        engine, unit_key = found
        figure = engine.figure(indicator, unit_key, period)
        untrusted = {Origin.SYNTHETIC, Origin.DERIVED}
        if figure is None or figure.origins & untrusted or not figure.complete:
            return None
        return figure.value, figure.decimals

    return lookup


def factcheck_import(
    *, acting_user: AbstractBaseUser | None, result: FactCheckResult, org_code: str, document: str
) -> ImportSummary:
    """Store the matched figures as drafts extracted from ``document``, through the
    service every data value goes through; a reviewer approves them later."""
    source = f"document:{document}"[:255]
    values = [
        replace(value, status=Status.DRAFT, origin=Origin.REPORTED, source=source)
        for value in result.proposed_values(catalog_get(), org_unit=org_code, source=source)
    ]
    return datavalues_import(acting_user=acting_user, values=values, source_name=source)


@dataclass(frozen=True)
class Piece:
    text: str
    figure: int | None
    status: str  # consistent | inconsistent | unchecked | unmatched | "" for plain text
    title: str


def highlighted(result: FactCheckResult) -> list[Piece]:
    """The text cut into pieces, each figure with its status and a tooltip."""
    status: dict[int, str] = {}
    notes: dict[int, list[str]] = {}
    for check in result.checks:
        for figure in check.figures:
            notes.setdefault(figure, []).append(check.message)
            if check.status is Verdict.INCONSISTENT:
                status[figure] = "inconsistent"
            elif check.status is Verdict.CONSISTENT:
                status.setdefault(figure, "consistent")
    pieces = []
    for text, figure in result.segments():
        if figure is None:
            pieces.append(Piece(text, None, "", ""))
            continue
        match = result.matches[figure]
        state = status.get(figure) or ("unchecked" if match.indicator else "unmatched")
        title = f"{match.indicator or 'chưa gắn chỉ tiêu'} · {match.period.id or '?'}"
        title = " — ".join([title, *notes.get(figure, [])])
        pieces.append(Piece(text, figure, state, title))
    return pieces


def render_factcheck_html(result: FactCheckResult, *, standalone: bool = True) -> str:
    return render_to_string(
        "reports/factcheck_result.html",
        {"result": result, "pieces": highlighted(result), "standalone": standalone},
    )
