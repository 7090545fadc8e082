"""The catalogue in the admin, shown only: it is changed by editing the catalogue file and
loading it with ``cds catalog import``, which checks the whole file and audits every change."""

from typing import cast

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from chuyendoiso.catalog import models
from chuyendoiso.web.read_only_admin import M, ReadOnlyAdmin, ViewOnly

# a lazy text: the note is written in the language of the page that shows it
NOTE = cast(
    str,
    _(
        "Danh mục chỉ tiêu chỉ xem ở đây, không sửa được. Muốn thay đổi, sửa tệp danh mục "
        "(lấy ra bằng lệnh cds catalog export TỆP, hoặc tệp data/catalog/catalog.yaml) rồi nạp "
        "bằng lệnh cds catalog import TỆP: cả tệp được kiểm tra trước khi ghi, và mỗi thay đổi "
        "được ghi vào nhật ký thay đổi."
    ),
)


class CatalogAdmin(ReadOnlyAdmin[M]):
    read_only_note = NOTE


class FrameworkPillarInline(
    ViewOnly, admin.TabularInline[models.FrameworkPillar, models.Framework]
):
    model = models.FrameworkPillar
    extra = 0


class CategoryOptionInline(ViewOnly, admin.TabularInline[models.CategoryOption, models.Category]):
    model = models.CategoryOption
    extra = 0


class PlacementInline(ViewOnly, admin.TabularInline[models.Placement, models.Indicator]):
    model = models.Placement
    extra = 0


class TargetInline(ViewOnly, admin.TabularInline[models.Target, models.Indicator]):
    model = models.Target
    extra = 0


@admin.register(models.Pillar)
class PillarAdmin(CatalogAdmin[models.Pillar]):
    list_display = ["order", "code", "name_vi", "name_en"]
    list_display_links = ["code", "name_vi"]


@admin.register(models.Framework)
class FrameworkAdmin(CatalogAdmin[models.Framework]):
    list_display = ["code", "name_vi", "source", "valid_from", "valid_to"]
    inlines = [FrameworkPillarInline]


@admin.register(models.Category)
class CategoryAdmin(CatalogAdmin[models.Category]):
    list_display = ["code", "name_vi", "name_en"]
    inlines = [CategoryOptionInline]


@admin.register(models.Indicator)
class IndicatorAdmin(CatalogAdmin[models.Indicator]):
    list_display = [
        "code",
        "name_vi",
        "pillar",
        "unit_label_vi",
        "value_type",
        "aggregation_time",
        "public",
        "headline",
    ]
    list_filter = ["pillar", "public", "headline", "value_type", "aggregation_org"]
    search_fields = ["code", "name_vi", "name_en"]
    autocomplete_fields = ["numerator", "denominator"]
    filter_horizontal = ["categories"]
    inlines = [PlacementInline, TargetInline]
    fieldsets = [
        (None, {"fields": ["code", "name_vi", "name_en", "pillar", "order"]}),
        (_("Công bố"), {"fields": ["public", "headline", "levels"]}),
        (
            _("Định nghĩa"),
            {"fields": ["definition_vi", "definition_en", "source_system", "source_system_en"]},
        ),
        (
            _("Cách tính"),
            {
                "fields": [
                    "unit",
                    "unit_label_vi",
                    "unit_label_en",
                    "value_type",
                    "numerator",
                    "denominator",
                    "aggregation_org",
                    "aggregation_time",
                    "direction",
                    "categories",
                ]
            },
        ),
    ]


@admin.register(models.Target)
class TargetAdmin(CatalogAdmin[models.Target]):
    list_display = ["indicator", "org_unit_code", "year", "operator", "value", "source"]
    list_filter = ["year", "org_unit_code"]
    search_fields = ["indicator__code", "indicator__name_vi", "source"]


class DataSetIndicatorInline(
    ViewOnly, admin.TabularInline[models.DataSetIndicator, models.DataSet]
):
    model = models.DataSetIndicator
    extra = 0
    fields = ["order", "indicator", "categories"]


class DataSetDeadlineInline(ViewOnly, admin.TabularInline[models.DataSetDeadline, models.DataSet]):
    model = models.DataSetDeadline
    extra = 0


@admin.register(models.DataSet)
class DataSetAdmin(CatalogAdmin[models.DataSet]):
    list_display = ["code", "name_vi", "period_type", "calendar", "levels"]
    list_filter = ["period_type", "calendar"]
    search_fields = ["code", "name_vi", "name_en"]
    inlines = [DataSetDeadlineInline, DataSetIndicatorInline]


@admin.register(models.ValidationRule)
class ValidationRuleAdmin(CatalogAdmin[models.ValidationRule]):
    list_display = ["code", "name_vi", "expression", "severity", "missing"]
    list_filter = ["severity", "missing"]
    search_fields = ["code", "name_vi", "expression"]
