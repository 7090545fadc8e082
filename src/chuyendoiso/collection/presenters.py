"""How the workflow's pages name things."""

from __future__ import annotations

from chuyendoiso.orgunits.models import OrgUnit
from chuyendoiso.orgunits.services import unit_key


def unit_param(unit: OrgUnit) -> str:
    """A unit in a page's address: its code, with its structure when codes repeat
    (``05440@before_2025``)."""
    return unit_key(unit.code, unit.structure)
