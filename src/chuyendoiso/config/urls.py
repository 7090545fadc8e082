from django.contrib import admin
from django.urls import include, path

from chuyendoiso.api.api import api
from chuyendoiso.opendata.api import public_api

# the admin's pages are found here, not when Django starts (SimpleAdminConfig): a command
# of `cds` that never serves a page does not import every app's admin module
admin.autodiscover()

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/", api.urls),
    path("i18n/", include("django.conf.urls.i18n")),  # setlang/: the language switch (POST)
    path("bao-cao/", include("chuyendoiso.reports.urls")),
    path("thu-thap/nhap/", include("chuyendoiso.entry.urls")),
    path("thu-thap/", include("chuyendoiso.datavalues.file_urls")),
    path("thu-thap/", include("chuyendoiso.collection.urls")),
    path("", include("chuyendoiso.dashboards.urls")),
    path("chat-luong-so-lieu/", include("chuyendoiso.quality.urls")),
    path("chi-so-dti/", include("chuyendoiso.dti.urls")),
    path("du-lieu-mo/api/", public_api.urls),  # its own namespace, as ninja's docs need
    path("du-lieu-mo/", include("chuyendoiso.opendata.urls")),
    path("", include("chuyendoiso.access.urls")),
    path("", include("chuyendoiso.web.urls")),
]

admin.site.site_header = "Quản trị chuyendoiso"
admin.site.site_title = "chuyendoiso"
admin.site.index_title = "Danh mục và số liệu chuyển đổi số"

handler400 = "chuyendoiso.web.errors.bad_request"
handler403 = "chuyendoiso.web.errors.forbidden"
handler404 = "chuyendoiso.web.errors.not_found"
handler500 = "chuyendoiso.web.errors.server_error"
