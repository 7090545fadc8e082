from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "chuyendoiso.api"
    verbose_name = "API"
