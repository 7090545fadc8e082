"""What the data-quality page reads for a unit and period, within what the user may see of
drafts (coordinators: their province; approvers: their subtree): the validation rules that
fail, the reports late or not started, the synthetic values, the latest writes of the audit
trail (docs/dashboards.md)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import Count, QuerySet

from chuyendoiso.access.selectors import any_unit_where, draft_readable_units
from chuyendoiso.audit.models import AuditEntry
from chuyendoiso.catalog.selectors import datasets_all
from chuyendoiso.collection.selectors import Progress, UnitProgress, completeness
from chuyendoiso.datavalues.models import DataValue
from chuyendoiso.engine.domain.access import Action
from chuyendoiso.engine.domain.periods import Period
from chuyendoiso.engine.domain.regimes import DataSet, latest_due_period
from chuyendoiso.orgunits.models import OrgUnit
from chuyendoiso.orgunits.services import unit_key
from chuyendoiso.validation.selectors import Violation, rules_evaluate

AUDIT_SHOWN = 50
AUDIT_READ = 2000  # the latest rows looked through for those in scope
AUDITED = ("datavalue", "submission")  # entity keys "<indicator or regime>/<unit key>/..."


def scope_of(user: AbstractBaseUser | AnonymousUser) -> QuerySet[OrgUnit]:
    """The units whose drafts and quality the user may see."""
    return draft_readable_units(user)


def has_scope(user: AbstractBaseUser | AnonymousUser) -> bool:
    """Whether the scope of ``user`` holds a unit: ``scope_of(user).exists()``, answered
    without listing the scope."""
    return any_unit_where(user, Action.READ_DRAFT)


def top_of(scope: QuerySet[OrgUnit]) -> OrgUnit | None:
    """The highest unit of the scope, one that goes on across the 2025 reorganisation first
    (the province of a coordinator, rather than a former province merged into it)."""
    return min(
        scope, key=lambda unit: (len(unit.path), unit.structure != "", unit.path), default=None
    )


def subtree(unit: OrgUnit) -> QuerySet[OrgUnit]:
    return OrgUnit.objects.filter(path__startswith=unit.path)


def violations(unit: OrgUnit, period: Period) -> list[Violation]:
    """The rules that fail for the unit and each unit right below it, over the period."""
    units = [unit, *OrgUnit.objects.filter(parent=unit).order_by("path")]
    found: list[Violation] = []
    for each in units:
        found += rules_evaluate(org_unit=each, period=period).violations
    return found


@dataclass(frozen=True)
class Overdue:
    dataset: DataSet
    period: Period
    late: list[UnitProgress]
    not_started: list[UnitProgress]


def overdue(unit: OrgUnit, today: dt.date) -> list[Overdue]:
    """For each regime, its latest period due by ``today``: the units of the subtree that
    are late or have not started their report."""
    keys = {
        unit_key(code, structure)
        for code, structure in subtree(unit).values_list("code", "structure")
    }
    province = unit.province.code if unit.province else unit.code
    found = []
    for dataset in datasets_all():
        period = latest_due_period(dataset, today)
        state = completeness(
            dataset_code=dataset.code, period_id=period.id, today=today, province_code=province
        )
        mine = [u for u in state.units if u.expected.unit.key in keys]
        found.append(
            Overdue(
                dataset,
                period,
                late=[u for u in mine if u.late],
                not_started=[u for u in mine if u.state == Progress.NOT_STARTED],
            )
        )
    return found


def synthetic_counts(unit: OrgUnit, period: Period) -> list[tuple[str, int]]:
    """How many synthetic values each indicator has in the subtree over the period."""
    rows = (
        DataValue.objects.filter(
            origin="synthetic",
            org_unit__path__startswith=unit.path,
            start_date__gte=period.start,
            end_date__lte=period.end,
        )
        .values("indicator__code")
        .annotate(count=Count("pk"))
        .order_by("indicator__code")
    )
    return [(row["indicator__code"], row["count"]) for row in rows]


def recent_changes(unit: OrgUnit) -> list[AuditEntry]:
    """The latest writes of values and reports of the subtree, newest first."""
    keys = {
        unit_key(code, structure)
        for code, structure in subtree(unit).values_list("code", "structure")
    }
    latest = AuditEntry.objects.filter(entity__in=AUDITED).order_by("-pk")[:AUDIT_READ]
    shown = []
    for entry in latest:
        parts = entry.entity_key.split("/")
        if len(parts) > 1 and parts[1] in keys:
            shown.append(entry)
            if len(shown) == AUDIT_SHOWN:
                break
    return shown
