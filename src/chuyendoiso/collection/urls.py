from django.urls import path

from chuyendoiso.collection import views

app_name = "collection"
urlpatterns = [
    path("", views.submission_list, name="list"),
    path("tien-do/", views.completeness_page, name="completeness"),
    # before the report's address, whose three parts would take these too
    path("minh-chung/<int:pk>/", views.evidence_file, name="evidence"),
    path("minh-chung/<int:pk>/bo/", views.evidence_remove_page, name="evidence_remove"),
    path("<str:dataset>/<str:org>/<str:period>/", views.submission_page, name="submission"),
    path("<str:dataset>/<str:org>/<str:period>/lich-su/", views.value_page, name="value"),
    path(
        "<str:dataset>/<str:org>/<str:period>/minh-chung/",
        views.evidence_add_page,
        name="evidence_add",
    ),
]
