from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from chuyendoiso.fields import ExactDecimalField


class SourceRun(models.Model):
    """One computation of a source's metrics over raw record files: the lineage of the
    data values it wrote."""

    source = models.CharField(_("nguồn"), max_length=64)
    # what the definition computed (SourceDefinition.sha256): parts of another are not reused
    definition_sha256 = models.CharField(_("mã băm định nghĩa"), max_length=64, blank=True)
    # the known unit codes its records were checked against: files with records of units
    # unknown then are read again once these change (empty: not kept, never read again)
    known_units_sha256 = models.CharField(_("mã băm đơn vị đã biết"), max_length=64, blank=True)
    period = models.CharField(_("kỳ"), max_length=32)
    engine = models.CharField(_("công cụ"), max_length=16)
    started_at = models.DateTimeField(_("bắt đầu"))
    finished_at = models.DateTimeField(_("kết thúc"))
    read = models.BigIntegerField(_("bản ghi đọc"))
    accepted = models.BigIntegerField(_("bản ghi hợp lệ"))
    quarantined = models.BigIntegerField(_("bản ghi cách ly"))
    # key policy ``latest``: earlier versions of kept records (read = accepted + superseded
    # + quarantined)
    superseded = models.BigIntegerField(_("bản ghi bị thay thế"), default=0)
    # how record ids were checked: unique, trusted (not searched) or latest
    key_policy = models.CharField(_("chính sách mã bản ghi"), max_length=16, default="unique")
    by_reason = models.JSONField(_("cách ly theo lý do"), default=dict)
    quarantine_path = models.CharField(_("tệp cách ly"), max_length=500, blank=True)
    figures = models.PositiveIntegerField(_("số liệu ghi"), default=0)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("lần tính từ dữ liệu gốc")
        verbose_name_plural = _("lần tính từ dữ liệu gốc")
        ordering = ["-started_at"]

    def __str__(self) -> str:
        return f"{self.source} {self.period} ({self.started_at:%Y-%m-%d %H:%M})"


class SourceFile(models.Model):
    """An input file processed by a run, by content hash: the same file is never counted twice."""

    run = models.ForeignKey(SourceRun, on_delete=models.CASCADE, related_name="files")
    source = models.CharField(_("nguồn"), max_length=64)
    period = models.CharField(_("kỳ"), max_length=32)
    path = models.CharField(_("đường dẫn"), max_length=1000)
    sha256 = models.CharField(max_length=64)
    rows = models.BigIntegerField(_("số dòng"))
    unknown_units = models.BigIntegerField(_("bản ghi đơn vị chưa biết"), default=0)

    class Meta:
        verbose_name = _("tệp dữ liệu gốc")
        verbose_name_plural = _("tệp dữ liệu gốc")
        constraints = [
            models.UniqueConstraint(fields=["source", "period", "sha256"], name="source_file_once")
        ]

    def __str__(self) -> str:
        return self.path


class SourcePartial(models.Model):
    """One file's part of a metric for one org unit, kept so that new files add to it."""

    file = models.ForeignKey(SourceFile, on_delete=models.CASCADE, related_name="partials")
    indicator = models.CharField(max_length=64)
    org_unit = models.CharField(max_length=32)
    period = models.CharField(max_length=32)
    value = ExactDecimalField(max_digits=28, decimal_places=6)
    additive = models.BooleanField(default=True)

    class Meta:
        indexes = [models.Index(fields=["period", "indicator"])]

    def __str__(self) -> str:
        return f"{self.indicator} {self.org_unit} {self.period} = {self.value}"
