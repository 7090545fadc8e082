from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "chuyendoiso.audit"
    verbose_name = "Nhật ký thay đổi"
