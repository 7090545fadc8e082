from django.contrib import admin
from django.http import HttpRequest

from chuyendoiso.sources.models import SourceFile, SourceRun


class SourceFileInline(admin.TabularInline[SourceFile, SourceRun]):
    model = SourceFile
    extra = 0
    can_delete = False
    fields = ("path", "sha256", "rows")
    readonly_fields = fields


@admin.register(SourceRun)
class SourceRunAdmin(admin.ModelAdmin[SourceRun]):
    """The lineage of computed figures: read-only, written by `cds sources compute`."""

    list_display = [
        "started_at",
        "source",
        "period",
        "engine",
        "key_policy",
        "read",
        "accepted",
        "superseded",
        "quarantined",
        "figures",
    ]
    list_filter = ["source", "engine", "key_policy"]
    readonly_fields = [f.name for f in SourceRun._meta.fields]
    inlines = [SourceFileInline]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: SourceRun | None = None) -> bool:
        return False
