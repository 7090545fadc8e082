from django.apps import AppConfig


class DataValuesConfig(AppConfig):
    name = "chuyendoiso.datavalues"
    verbose_name = "Số liệu"
