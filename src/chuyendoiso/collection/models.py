from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from chuyendoiso.audit.presenters import STATE_LABELS
from chuyendoiso.engine.domain.workflow import State


class Submission(models.Model):
    """A regime's report by one unit for one period, and where it stands in the workflow
    (engine/domain/workflow.py). Its history is in the audit (entity ``submission``)."""

    dataset = models.ForeignKey(
        "catalog.DataSet",
        verbose_name=_("chế độ báo cáo"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    org_unit = models.ForeignKey(
        "orgunits.OrgUnit",
        verbose_name=pgettext_lazy("trường", "đơn vị"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    period = models.CharField(_("kỳ"), max_length=32)  # an id in the regime's calendar
    state = models.CharField(
        _("trạng thái"),
        max_length=16,
        choices=[(state.value, STATE_LABELS[state]) for state in State],
        default=State.DRAFT.value,
    )
    # the last transition: who, when (as text too: the command line has no user)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người chuyển trạng thái"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    changed_by_name = models.CharField(_("tên người chuyển"), max_length=150, blank=True)
    changed_at = models.DateTimeField(_("lúc chuyển"), null=True, blank=True)
    reason = models.TextField(_("lý do"), blank=True)

    class Meta:
        verbose_name = _("báo cáo")
        verbose_name_plural = _("báo cáo theo chế độ")
        ordering = ["dataset", "period", "org_unit__path"]
        constraints = [
            models.UniqueConstraint(
                fields=["dataset", "org_unit", "period"], name="submission_key"
            ),
            models.CheckConstraint(
                condition=models.Q(state__in=[state.value for state in State]),
                name="submission_state_known",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.dataset_id} {self.org_unit_id} {self.period}: {self.state}"


class Evidence(models.Model):
    """A file or a link that supports one figure of a regime's report (a self-assessed DTI
    value above all): kept with the report, written only by ``collection.services``. The
    file's bytes are in the database, so that a backup holds them and a write is all or
    nothing."""

    dataset = models.ForeignKey(
        "catalog.DataSet",
        verbose_name=_("chế độ báo cáo"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    org_unit = models.ForeignKey(
        "orgunits.OrgUnit",
        verbose_name=pgettext_lazy("trường", "đơn vị"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    period = models.CharField(_("kỳ"), max_length=32)
    indicator = models.ForeignKey(
        "catalog.Indicator", verbose_name=_("chỉ tiêu"), on_delete=models.PROTECT, related_name="+"
    )
    link = models.URLField(_("đường dẫn"), max_length=500, blank=True)
    file_name = models.CharField(_("tên tệp"), max_length=255, blank=True)
    content = models.BinaryField(_("nội dung tệp"), blank=True)
    size = models.PositiveIntegerField(_("dung lượng"), default=0)
    sha256 = models.CharField(_("mã băm SHA-256"), max_length=64, blank=True)
    note = models.CharField(_("ghi chú"), max_length=500, blank=True)
    added_by_name = models.CharField(_("người thêm"), max_length=150)
    added_at = models.DateTimeField(_("thêm lúc"), auto_now_add=True)

    class Meta:
        verbose_name = _("minh chứng")
        verbose_name_plural = _("minh chứng")
        ordering = ["dataset", "period", "org_unit__path", "indicator__code", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=(models.Q(link="") & ~models.Q(file_name=""))
                | (~models.Q(link="") & models.Q(file_name="")),
                name="evidence_file_or_link",
            )
        ]

    def __str__(self) -> str:
        return (
            f"{self.indicator_id} {self.org_unit_id} {self.period}: {self.file_name or self.link}"
        )
