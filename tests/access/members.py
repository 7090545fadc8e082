"""Users with a role on a unit, for the tests that write through the services as a user."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractUser

from chuyendoiso.access.models import Membership
from chuyendoiso.orgunits.models import OrgUnit


def member(username: str, role: str, org: OrgUnit | str = "19", **fields: object) -> AbstractUser:
    """A new user holding ``role`` on ``org`` (a unit, or the code of a continuing one such
    as the province ``19``)."""
    user = get_user_model().objects.create_user(username, password="x", **fields)
    unit = org if isinstance(org, OrgUnit) else OrgUnit.objects.get(code=org, structure="")
    Membership.objects.create(user=user, org_unit=unit, role=role)
    return user
