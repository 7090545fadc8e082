from django.contrib import admin

from chuyendoiso.sources.models import SourceFile, SourceRun


class SourceFileInline(admin.TabularInline):
    model = SourceFile
    extra = 0
    can_delete = False
    fields = ["path", "sha256", "rows"]
    readonly_fields = fields


@admin.register(SourceRun)
class SourceRunAdmin(admin.ModelAdmin):
    """The lineage of computed figures: read-only, written by `cds sources compute`."""

    list_display = [
        "started_at",
        "source",
        "period",
        "engine",
        "read",
        "accepted",
        "quarantined",
        "figures",
    ]
    list_filter = ["source", "engine"]
    readonly_fields = [f.name for f in SourceRun._meta.fields]
    inlines = [SourceFileInline]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
