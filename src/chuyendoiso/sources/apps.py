from django.apps import AppConfig


class SourcesConfig(AppConfig):
    name = "chuyendoiso.sources"
    verbose_name = "Dữ liệu gốc"
