"""The org unit and period a page of figures asks for, from its address: ``ou`` (a code,
or ``CODE@STRUCTURE`` as the audit names units: ``164@before_2025``), ``pe`` (a period id:
``2024``, ``2024S1``, ``2024Q2``, ``202405``) and ``cal`` (``calendar``, or ``nd09`` for
the 15th-to-14th cut-off months of Nghị định 09). What is not asked for is the report
page's default: the province, for the half-year of its latest reported approved figure.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils import timezone

from chuyendoiso.engine.domain.errors import ValidationError
from chuyendoiso.engine.domain.periods import Calendar, Period, PeriodType, parse_period
from chuyendoiso.orgunits.models import OrgUnit
from chuyendoiso.orgunits.selectors import orgunit_by_key, orgunit_resolve
from chuyendoiso.reports.selectors import report_default

# the periods a page shows (a day or a free range would make it sum years of values)
PAGE_PERIOD_TYPES = (PeriodType.YEAR, PeriodType.HALF, PeriodType.QUARTER, PeriodType.MONTH)


@dataclass(frozen=True)
class Choice:
    unit: OrgUnit
    period: Period


def page_choice(ou: str | None, pe: str | None, cal: str | None) -> Choice:
    """The unit and period asked for; an unknown unit is not found (NotFoundError), a
    period or calendar that cannot be read, a day or a range, is refused (ValidationError)."""
    if not ou or not pe:
        default = report_default()
        ou, pe = ou or default.org, pe or default.period
    period = parse_period(pe, _calendar(cal))
    if period.type not in PAGE_PERIOD_TYPES:
        raise ValidationError(
            "Chọn một năm, 6 tháng, quý hoặc tháng / a year, half-year, quarter or month",
            field="pe",
            value=pe,
            expected="2024, 2024S1, 2024Q2, 202405",
        )
    key = ou.strip()
    if "@" in key:
        return Choice(orgunit_by_key(key, today=timezone.localdate()), period)
    return Choice(orgunit_resolve(key, start=period.start, end=period.end), period)


def _calendar(cal: str | None) -> Calendar:
    try:
        return Calendar((cal or Calendar.CALENDAR.value).strip())
    except ValueError:
        allowed = ", ".join(c.value for c in Calendar)
        raise ValidationError(
            f"Lịch '{cal}' không hợp lệ / unknown calendar",
            field="cal",
            value=cal,
            expected=allowed,
        ) from None
