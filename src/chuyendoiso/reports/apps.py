from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "chuyendoiso.reports"
    verbose_name = "Báo cáo"
