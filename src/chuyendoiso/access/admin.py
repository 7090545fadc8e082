"""Memberships and API tokens in the admin, for system administrators only. Memberships are
added and removed through the services (audited); tokens are created on the command line
(``cds tokens create``, which shows the secret once) and revoked here or there."""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.db import transaction
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from chuyendoiso.access.models import ApiToken, Membership
from chuyendoiso.access.selectors import is_unrestricted
from chuyendoiso.access.services import membership_add, membership_remove, token_revoke
from chuyendoiso.engine.domain.access import Role
from chuyendoiso.web.read_only_admin import ViewOnly

_REASON = "sửa trong trang quản trị / edited in the admin"


class AdministratorsOnly:
    def has_module_permission(self, request: HttpRequest) -> bool:
        return is_unrestricted(request.user)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return is_unrestricted(request.user)


@admin.register(Membership)
class MembershipAdmin(AdministratorsOnly, admin.ModelAdmin[Membership]):
    list_display = ["user", "role", "org_unit", "created_at"]
    list_filter = ["role", "org_unit__level"]
    list_select_related = ["user", "org_unit"]
    search_fields = ["user__username", "org_unit__code", "org_unit__name"]
    raw_id_fields = ["user", "org_unit"]
    fields = ["user", "role", "org_unit"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return is_unrestricted(request.user)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return is_unrestricted(request.user)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return is_unrestricted(request.user)

    def save_model(self, request: HttpRequest, obj: Membership, form: Any, change: bool) -> None:
        with transaction.atomic():
            if change:  # another user, unit or role: the old membership goes
                stored = Membership.objects.get(pk=obj.pk)
                membership_remove(acting_user=request.user, membership=stored, reason=_REASON)
            saved = membership_add(
                acting_user=request.user,
                user=obj.user,
                org_unit=obj.org_unit,
                role=Role(obj.role),
                reason=_REASON,
            )
        obj.pk, obj.created_at = saved.pk, saved.created_at

    def delete_model(self, request: HttpRequest, obj: Membership) -> None:
        membership_remove(acting_user=request.user, membership=obj, reason=_REASON)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Membership]) -> None:
        with transaction.atomic():
            for membership in queryset.select_related("user", "org_unit"):
                membership_remove(acting_user=request.user, membership=membership, reason=_REASON)


@admin.register(ApiToken)
class ApiTokenAdmin(AdministratorsOnly, ViewOnly, admin.ModelAdmin[ApiToken]):
    list_display = ["prefix", "name", "user", "created_at", "last_used_at", "revoked_at"]
    list_filter = ["revoked_at"]
    list_select_related = ["user"]
    search_fields = ["prefix", "name", "user__username"]
    fields = ["prefix", "name", "user", "created_at", "last_used_at", "revoked_at"]
    readonly_fields = ["prefix", "name", "user", "created_at", "last_used_at", "revoked_at"]
    actions = ["revoke"]

    @admin.action(description=_("Thu hồi các khóa đã chọn"))
    def revoke(self, request: HttpRequest, queryset: QuerySet[ApiToken]) -> None:
        with transaction.atomic():
            for prefix in queryset.values_list("prefix", flat=True):
                token_revoke(acting_user=request.user, prefix=prefix, reason=_REASON)
        self.message_user(request, _("Đã thu hồi."), messages.SUCCESS)
