from django.apps import AppConfig


class ValidationConfig(AppConfig):
    name = "chuyendoiso.validation"
    verbose_name = "Kiểm tra số liệu"
