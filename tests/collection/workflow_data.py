"""Figures and submissions of the monthly one-stop-shop regime for the workflow's tests, written
through the services as the command line's operator."""

from __future__ import annotations

from decimal import Decimal

from chuyendoiso.collection.services import submission_approve, submission_submit
from chuyendoiso.datavalues.models import DataValue
from chuyendoiso.datavalues.services import datavalues_import
from chuyendoiso.engine.domain.datavalues import DataValue as Value
from chuyendoiso.engine.domain.datavalues import Status
from chuyendoiso.orgunits.models import OrgUnit

REGIME = "BC_MOT_CUA_THANG"
MONTH = "202405"  # NĐ 09 calendar: 15/04/2024 - 14/05/2024; a commune's deadline 15/05/2024


def unit(code: str, structure: str = "before_2025") -> OrgUnit:
    return OrgUnit.objects.get(code=code, structure=structure)


def dossiers(org: OrgUnit, received: int = 100, processed: int = 90, comment: str = "") -> list:
    """Dossiers received and processed by ``org`` in the month, as drafts."""
    return [
        Value(
            indicator=code,
            org_unit=org.code,
            period=MONTH,
            calendar="nd09",
            value=Decimal(figure),
            status=Status.DRAFT,
            comment=comment,
        )
        for code, figure in (("CQS_HS_TIEP_NHAN", received), ("CQS_HS_DA_XU_LY", processed))
    ]


def enter(org: OrgUnit, **figures: object) -> None:
    datavalues_import(acting_user=None, values=dossiers(org, **figures), source_name="test")  # type: ignore[arg-type]


def key(org: OrgUnit) -> dict[str, object]:
    return {"dataset_code": REGIME, "org_unit": org, "period_id": MONTH}


def submitted(org: OrgUnit) -> None:
    enter(org)
    submission_submit(acting_user=None, **key(org))  # type: ignore[arg-type]


def approved(org: OrgUnit) -> None:
    submitted(org)
    submission_approve(acting_user=None, **key(org))  # type: ignore[arg-type]


def stored(org: OrgUnit, indicator: str = "CQS_HS_TIEP_NHAN", status: str = "draft"):
    return DataValue.objects.filter(
        indicator__code=indicator, org_unit=org, period=MONTH, status=status
    ).first()
