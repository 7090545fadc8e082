"""Reads of the API: the values of a data set for a unit and period that the caller may read."""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser
from django.db.models import F, QuerySet

from chuyendoiso.access.models import Membership
from chuyendoiso.access.selectors import Actor, draft_readable_units
from chuyendoiso.datavalues.convert import values_of
from chuyendoiso.datavalues.models import DataValue
from chuyendoiso.engine.domain import datavalues as engine
from chuyendoiso.engine.domain.periods import Period
from chuyendoiso.engine.domain.regimes import DataSet
from chuyendoiso.orgunits.models import OrgUnit
from chuyendoiso.orgunits.selectors import orgunit_subtree


def dataset_values(
    *,
    user: Actor,
    dataset: DataSet,
    period: Period,
    org_unit: OrgUnit,
    children: bool,
    status: engine.Status,
) -> list[engine.DataValue]:
    """The values of ``dataset``'s indicators for ``period`` of the unit (and with
    ``children`` of every unit below it) of ``status``; drafts only of the units whose drafts
    the user may read (approved figures are public)."""
    units = orgunit_subtree(org_unit) if children else OrgUnit.objects.filter(pk=org_unit.pk)
    if status is engine.Status.DRAFT:
        units = units.filter(pk__in=draft_readable_units(user))
    rows = DataValue.objects.filter(
        status=status.value,
        org_unit__in=units,
        period=period.id,
        calendar=period.calendar.value,
        indicator__code__in=[entry.indicator for entry in dataset.indicators],
    ).order_by(
        "org_unit__path",
        "indicator__pillar__order",
        "indicator__order",
        F("category_option__category__code").asc(nulls_first=True),
        "category_option__code",
    )
    return values_of(rows)


def orgunits_listed(level: str = "") -> QuerySet[OrgUnit]:
    """Every org unit (they are public, as the report pages show them), with its parent."""
    units = OrgUnit.objects.select_related("parent").order_by("path", "code")
    return units.filter(level=level) if level else units


def memberships_listed(user: AbstractBaseUser) -> QuerySet[Membership]:
    return (
        Membership.objects.filter(user_id=user.pk)
        .select_related("org_unit")
        .order_by("org_unit__path", "role")
    )
