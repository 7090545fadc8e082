from django.apps import AppConfig


class AnalyticsConfig(AppConfig):
    name = "chuyendoiso.analytics"
    verbose_name = "Phân tích"
