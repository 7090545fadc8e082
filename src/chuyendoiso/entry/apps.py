from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EntryConfig(AppConfig):
    name = "chuyendoiso.entry"
    verbose_name = _("Nhập số liệu")
