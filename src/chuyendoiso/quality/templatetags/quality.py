"""{% if user|sees_quality %}: whether the menu offers the data-quality page to the user
(those who may read drafts somewhere: coordinators, approvers)."""

from __future__ import annotations

from django import template
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser

from chuyendoiso.quality.selectors import has_scope

register = template.Library()


@register.filter
def sees_quality(user: AbstractBaseUser | AnonymousUser) -> bool:
    return bool(user.is_authenticated) and has_scope(user)
