from django.apps import AppConfig


class OpendataConfig(AppConfig):
    name = "chuyendoiso.opendata"
    verbose_name = "Dữ liệu mở"
