"""The admin over data values writes through the services, like every other way in: an edit
is checked as an import is (a bad period or a negative count is refused on the form) and
every change or deletion leaves an audit row with the acting user.

A user sees the approved values and the drafts of the units its roles let it read, and
changes only what they let it write (chuyendoiso.access); a superuser sees and changes all."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from decimal import Decimal
from enum import StrEnum
from typing import Any

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from chuyendoiso.access.selectors import (
    draft_readable_units,
    has_any_role,
    is_unrestricted,
    units_where,
)
from chuyendoiso.datavalues.convert import BOOKKEEPING_COLUMNS, PERIOD_COLUMNS
from chuyendoiso.datavalues.models import DataValue
from chuyendoiso.datavalues.services import (
    KEY_COLUMNS,
    datavalue_check,
    datavalue_delete,
    datavalue_save,
    datavalues_approve,
    datavalues_reject,
    require_write,
)
from chuyendoiso.engine.domain import datavalues as engine
from chuyendoiso.engine.domain.access import Action
from chuyendoiso.engine.domain.errors import CdsError, PermissionDeniedError
from chuyendoiso.validation.presenters import violation_problem
from chuyendoiso.web.language import in_language

_REASON = "sửa trong trang quản trị / edited in the admin"
_REVIEWED = "duyệt trong trang quản trị / approved in the admin"


def engine_value(row: DataValue) -> engine.DataValue:
    """The engine's value of a row as the admin form left it (not necessarily stored)."""
    given: dict[str, Any] = {}
    for each in engine.VALUE_FIELDS:
        if each.name == "indicator":
            given[each.name] = row.indicator.code if row.indicator_id else ""
        elif each.name == "org_unit":
            given[each.name] = row.org_unit.code if row.org_unit_id else ""
        elif each.name == "category_option":
            option = row.category_option
            given[each.name] = (
                engine.category_option_code(option.category.code, option.code) if option else ""
            )
        else:
            given[each.name] = _field(each, getattr(row, each.name))
    return engine.DataValue(**given)


def _field(field: engine.ValueField, stored: object) -> object:
    if stored is None or stored == "":
        return field.default if not field.required else stored
    if issubclass(field.kind, StrEnum):
        return field.kind(str(stored))
    if field.kind is Decimal:
        return Decimal(str(stored))
    return stored


class DataValueForm(forms.ModelForm[DataValue]):
    acting_user: AbstractBaseUser | AnonymousUser | None = None  # set by DataValueAdmin.get_form

    class Meta:
        model = DataValue
        # what is computed from the period, or kept for the record, is not edited
        fields = [
            column.name
            for column in DataValue._meta.concrete_fields
            if column.name not in (*PERIOD_COLUMNS, *BOOKKEEPING_COLUMNS)
        ]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if self.errors:
            return cleaned
        for name, value in cleaned.items():
            setattr(self.instance, name, value)
        try:
            value = engine_value(self.instance)
        except ValueError as exc:
            raise forms.ValidationError(str(exc)) from exc
        try:  # the user may write the value, and the one it replaces (under another key)
            require_write(self.acting_user, _written(self.instance))
        except PermissionDeniedError as exc:
            raise forms.ValidationError(in_language(exc.message)) from exc
        for problem in datavalue_check(value=value):
            field = str(problem["field"])
            message = f"{in_language(str(problem['reason']))} ({problem['value']})"
            self.add_error(field if field in self.fields else None, message)
        return cleaned


def _written(row: DataValue) -> list[tuple[Any, engine.Status]]:
    """The (unit, status) of the value the form writes, and of the stored one it replaces."""
    written = [(row.org_unit, engine.Status(row.status))] if row.org_unit_id else []
    if row.pk:
        stored = DataValue.objects.select_related("org_unit").filter(pk=row.pk).first()
        if stored is not None:
            written.append((stored.org_unit, engine.Status(stored.status)))
    return written


def _acting(request: HttpRequest) -> AbstractBaseUser:
    """The logged-in user (never None, which the services take for the command line's
    operator with every right)."""
    if not isinstance(request.user, AbstractBaseUser) or not request.user.is_authenticated:
        raise PermissionDenied("chưa đăng nhập / not logged in")
    return request.user


@contextmanager
def _refused_as_forbidden() -> Iterator[None]:
    """A write the services refuse (the form checked it; the roles changed since) is a 403."""
    try:
        yield
    except PermissionDeniedError as exc:
        raise PermissionDenied(in_language(exc.message)) from exc


@admin.register(DataValue)
class DataValueAdmin(admin.ModelAdmin[DataValue]):
    form = DataValueForm
    list_display = [
        "indicator",
        "org_unit",
        "period",
        "category_option",
        "value",
        "qualifier",
        "origin",
        "status",
    ]
    list_filter = ["status", "origin", "period_type", "indicator__pillar"]
    list_select_related = ["indicator", "org_unit", "category_option__category"]
    search_fields = ["indicator__code", "indicator__name_vi", "org_unit__code", "period"]
    raw_id_fields = ["indicator", "org_unit", "category_option"]
    readonly_fields = [*PERIOD_COLUMNS, "created_by", "created_at", "updated_at"]
    date_hierarchy = "start_date"

    actions = ["approve_drafts", "reject_drafts"]

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        """A stored value's status changes only by approving or rejecting it (the actions):
        a draft edited into an approved value would collide with the approved one."""
        readonly = list(super().get_readonly_fields(request, obj))
        return [*readonly, "status"] if obj is not None else readonly

    @admin.action(description=_("Phê duyệt số liệu nháp"))
    def approve_drafts(self, request: HttpRequest, queryset: QuerySet[DataValue]) -> None:
        user = _acting(request)
        pks = list(queryset.values_list("pk", flat=True))
        try:
            count = datavalues_approve(acting_user=user, pks=pks, reason=_REVIEWED)
        except CdsError as exc:
            self.message_user(request, in_language(exc.message), messages.ERROR)
            return
        self.message_user(request, gettext("Đã duyệt %(count)s số liệu") % {"count": count})

    @admin.action(description=_("Từ chối số liệu nháp"))
    def reject_drafts(
        self, request: HttpRequest, queryset: QuerySet[DataValue]
    ) -> HttpResponse | None:
        """Asks for the reason first (a page listing the drafts), then rejects them."""
        user = _acting(request)
        reason = str(request.POST.get("reason", "")).strip()
        if "confirmed" not in request.POST or not reason:
            context = {
                **self.admin_site.each_context(request),
                "title": gettext("Từ chối số liệu nháp"),
                "rows": queryset.select_related("indicator", "org_unit"),
                "action_checkbox_name": ACTION_CHECKBOX_NAME,
                "opts": self.model._meta,
                "missing_reason": "confirmed" in request.POST,
            }
            return TemplateResponse(request, "datavalues/reject_drafts.html", context)
        pks = list(queryset.values_list("pk", flat=True))
        try:
            count = datavalues_reject(acting_user=user, pks=pks, reason=reason)
        except CdsError as exc:
            self.message_user(request, in_language(exc.message), messages.ERROR)
            return None
        self.message_user(request, gettext("Đã từ chối %(count)s số liệu") % {"count": count})
        return None

    def get_queryset(self, request: HttpRequest) -> QuerySet[DataValue]:
        """The approved values, and the drafts of the units the user may read drafts of."""
        rows = super().get_queryset(request)
        if is_unrestricted(request.user):
            return rows
        return rows.filter(
            Q(status=engine.Status.APPROVED.value)
            | Q(org_unit__in=draft_readable_units(request.user))
        )

    def get_form(
        self, request: HttpRequest, obj: Any = None, change: bool = False, **kwargs: Any
    ) -> Any:
        form = super().get_form(request, obj, change, **kwargs)
        return type(form.__name__, (form,), {"acting_user": request.user})

    # a user with a role reaches the values without Django's model permissions: its roles say
    # what it may do (the services check it again on every write)
    def has_module_permission(self, request: HttpRequest) -> bool:
        return super().has_module_permission(request) or has_any_role(request.user)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return super().has_view_permission(request, obj) or has_any_role(request.user)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return is_unrestricted(request.user) or units_where(request.user, Action.WRITE).exists()

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        if obj is None:
            return self.has_add_permission(request)
        try:
            require_write(request.user, _written(obj))
        except PermissionDeniedError:
            return False
        return True

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self.has_change_permission(request, obj)

    def save_model(self, request: HttpRequest, obj: DataValue, form: Any, change: bool) -> None:
        user = _acting(request)
        with _refused_as_forbidden(), transaction.atomic():
            if change and _key_changed(obj):  # a value under another key: the old one goes
                datavalue_delete(acting_user=user, pk=obj.pk, reason=_REASON)
            result = datavalue_save(
                acting_user=user, value=engine_value(obj), source_name="admin", reason=_REASON
            )
        for warning in result.warnings:  # written, but a rule of severity warning fails
            problem = violation_problem(warning)
            self.message_user(
                request,
                f"{problem['rule']}: {problem['reason']} ({problem['values']})",
                messages.WARNING,
            )
        saved = result.row
        obj.pk = saved.pk
        for column in (*PERIOD_COLUMNS, "created_at", "updated_at"):
            setattr(obj, column, getattr(saved, column))

    def delete_model(self, request: HttpRequest, obj: DataValue) -> None:
        user = _acting(request)
        with _refused_as_forbidden():
            datavalue_delete(acting_user=user, pk=obj.pk, reason=_REASON)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[DataValue]) -> None:
        user = _acting(request)
        with _refused_as_forbidden(), transaction.atomic():
            for pk in queryset.values_list("pk", flat=True):
                datavalue_delete(acting_user=user, pk=pk, reason=_REASON)


def _key_changed(obj: DataValue) -> bool:
    stored = DataValue.objects.filter(pk=obj.pk).values_list(*KEY_COLUMNS).first()
    return stored is not None and tuple(stored) != tuple(getattr(obj, c) for c in KEY_COLUMNS)
