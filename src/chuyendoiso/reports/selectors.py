"""Reads of the reports app: the narrative report of an org unit for a period (its document,
its letterhead and number, the default choice). An existing report read and checked
against itself and the stored data is in factcheck_selectors.py.

A built report is kept in Django's cache for ``CDS_REPORT_CACHE_SECONDS``, under a key that
holds the data version (``report_data_version``): any write through the services (values,
the catalogue, org units), any change of a value and any edit of the wording in
data/report/vi/ makes the next request rebuild it.

Anonymous visitors read the report, its downloads and the fact-check over the public
catalogue only (``audience``, analytics.audience): no internal indicator is composed into
their report nor matched or checked in their document; the cache keeps their report apart.
``audience=None`` is the whole catalogue, as the command line (the platform's operators)
reads it."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, TypeVar

from django.conf import settings
from django.core.cache import cache
from django.db.models import Max
from django.utils import timezone

from chuyendoiso.access.selectors import Actor, actor_can, is_unrestricted, memberships_of
from chuyendoiso.analytics.audience import Audience, Public, analytics_seen_by
from chuyendoiso.analytics.selectors import analytics_for
from chuyendoiso.audit.models import AuditEntry
from chuyendoiso.datavalues.models import DataValue
from chuyendoiso.datavalues.selectors import datavalues_unapproved
from chuyendoiso.engine.domain.access import Action, Role
from chuyendoiso.engine.domain.datavalues import Origin, Status
from chuyendoiso.engine.domain.errors import CdsError, ValidationError
from chuyendoiso.engine.domain.periods import (
    Calendar,
    Period,
    PeriodType,
    label_vi,
    parse_period,
    period_for_date,
    previous_period,
    same_period_last_year,
)
from chuyendoiso.engine.report import (
    LevelLetterhead,
    ReportDocument,
    ReportRequest,
    Templates,
    compose_report,
)
from chuyendoiso.orgunits.models import OrgUnit
from chuyendoiso.orgunits.selectors import orgunit_resolve, orgunits_valid_on
from chuyendoiso.reports.models import IssuedReport, LetterheadLevel, RegisterYear


def report_templates() -> Templates:
    """The province's wording of the report (data/report/vi/)."""
    return Templates(Path(settings.REFERENCE_DATA_DIR) / "report" / "vi")


# A report covers at most this many years, none before REPORT_EARLIEST: a wider period would
# make the page work for a minute over periods that hold no data.
REPORT_MAX_YEARS = 10
REPORT_EARLIEST = dt.date(2000, 1, 1)

T = TypeVar("T")


def report_period(period_id: str, today: dt.date) -> Period:
    """The period of a report, refused before any work when it has not begun on ``today`` or
    is wider than a report covers."""
    period = parse_period(period_id)
    if period.start > today:
        raise ValidationError(
            f"Kỳ báo cáo {label_vi(period)} chưa bắt đầu (bắt đầu ngày "
            f"{period.start:%d/%m/%Y}) / the report period has not begun (it starts on "
            f"{period.start.isoformat()})",
            field="period",
            value=period_id.strip(),
            expected=f"<= {today.isoformat()}",
        )
    if period.start < REPORT_EARLIEST:
        raise ValidationError(
            f"Kỳ báo cáo bắt đầu trước {REPORT_EARLIEST.isoformat()} "
            f"/ a report period starts on or after {REPORT_EARLIEST.isoformat()}",
            field="period",
            value=period_id.strip(),
            expected=f">= {REPORT_EARLIEST.isoformat()}",
        )
    if period.end >= _years_after(period.start, REPORT_MAX_YEARS):
        raise ValidationError(
            f"Kỳ báo cáo dài quá {REPORT_MAX_YEARS} năm "
            f"/ a report period covers at most {REPORT_MAX_YEARS} years",
            field="period",
            value=period_id.strip(),
            expected=f"<= {REPORT_MAX_YEARS} năm / years",
        )
    return period


def report_document(
    org_code: str,
    period_id: str,
    *,
    today: dt.date | None = None,
    cached: bool = False,
    audience: Audience | None = None,
) -> ReportDocument:
    """The report of the org unit for the period, written on ``today`` for ``audience``;
    with ``cached`` (the pages), built once and then read from the cache until the data
    change."""
    today = today or timezone.localdate()
    period = report_period(period_id, today)
    return report_cached(
        "document",
        org_code,
        period,
        today,
        lambda: _report_built(org_code, period, today, audience),
        cached=cached,
        audience=audience,
    )


def report_cached(
    kind: str,
    org_code: str,
    period: Period,
    today: dt.date,
    build: Callable[[], T],
    *,
    cached: bool = True,
    audience: Audience | None = None,
) -> T:
    """What ``build`` returns for (kind, org unit, period, today, audience), kept in the
    cache under the data version; built every time when not ``cached`` or
    ``CDS_REPORT_CACHE_SECONDS`` is 0. The command line builds every time: its process ends
    with the command. Every signed-in user reads the same report; anonymous visitors read
    another one."""
    seconds: int = settings.CDS_REPORT_CACHE_SECONDS
    if not cached or not seconds:
        return build()
    reader = "public" if isinstance(audience, Public) else "internal"
    parts = (kind, reader, org_code.strip(), period.id, today.isoformat(), report_data_version())
    key = "cds:report:" + hashlib.sha256(repr(parts).encode()).hexdigest()
    found: T | None = cache.get(key)
    if found is None:
        found = build()
        cache.set(key, found, timeout=seconds)
    return found


def report_data_version() -> tuple[object, ...]:
    """What changes whenever a report may change: the latest audit row (every service writes
    one: every write of a value, from any path, and every change of the catalogue and the
    org units, which have no other way in), and the files of the wording. Read from an index:
    the page asks for it on every request."""
    wording = Path(settings.REFERENCE_DATA_DIR) / "report" / "vi"
    files = sorted(
        (str(path.relative_to(wording)), path.stat().st_mtime_ns, path.stat().st_size)
        for path in wording.rglob("*")
        if path.is_file()
    )
    return (
        AuditEntry.objects.aggregate(latest=Max("pk"))["latest"],
        str(wording),
        files,
    )


def _report_built(
    org_code: str, period: Period, today: dt.date, audience: Audience | None
) -> ReportDocument:
    unit = orgunit_resolve(org_code, start=period.start, end=period.end)
    if unit.level == OrgUnit.Level.DEPARTMENT:
        raise ValidationError(
            f"Báo cáo viết cho tỉnh, huyện hoặc xã; '{unit.code}' là một sở, ban, ngành "
            "/ the report is written for a province, district or commune, not a department",
            field="org_unit",
            value=unit.code,
        )
    issued = report_issued(unit, period)
    if issued is not None:  # the issued report is dated the day of its number
        today = issued.issued_on
    history_start = same_period_last_year(_back(period)).start
    analytics = analytics_for(unit, start=history_start, end=period.end)
    if audience is not None:
        analytics = analytics_seen_by(audience, analytics)
    catalog = analytics.catalog
    templates = report_templates()
    letterhead = report_letterhead(unit, today, templates)
    request = ReportRequest(
        unit=str(unit.pk),
        org_name=_org_name(unit),
        period=period,
        issuing_parent=letterhead.issuing_parent,
        issuing_body=letterhead.issuing_body,
        place=letterhead.place,
        today=today,
        signer_role=letterhead.signer_role,
        signer_name=letterhead.signer_name,
        addressees=letterhead.addressees,
        number_suffix=letterhead.number_suffix,
        targets=tuple(t for t in catalog.targets if t.org_unit in {"VN", unit.code}),
        unapproved=datavalues_unapproved(
            org_unit=unit,
            period=period,
            indicators=None if audience is None else [i.code for i in catalog.indicators],
        ),
        level=unit.level,
        number=None if issued is None else issued.number,
        symbol="" if issued is None else issued.symbol,
    )
    return compose_report(analytics, request, templates)


def report_issued(unit: OrgUnit, period: Period) -> IssuedReport | None:
    """The number the report of the unit for the period was issued with, if any."""
    return IssuedReport.objects.filter(org_unit=unit, period=period.id).first()


@dataclass(frozen=True)
class IssueState:
    """What the report page says of the report's number: issued, or may be issued."""

    issued: IssuedReport | None
    may_issue: bool


def report_issue_state(user: Actor, org_code: str, period_id: str) -> IssueState | None:
    """The number of the report of the unit for the period, and whether ``user`` (signed in)
    may issue it; None for a unit or period the page refuses anyway."""
    try:
        period = report_period(period_id, timezone.localdate())
        unit = orgunit_resolve(org_code, start=period.start, end=period.end)
    except CdsError:
        return None
    signed_in = bool(user is not None and user.is_authenticated)
    issued = report_issued(unit, period)
    return IssueState(issued, signed_in and issued is None and actor_can(user, Action.ISSUE, unit))


def register_years() -> list[RegisterYear]:
    """The register: the next number of each symbol in each year, latest year first."""
    return list(RegisterYear.objects.order_by("-year", "issuer", "symbol"))


@dataclass(frozen=True)
class Letterhead:
    issuing_parent: str  # "UBND TỈNH THÁI NGUYÊN"
    issuing_body: str  # "SỞ KHOA HỌC VÀ CÔNG NGHỆ"
    place: str  # "Thái Nguyên"
    signer_role: str
    number_suffix: str  # "" for the initials of the issuing body
    addressees: tuple[str, ...] = ()  # "Kính gửi"
    signer_name: str = ""


def report_letterhead(unit: OrgUnit, today: dt.date, templates: Templates) -> Letterhead:
    """Who issues and signs the report of ``unit`` written on ``today``, in the words of
    letterhead.yaml for the unit's level."""
    level = letterhead_level(templates, unit.level)
    return Letterhead(
        issuing_parent=templates.letterhead.say("issuing_parent", org_name=_org_name(unit)),
        issuing_body=_issuing_body(unit, today, level),
        place=_place(unit),
        signer_role=level.signer,
        number_suffix=level.number_suffix,
        addressees=templates.render_each(
            level.addressees,
            f"letterhead levels.{unit.level}.addressees",
            org_name=_org_name(unit),
            parent_name=_org_name(unit.parent) if unit.parent else "",
        ),
        signer_name=level.signer_name,
    )


def letterhead_editable(user: Actor) -> bool:
    """Whether the user may set the letterhead on the report page: it is the province's,
    so system administrators and coordinators."""
    return is_unrestricted(user) or any(
        role is Role.COORDINATOR for role, _ in memberships_of(user)
    )


LETTERHEAD_FIELDS = ("body", "number_suffix", "signer", "signer_name", "addressees")


def letterhead_level(templates: Templates, level: str) -> LevelLetterhead:
    """The letterhead of a level: letterhead.yaml's, with what the report page's form set
    instead (a body set there is the body, whatever departments the unit has)."""
    from_file = templates.level(level)
    row = LetterheadLevel.objects.filter(level=level).first()
    if row is None:
        return from_file
    changed: dict[str, Any] = {k: v for k, v in row.values.items() if k in LETTERHEAD_FIELDS}
    if "addressees" in changed:
        changed["addressees"] = tuple(changed["addressees"])
    if "body" in changed:
        changed["bodies"] = ()
    return replace(from_file, **changed)


@dataclass(frozen=True)
class ReportChoice:
    org: str  # org unit code, "" when no province is loaded
    period: str  # period id

    @property
    def period_label(self) -> str:
        return label_vi(parse_period(self.period))


def report_default(today: dt.date | None = None) -> ReportChoice:
    """What the report page shows first: the province as it is today, for the half-year of
    its latest approved figure of a public indicator that is not synthetic (the half-year
    before today's when there is none)."""
    today = today or timezone.localdate()
    province = (
        orgunits_valid_on(today).filter(level=OrgUnit.Level.PROVINCE).order_by("path").first()
    )
    if province is None:
        return ReportChoice("", previous_period(_half_year_of(today)).id)
    latest = (
        DataValue.objects.filter(
            org_unit__code=province.code, org_unit__level=OrgUnit.Level.PROVINCE
        )
        .filter(status=Status.APPROVED.value, indicator__public=True)  # anyone sees it
        .exclude(origin=Origin.SYNTHETIC.value)
        .order_by("-end_date")
        .values_list("end_date", flat=True)
        .first()
    )
    half = _half_year_of(latest) if latest else previous_period(_half_year_of(today))
    return ReportChoice(province.code, half.id)


def _years_after(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def _half_year_of(day: dt.date) -> Period:
    return period_for_date(day, PeriodType.HALF, Calendar.CALENDAR)


def _back(period: Period) -> Period:
    """The earliest period a chart of the report shows (three periods before)."""
    for _ in range(3):
        period = previous_period(period)
    return period


def _org_name(unit: OrgUnit) -> str:
    kind = (unit.kind_vi or unit.get_level_display()).lower()
    name = unit.name
    if name.lower().startswith(kind):
        name = name[len(kind) :].strip()
    return f"{kind} {name}"


def _issuing_body(unit: OrgUnit, today: dt.date, level: LevelLetterhead) -> str:
    """The first of the level's issuing departments that the unit has on ``today``, named
    without the unit ("Sở Khoa học và Công nghệ tỉnh Thái Nguyên" -> "SỞ KHOA HỌC VÀ CÔNG
    NGHỆ"); the level's body when it has none of them."""
    codes = [f"{unit.code}.{short}" for short in level.bodies]
    if codes:
        names = dict(
            orgunits_valid_on(today)
            .filter(parent=unit, level=OrgUnit.Level.DEPARTMENT, code__in=codes)
            .values_list("code", "name")
        )
        for code in codes:
            if code in names:
                return _without_suffix(names[code], _org_name(unit)).upper()
    return level.body


def _without_suffix(name: str, suffix: str) -> str:
    if name.lower().endswith(" " + suffix.lower()):
        return name[: -len(suffix)].strip()
    return name


def _place(unit: OrgUnit) -> str:
    province = unit
    while province.parent_id and province.level != OrgUnit.Level.PROVINCE:
        province = province.parent  # type: ignore[assignment]
    return _org_name(province).split(" ", 1)[1] if " " in _org_name(province) else province.name
