"""Admin pages that only show what has its own way in (a file and the command that loads
it), so that no edit bypasses that way's checks and audit: no add, change or delete, even
for a superuser, and a note on every page saying how the data are changed."""

from __future__ import annotations

from typing import Any, TypeVar

from django.contrib import admin
from django.db.models import Model
from django.http import HttpRequest, HttpResponse

M = TypeVar("M", bound=Model)


class ViewOnly:
    """The permissions of a page or an inline that only shows."""

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class ReadOnlyAdmin(ViewOnly, admin.ModelAdmin[M]):
    """A model's list and detail pages, shown with ``read_only_note`` above the title."""

    read_only_note = ""
    change_list_template = "admin/read_only/change_list.html"
    change_form_template = "admin/read_only/change_form.html"

    def changelist_view(
        self, request: HttpRequest, extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        return super().changelist_view(request, self._noted(extra_context))

    def changeform_view(
        self,
        request: HttpRequest,
        object_id: str | None = None,
        form_url: str = "",
        extra_context: dict[str, Any] | None = None,
    ) -> Any:
        return super().changeform_view(request, object_id, form_url, self._noted(extra_context))

    def _noted(self, extra_context: dict[str, Any] | None) -> dict[str, Any]:
        return {**(extra_context or {}), "read_only_note": self.read_only_note}
