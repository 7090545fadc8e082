from django.apps import AppConfig
from django.utils.translation import pgettext_lazy


class ValidationConfig(AppConfig):
    name = "chuyendoiso.validation"
    verbose_name = pgettext_lazy("ứng dụng", "Kiểm tra số liệu")
