from django.urls import path

from chuyendoiso.access import views

app_name = "access"
urlpatterns = [
    path("dang-nhap/", views.login, name="login"),
    path("dang-xuat/", views.logout, name="logout"),
]
