from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "chuyendoiso.web"
    verbose_name = "Trang web"
