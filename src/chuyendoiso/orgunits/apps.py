from django.apps import AppConfig


class OrgUnitsConfig(AppConfig):
    name = "chuyendoiso.orgunits"
    verbose_name = "Đơn vị"
