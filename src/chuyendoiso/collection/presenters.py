"""How the workflow's pages name things, in the page's language."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from chuyendoiso.audit.presenters import STATE_LABELS
from chuyendoiso.collection.selectors import Progress
from chuyendoiso.engine.domain.regimes import Stage
from chuyendoiso.engine.domain.vnnumbers import format_number
from chuyendoiso.orgunits.models import OrgUnit
from chuyendoiso.orgunits.services import unit_key
from chuyendoiso.web.language import current_language

STAGE_LABELS: dict[Stage, Promise] = {
    Stage.COMMUNE: _("cấp xã"),
    Stage.DISTRICT: _("cấp huyện"),
    Stage.DEPARTMENT: _("sở, ngành"),
    Stage.COMPILER: _("cơ quan tổng hợp"),
    Stage.PROVINCE: _("cấp tỉnh"),
}
# the completeness page's columns: ``Progress`` counts units under the Vietnamese words
PROGRESS_LABELS: dict[str, Promise] = {
    Progress.NOT_STARTED: _("chưa nhập"),
    **{state.label_vi: label for state, label in STATE_LABELS.items()},
    Progress.LATE: _("trễ hạn"),
    Progress.TOTAL: _("tổng"),
}


def unit_param(unit: OrgUnit) -> str:
    """A unit in a page's address: its code, with its structure when codes repeat
    (``05440@before_2025``)."""
    return unit_key(unit.code, unit.structure)


def progress_label(column: str) -> str:
    """A state or count of the completeness page (``Progress``) in the page's language."""
    return str(PROGRESS_LABELS.get(column, column))


def figure(value: Decimal | None) -> str:
    """A stored value as the page's language writes numbers, with all its decimals
    (1.567.705 / 1,567,705; 89,44 / 89.44); "—" for none."""
    if value is None:
        return "—"
    exponent = value.normalize().as_tuple().exponent
    decimals = -exponent if isinstance(exponent, int) and exponent < 0 else 0
    return format_number(value, decimals, locale=current_language())


def audited_figure(fields: Mapping[str, Any] | None) -> str:
    """The value an audit row's ``before`` or ``after`` holds, as ``figure`` writes it."""
    value = (fields or {}).get("value")
    if value is None or value == "":
        return "—"
    try:
        return figure(Decimal(str(value)))
    except InvalidOperation:
        return str(value)
