from django.urls import path

from chuyendoiso.datavalues import file_views

app_name = "collection_files"
urlpatterns = [
    path("mau.xlsx", file_views.template_download, name="template"),
    path("nap-tep/", file_views.upload_page, name="upload"),
]
