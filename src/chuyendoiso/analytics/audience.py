"""Who reads the figures, the barrier between public and internal indicators.

Every read of the dashboards and the open-data portal (``analytics.selectors``) takes an
audience, never a user alone: ``PUBLIC`` (anyone, signed in or not) sees the public
indicators only; ``Internal(user)``, a signed-in user, sees every indicator. Both see
approved figures only: the analytics never read a draft. A public page passes ``PUBLIC``
whoever is signed in, so what it shows does not depend on the visitor. The pages open to
anyone that show more to a signed-in user (the report and its downloads, the fact-check,
the home page) take the visitor's audience (``audience_of``) and read through
``catalog_for`` and ``analytics_seen_by``.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser

from chuyendoiso.engine.analytics import Analytics
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


def audience_of(user: AbstractBaseUser | AnonymousUser) -> Audience:
    """Who a page that is open to anyone serves: ``PUBLIC`` for an anonymous visitor, the
    whole catalogue for a signed-in user (the report, the fact-check, the home page)."""
    return Internal(user) if user.is_authenticated else PUBLIC


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


def catalog_for(audience: Audience, catalog: Catalog) -> Catalog:
    """The catalogue as the audience may see it: for ``PUBLIC``, the public indicators and
    their targets only, without the reporting regimes and validation rules (which name
    internal indicators too); whole for a signed-in user."""
    if isinstance(audience, Internal):
        return catalog
    indicators = indicators_for(audience, catalog)
    shown = {indicator.code for indicator in indicators}
    return replace(
        catalog,
        indicators=indicators,
        targets=tuple(t for t in catalog.targets if t.indicator in shown),
        datasets=(),
        rules=(),
        _index={},  # not the whole catalogue's index
    )


def analytics_seen_by(audience: Audience, analytics: Analytics) -> Analytics:
    """The same figures, over the catalogue the audience may see: a report composed from
    them, or a figure looked up in them, knows no other indicator. Built analytics are
    shared (``analytics_latest``), so this is a new object, never a change of one."""
    if isinstance(audience, Internal):
        return analytics
    return Analytics(catalog_for(audience, analytics.catalog), analytics.hierarchy, analytics.facts)
