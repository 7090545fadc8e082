from django.urls import path

from chuyendoiso.entry import views

app_name = "entry"
urlpatterns = [
    path("", views.entry_page, name="form"),
]
