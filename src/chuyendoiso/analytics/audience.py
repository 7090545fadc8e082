"""Who reads the figures, the barrier between public and internal indicators.

Every read of the dashboards and the open-data portal (``analytics.selectors``) takes an
audience, never a user alone: ``PUBLIC`` (anyone, signed in or not) sees the public
indicators only; ``Internal(user)``, a signed-in user, sees every indicator. Both see
approved figures only: the analytics never read a draft. A public page passes ``PUBLIC``
whoever is signed in, so what it shows does not depend on the visitor.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser

from chuyendoiso.engine.domain.catalog import Catalog, Indicator
from chuyendoiso.engine.domain.errors import NotFoundError, PermissionDeniedError


@dataclass(frozen=True)
class Public:
    """Anyone, signed in or not: the approved figures of the public indicators only."""


PUBLIC = Public()


@dataclass(frozen=True)
class Internal:
    """A signed-in user: the approved figures of every indicator."""

    user: AbstractBaseUser | AnonymousUser

    def __post_init__(self) -> None:
        if not self.user.is_authenticated:
            raise PermissionDeniedError("Cần đăng nhập / login required", field="user")


Audience = Public | Internal


def indicators_for(audience: Audience, catalog: Catalog) -> tuple[Indicator, ...]:
    """The indicators of ``catalog`` the audience may see, in the catalogue's order."""
    return tuple(i for i in catalog.indicators if i.public or isinstance(audience, Internal))


def indicator_for(audience: Audience, catalog: Catalog, code: str) -> Indicator:
    """The indicator coded ``code``. One the audience may not see is not found, with the
    same error as an unknown code: nothing tells an internal indicator apart."""
    found = next((i for i in indicators_for(audience, catalog) if i.code == code.strip()), None)
    if found is None:
        raise NotFoundError(
            f"Không có chỉ tiêu mã '{code}' / unknown indicator", field="indicator", value=code
        )
    return found
