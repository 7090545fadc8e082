"""Writes of the reports app: the figures of a checked report stored as drafts; a report's
number taken from the register; the register's next number set."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from django.contrib.auth.models import AbstractBaseUser
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone

from chuyendoiso.access.selectors import Actor, is_unrestricted
from chuyendoiso.access.services import require
from chuyendoiso.audit.services import audit_record
from chuyendoiso.catalog.selectors import catalog_get
from chuyendoiso.datavalues.services import ImportSummary, datavalues_import
from chuyendoiso.engine.domain.access import Action
from chuyendoiso.engine.domain.datavalues import Origin, Status
from chuyendoiso.engine.domain.errors import PermissionDeniedError, ValidationError
from chuyendoiso.engine.reader import FactCheckResult
from chuyendoiso.engine.report import report_symbol
from chuyendoiso.orgunits.selectors import orgunit_resolve
from chuyendoiso.reports.models import IssuedReport, RegisterYear
from chuyendoiso.reports.selectors import (
    report_document,
    report_issued,
    report_letterhead,
    report_period,
    report_templates,
)


@transaction.atomic
def factcheck_import(
    *, acting_user: AbstractBaseUser | None, result: FactCheckResult, org_code: str, document: str
) -> ImportSummary:
    """Store the matched figures as drafts extracted from ``document``, through the
    service every data value goes through (all or nothing, audited); a reviewer approves
    them later."""
    source = f"document:{document}"[:255]
    values = [
        replace(value, status=Status.DRAFT, origin=Origin.REPORTED, source=source)
        for value in result.proposed_values(catalog_get(), org_unit=org_code, source=source)
    ]
    return datavalues_import(acting_user=acting_user, values=values, source_name=source)


def report_issue(
    *,
    acting_user: Actor,
    org_code: str,
    period_id: str,
    today: dt.date | None = None,
) -> IssuedReport:
    """Give the report of the unit for the period the next number of its symbol's register
    for the year of ``today``, dated ``today`` (audited). The leader (approver) of the unit
    or of a unit above, or a coordinator, issues it (``Action.ISSUE``); a report already
    issued keeps its number; a report that cannot be written (a period not begun, no
    figure) gets none."""
    today = today or timezone.localdate()
    period = report_period(period_id, today)
    unit = orgunit_resolve(org_code, start=period.start, end=period.end)
    require(acting_user, Action.ISSUE, unit)  # an anonymous visitor stops here
    user = acting_user if isinstance(acting_user, AbstractBaseUser) else None
    issued = report_issued(unit, period)
    if issued is not None:
        return issued
    report_document(org_code, period_id, today=today)  # refused here if it cannot be written
    templates = report_templates()
    letterhead = report_letterhead(unit, today, templates)
    symbol = report_symbol(templates, letterhead.issuing_body, letterhead.number_suffix)
    try:
        with transaction.atomic():
            register, _ = RegisterYear.objects.select_for_update().get_or_create(
                issuer=unit.code, symbol=symbol, year=today.year
            )
            issued = IssuedReport.objects.create(
                issuer=unit.code,
                symbol=symbol,
                year=today.year,
                number=register.next_number,
                org_unit=unit,
                period=period.id,
                issued_on=today,
            )
            register.next_number += 1
            register.save(update_fields=["next_number"])
            audit_record(
                acting_user=user,
                action="report_issue",
                entity="report",
                entity_key=f"{unit.code}/{period.id}",
                after={"number": str(issued), "symbol": symbol, "issued_on": today.isoformat()},
            )
    except IntegrityError:  # issued at the same moment by someone else
        found = report_issued(unit, period)
        if found is None:
            raise
        return found
    return issued


@transaction.atomic
def register_set(
    *,
    acting_user: AbstractBaseUser | None,
    issuer: str,
    symbol: str,
    year: int,
    next_number: int,
) -> RegisterYear:
    """Set the next number of the register of an issuer's symbol for a year (numbers issued
    outside the platform): never at or below a number already issued here. Administrators
    only."""
    if not is_unrestricted(acting_user):
        raise PermissionDeniedError(
            "chỉ quản trị hệ thống được đặt sổ đăng ký số / only a system administrator may "
            "set the register",
            action="register_set",
        )
    issued = IssuedReport.objects.filter(issuer=issuer, symbol=symbol, year=year)
    used = issued.aggregate(top=Max("number"))
    top = used["top"] or 0
    if next_number < 1 or next_number <= top:
        raise ValidationError(
            f"Số tiếp theo phải lớn hơn {top}, số đã cấp lớn nhất của {symbol} năm {year} "
            f"/ the next number must be above {top}, the highest issued",
            field="next",
            value=next_number,
        )
    register, _ = RegisterYear.objects.select_for_update().get_or_create(
        issuer=issuer, symbol=symbol, year=year
    )
    before = register.next_number
    register.next_number = next_number
    register.save(update_fields=["next_number"])
    audit_record(
        acting_user=acting_user,
        action="register_set",
        entity="register",
        entity_key=f"{issuer}/{symbol}/{year}",
        before={"next_number": before},
        after={"next_number": next_number},
    )
    return register
