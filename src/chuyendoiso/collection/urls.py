from django.urls import path

from chuyendoiso.collection import views

app_name = "collection"
urlpatterns = [
    path("", views.submission_list, name="list"),
    path("tien-do/", views.completeness_page, name="completeness"),
    path("<str:dataset>/<str:org>/<str:period>/", views.submission_page, name="submission"),
    path("<str:dataset>/<str:org>/<str:period>/lich-su/", views.value_page, name="value"),
]
