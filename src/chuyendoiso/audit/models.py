from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditEntry(models.Model):
    """One write to the data: who did what to which record, with the state before and after.

    Append-only: the database refuses to change or delete a row (migration 0002), and the
    admin only shows them. A user who acted cannot be deleted (deactivate them instead).
    """

    at = models.DateTimeField(_("thời điểm"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người thực hiện"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,  # setting it to null would change the row
        related_name="+",
    )
    # who acted, as text: the user name, or on the command line CDS_ACTOR or the OS user
    actor_name = models.CharField(_("tên người thực hiện"), max_length=150, blank=True)
    action = models.CharField(_("hành động"), max_length=64)
    entity = models.CharField(_("đối tượng"), max_length=64)
    entity_key = models.CharField(_("khóa"), max_length=255)
    before = models.JSONField(_("trước"), null=True, blank=True)
    after = models.JSONField(_("sau"), null=True, blank=True)
    reason = models.TextField(_("lý do"), blank=True)

    class Meta:
        verbose_name = _("bản ghi nhật ký")
        verbose_name_plural = _("nhật ký thay đổi")
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.action} {self.entity} {self.entity_key}"
