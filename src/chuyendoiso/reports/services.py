"""Writes of the reports app: the figures of a checked report stored as drafts."""

from __future__ import annotations

from dataclasses import replace

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction

from chuyendoiso.catalog.selectors import catalog_get
from chuyendoiso.datavalues.services import ImportSummary, datavalues_import
from chuyendoiso.engine.domain.datavalues import Origin, Status
from chuyendoiso.engine.reader import FactCheckResult


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
