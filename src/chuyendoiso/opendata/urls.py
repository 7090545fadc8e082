from django.urls import path

from chuyendoiso.opendata import views

app_name = "opendata"
urlpatterns = [
    path("", views.portal, name="portal"),
    path("chi-tieu/<str:code>/", views.indicator, name="indicator"),
]
