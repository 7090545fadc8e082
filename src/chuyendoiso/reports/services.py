"""Writes of the reports app: the figures of a checked report stored as drafts; a report's
number taken from the register; the register's next number set; the letterhead of a level
set on the report page."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, replace

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
from chuyendoiso.engine.report import Templates, report_symbol
from chuyendoiso.orgunits.models import OrgUnit
from chuyendoiso.orgunits.selectors import orgunit_resolve
from chuyendoiso.reports.models import IssuedReport, LetterheadLevel, RegisterYear
from chuyendoiso.reports.selectors import (
    LETTERHEAD_FIELDS,
    letterhead_editable,
    report_document,
    report_issued,
    report_letterhead,
    report_period,
    report_templates,
)

# a body's symbol (SKHCN, VHTT) and a register's (BC-SKHCN): capitals, digits and hyphens
SUFFIX = re.compile(r"^[A-ZĐ0-9]+(?:-[A-ZĐ0-9]+)*$")
SYMBOL = SUFFIX


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
    for the year of ``today``, dated ``today`` (audited). The leader (approver) of the unit,
    or a coordinator, issues it (``Action.ISSUE``); a report already
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
    if not OrgUnit.objects.filter(code=issuer).exists():
        raise ValidationError("Không có đơn vị này / no such unit", field="org", value=issuer)
    if not SYMBOL.match(symbol):
        raise ValidationError(
            "Ký hiệu gồm chữ hoa, số và dấu - (BC-SKHCN) / capitals, digits and hyphens",
            field="symbol",
            value=symbol,
        )
    if not 2000 <= year <= 2100 or next_number > 99_999:
        raise ValidationError(
            "Năm từ 2000 đến 2100, số tiếp theo tối đa 99.999 / a year in 2000-2100, a next "
            "number up to 99,999",
            field="year" if not 2000 <= year <= 2100 else "next",
            value=year if not 2000 <= year <= 2100 else next_number,
        )
    register, _ = RegisterYear.objects.select_for_update().get_or_create(
        issuer=issuer, symbol=symbol, year=year
    )  # locked before reading what was issued: an issue waits for this change
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


@dataclass(frozen=True)
class LetterheadForm:
    """What the report page's form sets for a level (every field as typed)."""

    body: str
    number_suffix: str
    signer: str  # up to three lines: "KT. GIÁM ĐỐC\nPHÓ GIÁM ĐỐC"
    signer_name: str
    addressees: tuple[str, ...]  # templates of org_name and parent_name


@transaction.atomic
def letterhead_save(*, acting_user: Actor, level: str, form: LetterheadForm) -> LetterheadLevel:
    """Set the letterhead of the reports of a level (system administrators and
    coordinators: it is the province's). A value equal to letterhead.yaml's is stored as
    the file's, so that a later edit of the file applies; audited."""
    if not letterhead_editable(acting_user):
        raise PermissionDeniedError(
            "chỉ quản trị hệ thống hoặc điều phối cấp tỉnh được sửa mẫu đầu văn bản / only a "
            "system administrator or a coordinator may set the letterhead",
            action="letterhead_save",
        )
    if level not in LetterheadLevel.Level.values:
        raise ValidationError(
            "Cấp không hợp lệ / unknown level",
            field="level",
            value=level,
            expected=", ".join(LetterheadLevel.Level.values),
        )
    templates = report_templates()
    _check_letterhead(templates, form)
    from_file = templates.level(level)
    row, _ = LetterheadLevel.objects.select_for_update().get_or_create(level=level)
    before = dict(row.values)
    after = {
        name: list(typed) if isinstance(typed, tuple) else typed
        for name in LETTERHEAD_FIELDS
        if (typed := getattr(form, name)) != getattr(from_file, name)
    }
    row.values = after
    row.save(update_fields=["values"])
    if after != before:
        user = acting_user if isinstance(acting_user, AbstractBaseUser) else None
        audit_record(
            acting_user=user,
            action="letterhead_save",
            entity="letterhead",
            entity_key=level,
            before={k: v for k, v in before.items() if v != after.get(k)},
            after={k: v for k, v in after.items() if v != before.get(k)},
        )
    return row


def _check_letterhead(templates: Templates, form: LetterheadForm) -> None:
    for name, text, limit in (("body", form.body, 200), ("signer", form.signer, 200)):
        if not text.strip() or len(text) > limit:
            raise ValidationError(
                f"Cần ghi, tối đa {limit} ký tự / required, at most {limit} characters",
                field=name,
            )
    if form.signer.count("\n") > 2:
        raise ValidationError(
            "Chức danh người ký tối đa 3 dòng / the signer's title has at most 3 lines",
            field="signer",
        )
    if len(form.signer_name) > 100:
        raise ValidationError("Tối đa 100 ký tự / at most 100 characters", field="signer_name")
    if form.number_suffix and not SUFFIX.match(form.number_suffix):
        raise ValidationError(
            "Ký hiệu gồm chữ hoa, số và dấu - (VHTT, SKHCN) / capitals, digits and hyphens",
            field="number_suffix",
            value=form.number_suffix,
        )
    if len(form.addressees) > 10:
        raise ValidationError("Tối đa 10 nơi / at most 10 addressees", field="addressees")
    sample = {"org_name": "tỉnh Thái Nguyên", "parent_name": "tỉnh Thái Nguyên"}
    for i, text in enumerate(form.addressees, start=1):
        try:
            templates.render(text, f"addressees[{i}]", **sample)
        except ValidationError as error:
            raise ValidationError(
                f"Dòng {i} của Kính gửi không đọc được: {{{{ org_name }}}} hoặc "
                f"{{{{ parent_name }}}} là tên đơn vị / line {i} of the addressees cannot be "
                "read",
                field="addressees",
                line=i,
                value=text,
            ) from error
