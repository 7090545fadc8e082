from django.apps import AppConfig


class CollectionConfig(AppConfig):
    name = "chuyendoiso.collection"
    verbose_name = "Thu thập và phê duyệt báo cáo"
