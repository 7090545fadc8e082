from django.urls import path

from chuyendoiso.dashboards import views

app_name = "dashboards"
urlpatterns = [
    path("bang-dieu-khien/", views.dashboard, name="dashboard"),
    path("chi-tieu/<str:code>/", views.indicator, name="indicator"),
    path("chi-tieu/<str:code>/tai-ve.<str:fmt>", views.download, name="download"),
]
