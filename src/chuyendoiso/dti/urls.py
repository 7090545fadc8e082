from django.urls import path

from chuyendoiso.dti import views

app_name = "dti"
urlpatterns = [
    path("", views.dti_page, name="page"),
    path("tai-ve/", views.dti_download, name="download"),
]
