from typing import Any

from django.contrib import admin
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from chuyendoiso.audit.models import AuditEntry
from chuyendoiso.audit.presenters import action_label


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin[AuditEntry]):
    """Read only: the trail is append-only (the database refuses changes, see migration 0002)."""

    list_display = ["at", "actor_name", "action_vi", "entity", "entity_key", "reason"]
    list_filter = ["action", "entity"]
    search_fields = ["entity_key", "actor_name", "reason"]
    readonly_fields = [f.name for f in AuditEntry._meta.fields]
    actions = None

    @admin.display(description=_("hành động"), ordering="action")
    def action_vi(self, obj: AuditEntry) -> str:
        return f"{action_label(obj.action)} ({obj.action})"

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: AuditEntry | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: AuditEntry | None = None) -> bool:
        return False

    def get_actions(self, request: HttpRequest) -> dict[str, Any]:
        return {}
