from django.apps import AppConfig


class EntryConfig(AppConfig):
    name = "chuyendoiso.entry"
    verbose_name = "Nhập số liệu"
