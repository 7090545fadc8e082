"""The DTI frameworks a province loaded (the year's file replaces the shipped one of the
same code) and the published results of the provinces (docs/dti.md). Written only by
``services``."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class FrameworkFile(models.Model):
    code = models.CharField(_("mã"), max_length=64, unique=True)
    number = models.CharField(_("số quyết định"), max_length=32)
    name_vi = models.CharField(_("tên"), max_length=255)
    kind = models.CharField(_("loại"), max_length=16)
    file_name = models.CharField(_("tệp"), max_length=255)
    text = models.TextField(_("nội dung"))
    loaded_at = models.DateTimeField(_("nạp lúc"), auto_now=True)
    loaded_by_name = models.CharField(_("người nạp"), max_length=150)

    class Meta:
        verbose_name = _("bộ chỉ số DTI")
        verbose_name_plural = _("bộ chỉ số DTI")
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code} ({self.file_name})"


class PublishedResult(models.Model):
    year = models.PositiveSmallIntegerField(_("năm"))
    framework = models.CharField(_("bộ chỉ số"), max_length=64)
    structure = models.CharField(_("cơ cấu"), max_length=16)
    province_code = models.CharField(_("mã tỉnh"), max_length=8)
    province_name = models.CharField(_("tên tỉnh"), max_length=128)
    measure = models.CharField(_("thước đo"), max_length=8)
    value = models.DecimalField(_("giá trị"), max_digits=9, decimal_places=6, null=True)
    rank = models.PositiveSmallIntegerField(_("thứ hạng"), null=True)
    source = models.TextField(_("nguồn"))

    class Meta:
        verbose_name = _("kết quả DTI đã công bố")
        verbose_name_plural = _("kết quả DTI đã công bố")
        ordering = ["-year", "structure", "measure", "rank"]
        constraints = [
            models.UniqueConstraint(
                fields=["year", "structure", "province_code", "measure"], name="published_key"
            )
        ]

    def __str__(self) -> str:
        return f"{self.year} {self.province_code} {self.measure}"
