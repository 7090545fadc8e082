from django.urls import path

from chuyendoiso.quality import views

app_name = "quality"
urlpatterns = [path("", views.quality, name="page")]
