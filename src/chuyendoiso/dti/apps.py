from django.apps import AppConfig


class DtiConfig(AppConfig):
    name = "chuyendoiso.dti"
    verbose_name = "Chỉ số DTI tự đánh giá"
