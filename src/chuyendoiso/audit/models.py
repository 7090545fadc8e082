from django.conf import settings
from django.db import models


class AuditEntry(models.Model):
    """One write to the data: who did what to which record, with the state before and after."""

    at = models.DateTimeField("thời điểm", auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="người thực hiện",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    action = models.CharField("hành động", max_length=64)
    entity = models.CharField("đối tượng", max_length=64)
    entity_key = models.CharField("khóa", max_length=255)
    before = models.JSONField("trước", null=True, blank=True)
    after = models.JSONField("sau", null=True, blank=True)

    class Meta:
        verbose_name = "bản ghi nhật ký"
        verbose_name_plural = "nhật ký thay đổi"
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.action} {self.entity} {self.entity_key}"
