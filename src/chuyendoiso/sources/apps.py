from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SourcesConfig(AppConfig):
    name = "chuyendoiso.sources"
    verbose_name = _("Dữ liệu gốc")
