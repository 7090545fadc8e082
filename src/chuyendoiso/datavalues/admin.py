from django.contrib import admin

from chuyendoiso.datavalues.models import DataValue


@admin.register(DataValue)
class DataValueAdmin(admin.ModelAdmin[DataValue]):
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
    raw_id_fields = ["indicator", "org_unit", "category_option", "created_by"]
    date_hierarchy = "start_date"
