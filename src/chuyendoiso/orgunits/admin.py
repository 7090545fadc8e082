from django.contrib import admin

from chuyendoiso.orgunits.models import OrgUnit, OrgUnitMapping


@admin.register(OrgUnit)
class OrgUnitAdmin(admin.ModelAdmin[OrgUnit]):
    list_display = ["code", "name", "level", "structure", "parent", "valid_from", "valid_to"]
    list_filter = ["level", "structure"]
    search_fields = ["code", "name"]
    raw_id_fields = ["parent"]


@admin.register(OrgUnitMapping)
class OrgUnitMappingAdmin(admin.ModelAdmin[OrgUnitMapping]):
    list_display = ["old", "new", "is_primary"]
    search_fields = ["old__code", "old__name", "new__code", "new__name"]
    raw_id_fields = ["old", "new"]
