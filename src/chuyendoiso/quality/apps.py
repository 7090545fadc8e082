from django.apps import AppConfig


class QualityConfig(AppConfig):
    name = "chuyendoiso.quality"
    verbose_name = "Chất lượng số liệu"
