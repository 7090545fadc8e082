from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CatalogConfig(AppConfig):
    name = "chuyendoiso.catalog"
    verbose_name = _("Danh mục chỉ tiêu")
