"""Reads of who may do what where: the memberships of a user placed in the hierarchy, and
the policy of engine/domain/access.py applied to them.

``acting_user=None`` is the command line's operator, who has every right (the actor's name
is recorded by the audit as before); a superuser is a system administrator; an anonymous
or inactive user has no role. Approved figures are public: anyone reads them.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import QuerySet

from chuyendoiso.access.models import ApiToken, Membership
from chuyendoiso.engine.domain.access import (
    MATRIX,
    Action,
    Place,
    Role,
    allowed,
    placed_path,
    relation,
)
from chuyendoiso.orgunits.models import OrgUnit, OrgUnitMapping

Actor = AbstractBaseUser | AnonymousUser | None


def is_unrestricted(user: Actor) -> bool:
    """The command line's operator, or an active superuser or holder of the system
    administrator role: every action everywhere."""
    if user is None:
        return True
    if not (user.is_authenticated and user.is_active):
        return False
    if getattr(user, "is_superuser", False):
        return True
    return Membership.objects.filter(user_id=user.pk, role=Role.ADMIN.value).exists()


def successors() -> dict[str, str]:
    """The path of each old province merged into a new one, to the new one's path."""
    pairs = OrgUnitMapping.objects.filter(
        old__level=OrgUnit.Level.PROVINCE, new__level=OrgUnit.Level.PROVINCE
    ).values_list("old__path", "new__path")
    return {old: new for old, new in pairs if old != new}


def place_of(unit: OrgUnit, moved: dict[str, str]) -> Place:
    return Place(
        placed_path(unit.path, moved), is_department=unit.level == OrgUnit.Level.DEPARTMENT
    )


def memberships_of(user: Actor, moved: dict[str, str] | None = None) -> list[tuple[Role, Place]]:
    """The roles the user holds, each with the place of its unit."""
    if user is None or not user.is_authenticated or not user.is_active:
        return []
    moved = successors() if moved is None else moved
    rows = Membership.objects.filter(user_id=user.pk).select_related("org_unit")
    return [(Role(row.role), place_of(row.org_unit, moved)) for row in rows]


class Permissions:
    """What one user may do, read once and asked many times (an import of many units)."""

    def __init__(self, user: Actor) -> None:
        self.unrestricted = is_unrestricted(user)
        self.moved = {} if self.unrestricted else successors()
        self.roles = [] if self.unrestricted else memberships_of(user, self.moved)

    def can(self, action: Action, unit: OrgUnit) -> bool:
        if self.unrestricted or action is Action.READ_APPROVED:
            return True
        target = place_of(unit, self.moved)
        return any(allowed(role, action, relation(place, target)) for role, place in self.roles)

    def units(self, action: Action, candidates: Iterable[OrgUnit]) -> list[OrgUnit]:
        return [unit for unit in candidates if self.can(action, unit)]


def actor_can(user: Actor, action: Action, org_unit: OrgUnit) -> bool:
    return Permissions(user).can(action, org_unit)


def units_where(user: Actor, action: Action) -> QuerySet[OrgUnit]:
    """The units on which ``user`` may do ``action``."""
    permissions = Permissions(user)
    if permissions.unrestricted or action is Action.READ_APPROVED:
        return OrgUnit.objects.all()
    if not permissions.roles:
        return OrgUnit.objects.none()
    units = OrgUnit.objects.only("pk", "path", "level")
    return OrgUnit.objects.filter(pk__in=[unit.pk for unit in permissions.units(action, units)])


def any_unit_where(user: Actor, action: Action) -> bool:
    """Whether ``user`` may do ``action`` on some unit: ``units_where(...).exists()`` without
    walking every unit (the menu asks it on every page): the units of the user's own roles
    are tried first, and a user whose roles allow the action nowhere is answered at once."""
    permissions = Permissions(user)
    if permissions.unrestricted or action is Action.READ_APPROVED:
        return OrgUnit.objects.exists()
    if user is None or not any(MATRIX[role][action] for role, _ in permissions.roles):
        return False
    units = OrgUnit.objects.only("pk", "path", "level")
    own = units.filter(pk__in=Membership.objects.filter(user_id=user.pk or 0).values("org_unit"))
    return any(permissions.can(action, unit) for unit in own) or any(
        permissions.can(action, unit) for unit in units.iterator()
    )


def draft_readable_units(user: Actor) -> QuerySet[OrgUnit]:
    """The units whose drafts ``user`` may read."""
    return units_where(user, Action.READ_DRAFT)


def has_any_role(user: Actor) -> bool:
    return is_unrestricted(user) or bool(memberships_of(user))


def tokens_all() -> QuerySet[ApiToken]:
    """Every API token with its user, the newest last (never a secret: none is stored)."""
    return ApiToken.objects.select_related("user").order_by("created_at", "pk")


def scope_signature(user: Actor) -> tuple[object, ...]:
    """What decides what ``user`` may read, as a value to compare: who they are, whether
    they are active or a superuser, and their roles with their units (a page kept for them
    is not shown again once one of these changes)."""
    if user is None or not user.is_authenticated:
        return ()
    roles = Membership.objects.filter(user_id=user.pk).order_by("role", "org_unit_id")
    return (
        user.pk,
        user.is_active,
        getattr(user, "is_superuser", False),
        tuple(roles.values_list("role", "org_unit_id")),
    )
