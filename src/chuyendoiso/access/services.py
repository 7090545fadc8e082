"""Writes and checks of access: ``require`` refuses an action the user's roles do not allow
on a unit (every service that writes a unit's figures calls it); memberships, users and API
tokens are changed here, each change audited (never a password or a token's secret)."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections.abc import Iterable
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser, AbstractUser
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from django.utils import timezone

from chuyendoiso.access.models import ApiToken, Membership
from chuyendoiso.access.selectors import Actor, Permissions, is_unrestricted
from chuyendoiso.audit.services import actor_name, audit_record
from chuyendoiso.engine.domain.access import Action, Role
from chuyendoiso.engine.domain.errors import NotFoundError, PermissionDeniedError, ValidationError
from chuyendoiso.orgunits.models import OrgUnit

TOKEN_SCHEME = "cds"  # a secret reads cds_<prefix>_<random>


def require(user: Actor, action: Action, org_unit: OrgUnit) -> None:
    """Raise ``PermissionDeniedError`` unless ``user`` may do ``action`` on ``org_unit``."""
    require_all(user, action, [org_unit])


def require_all(user: Actor, action: Action, org_units: Iterable[OrgUnit]) -> None:
    """``require`` for many units at once (the memberships read once); the error names
    every unit refused."""
    units = {unit.pk: unit for unit in org_units}  # an import names a unit many times
    if not units:
        return
    permissions = Permissions(user)
    refused = [unit for unit in units.values() if not permissions.can(action, unit)]
    if refused:
        raise _denied(user, action, sorted(refused, key=lambda unit: unit.path))


def _denied(user: Actor, action: Action, units: list[OrgUnit]) -> PermissionDeniedError:
    who = actor_name(user) if user is not None and user.is_authenticated else "khách / anonymous"
    named = ", ".join(f"{unit.code} {unit.name}" for unit in units[:5])
    more = f" và {len(units) - 5} đơn vị khác / and {len(units) - 5} more" if len(units) > 5 else ""
    return PermissionDeniedError(
        f"{who} không có quyền {action.label_vi} của đơn vị {named}{more} "
        f"/ {who} may not {action.value.replace('_', ' ')} for org unit "
        f"{', '.join(unit.code for unit in units[:5])}{more and ' (and more)'}",
        action=action.value,
        org_unit=",".join(unit.code for unit in units),
    )


def _require_administrator(acting_user: Actor, what: str) -> None:
    if not is_unrestricted(acting_user):
        raise PermissionDeniedError(
            f"chỉ quản trị hệ thống được {what} / only a system administrator may do this",
            action=what,
        )


@transaction.atomic
def membership_add(
    *, acting_user: Actor, user: AbstractBaseUser, org_unit: OrgUnit, role: Role, reason: str = ""
) -> Membership:
    """Give ``user`` the ``role`` on ``org_unit`` (nothing changes if it holds it already)."""
    _require_administrator(acting_user, "phân quyền")
    membership, created = Membership.objects.get_or_create(
        user_id=user.pk, org_unit=org_unit, role=role.value
    )
    if created:
        audit_record(
            acting_user=_audited(acting_user),
            action="membership_add",
            entity="membership",
            entity_key=_membership_key(membership),
            after={"user": user.get_username(), "org_unit": org_unit.code, "role": role.value},
            reason=reason,
        )
    return membership


@transaction.atomic
def membership_remove(*, acting_user: Actor, membership: Membership, reason: str = "") -> None:
    _require_administrator(acting_user, "phân quyền")
    key = _membership_key(membership)
    before = {
        "user": membership.user.get_username(),
        "org_unit": membership.org_unit.code,
        "role": membership.role,
    }
    Membership.objects.filter(pk=membership.pk).delete()
    audit_record(
        acting_user=_audited(acting_user),
        action="membership_remove",
        entity="membership",
        entity_key=key,
        before=before,
        reason=reason,
    )


def _membership_key(membership: Membership) -> str:
    return f"{membership.user.get_username()}/{membership.org_unit.code}/{membership.role}"


@transaction.atomic
def user_add(
    *,
    acting_user: Actor,
    username: str,
    role: Role,
    org_unit: OrgUnit,
    password: str | None = None,
    reason: str = "",
) -> tuple[AbstractUser, bool]:
    """The user ``username`` with ``role`` on ``org_unit``: created if new (staff, so that
    it reaches the admin pages its roles allow; without a password it cannot log in until
    it is given one), its password replaced when one is given. Returns (user, created)."""
    _require_administrator(acting_user, "thêm người dùng")
    username = username.strip()
    if not username:
        raise ValidationError("tên người dùng trống / empty user name", field="username")
    users = get_user_model()._default_manager
    user = users.filter(username=username).first()
    created = user is None
    if user is None:
        user = users.model(username=username, is_staff=True)
    if password is not None:
        password_check(password, user)
        user.set_password(password)
    elif created:
        user.set_unusable_password()
    if created or password is not None:
        user.save()
        audit_record(
            acting_user=_audited(acting_user),
            action="user_add" if created else "user_password",
            entity="user",
            entity_key=username,
            after={"password": "set" if password is not None else "none"},
            reason=reason,
        )
    membership_add(acting_user=acting_user, user=user, org_unit=org_unit, role=role, reason=reason)
    return user, created


def password_check(password: str, user: Any = None) -> None:
    """Django's password validators (settings ``AUTH_PASSWORD_VALIDATORS``), as our error."""
    try:
        validate_password(password, user)
    except DjangoValidationError as exc:
        raise ValidationError(
            "mật khẩu không đạt yêu cầu / the password is refused: " + " ".join(exc.messages),
            field="password",
        ) from exc


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


@transaction.atomic
def token_create(
    *, acting_user: Actor, user: AbstractBaseUser, name: str, reason: str = ""
) -> tuple[ApiToken, str]:
    """A new token for ``user``; returns it and its secret, which is shown this once and
    never stored (only its SHA-256 digest is)."""
    _require_administrator(acting_user, "tạo khóa API")
    if not name.strip():
        raise ValidationError("tên khóa trống / empty token name", field="name")
    prefix = secrets.token_hex(4)
    secret = f"{TOKEN_SCHEME}_{prefix}_{secrets.token_urlsafe(32)}"
    token = ApiToken.objects.create(
        user_id=user.pk, name=name.strip(), prefix=prefix, digest=_digest(secret)
    )
    audit_record(
        acting_user=_audited(acting_user),
        action="token_create",
        entity="api_token",
        entity_key=prefix,
        after={"user": user.get_username(), "name": token.name},
        reason=reason,
    )
    return token, secret


@transaction.atomic
def token_revoke(*, acting_user: Actor, prefix: str, reason: str = "") -> ApiToken:
    _require_administrator(acting_user, "thu hồi khóa API")
    token = ApiToken.objects.select_for_update().filter(prefix=prefix.strip()).first()
    if token is None:
        raise NotFoundError(
            f"không có khóa API tiền tố '{prefix}' / no token with this prefix",
            field="prefix",
            value=prefix,
        )
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        audit_record(
            acting_user=_audited(acting_user),
            action="token_revoke",
            entity="api_token",
            entity_key=token.prefix,
            before={"revoked_at": None},
            after={"revoked_at": token.revoked_at.isoformat()},
            reason=reason,
        )
    return token


def user_for_token(header_value: str | None) -> AbstractBaseUser | None:
    """The active user of the token in an ``Authorization: Bearer <secret>`` header, or
    None (no header, another scheme, an unknown, wrong or revoked secret, an inactive
    user). The digest is compared in constant time; the token's last use is recorded."""
    scheme, _, secret = (header_value or "").strip().partition(" ")
    secret = secret.strip()
    if scheme.lower() != "bearer" or secret.count("_") < 2:
        return None
    prefix = secret.split("_")[1]
    token = ApiToken.objects.select_related("user").filter(prefix=prefix).first()
    given = _digest(secret)
    if token is None or not hmac.compare_digest(given, token.digest):
        return None
    if token.revoked_at is not None or not token.user.is_active:
        return None
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=timezone.now())
    user: AbstractBaseUser = token.user
    return user


def _audited(acting_user: Actor) -> AbstractBaseUser | None:
    """The user the audit names (an anonymous user is none)."""
    return acting_user if isinstance(acting_user, AbstractBaseUser) else None
