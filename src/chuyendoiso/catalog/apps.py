from django.apps import AppConfig


class CatalogConfig(AppConfig):
    name = "chuyendoiso.catalog"
    verbose_name = "Danh mục chỉ tiêu"
