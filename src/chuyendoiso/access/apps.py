from django.apps import AppConfig


class AccessConfig(AppConfig):
    name = "chuyendoiso.access"
    verbose_name = "Người dùng và quyền"
