from django.apps import AppConfig


class DashboardsConfig(AppConfig):
    name = "chuyendoiso.dashboards"
    verbose_name = "Bảng điều khiển"
