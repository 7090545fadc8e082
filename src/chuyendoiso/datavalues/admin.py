"""The admin over data values writes through the services, like every other way in: an edit
is checked as an import is (a bad period or a negative count is refused on the form) and
every change or deletion leaves an audit row with the acting user."""

from __future__ import annotations

from decimal import Decimal
from enum import StrEnum
from typing import Any

from django import forms
from django.contrib import admin
from django.db import transaction
from django.db.models import QuerySet
from django.http import HttpRequest

from chuyendoiso.datavalues.convert import BOOKKEEPING_COLUMNS, PERIOD_COLUMNS
from chuyendoiso.datavalues.models import DataValue
from chuyendoiso.datavalues.services import (
    KEY_COLUMNS,
    datavalue_check,
    datavalue_delete,
    datavalue_save,
)
from chuyendoiso.engine.domain import datavalues as engine

_REASON = "sửa trong trang quản trị / edited in the admin"


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
        for problem in datavalue_check(value=value):
            field = str(problem["field"])
            message = f"{problem['reason']} ({problem['value']})"
            self.add_error(field if field in self.fields else None, message)
        return cleaned


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

    def save_model(self, request: HttpRequest, obj: DataValue, form: Any, change: bool) -> None:
        user = request.user if request.user.is_authenticated else None
        with transaction.atomic():
            if change and _key_changed(obj):  # a value under another key: the old one goes
                datavalue_delete(acting_user=user, pk=obj.pk, reason=_REASON)
            saved = datavalue_save(
                acting_user=user, value=engine_value(obj), source_name="admin", reason=_REASON
            )
        obj.pk = saved.pk
        for column in (*PERIOD_COLUMNS, "created_at", "updated_at"):
            setattr(obj, column, getattr(saved, column))

    def delete_model(self, request: HttpRequest, obj: DataValue) -> None:
        user = request.user if request.user.is_authenticated else None
        datavalue_delete(acting_user=user, pk=obj.pk, reason=_REASON)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[DataValue]) -> None:
        user = request.user if request.user.is_authenticated else None
        with transaction.atomic():
            for pk in queryset.values_list("pk", flat=True):
                datavalue_delete(acting_user=user, pk=pk, reason=_REASON)


def _key_changed(obj: DataValue) -> bool:
    stored = DataValue.objects.filter(pk=obj.pk).values_list(*KEY_COLUMNS).first()
    return stored is not None and tuple(stored) != tuple(getattr(obj, c) for c in KEY_COLUMNS)
