from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from chuyendoiso.datavalues.labels import ORIGIN_LABELS, QUALIFIER_LABELS, STATUS_LABELS
from chuyendoiso.engine.domain.datavalues import (
    KEY_FIELDS,
    MAX_DECIMAL_PLACES,
    SCALES,
    Origin,
    Qualifier,
    Status,
)
from chuyendoiso.engine.domain.periods import Calendar, PeriodType
from chuyendoiso.fields import AMOUNT, ExactDecimalField


class DataValue(models.Model):
    """One figure: indicator × org unit × period (× disaggregation), exact, never a float."""

    indicator = models.ForeignKey(
        "catalog.Indicator",
        verbose_name=_("chỉ tiêu"),
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
    calendar = models.CharField(_("lịch kỳ"), max_length=16, default="calendar")
    period_type = models.CharField(_("loại kỳ"), max_length=16)
    start_date = models.DateField(_("từ ngày"))
    end_date = models.DateField(_("đến ngày"))
    category_option = models.ForeignKey(
        "catalog.CategoryOption",
        verbose_name=_("phân tổ"),
        null=True,  # the total: no disaggregation
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    value = ExactDecimalField(_("giá trị"), **AMOUNT)
    numerator = ExactDecimalField(_("tử số"), null=True, blank=True, **AMOUNT)
    denominator = ExactDecimalField(_("mẫu số"), null=True, blank=True, **AMOUNT)
    qualifier = models.CharField(
        _("cách nêu"),
        max_length=8,
        choices=[(q.value, QUALIFIER_LABELS[q]) for q in Qualifier],
        default=Qualifier.EXACT.value,
    )
    decimals = models.PositiveSmallIntegerField(_("số chữ số thập phân"), default=0)
    scale = models.BigIntegerField(_("bậc độ lớn"), default=1)
    reference_date = models.DateField(_("ngày số liệu"), null=True, blank=True)
    origin = models.CharField(
        _("nguồn gốc"),
        max_length=16,
        choices=[(origin.value, label) for origin, label in ORIGIN_LABELS.items()],
        default=Origin.REPORTED.value,
    )
    change_stated = ExactDecimalField(
        _("tăng/giảm so với cùng kỳ (%) như báo cáo nêu"),
        null=True,
        blank=True,
        **AMOUNT,
    )
    level_stated = ExactDecimalField(
        # xgettext:no-python-format
        _("bằng % cùng kỳ như báo cáo nêu"),
        null=True,
        blank=True,
        **AMOUNT,
    )
    status = models.CharField(
        _("trạng thái"),
        max_length=16,
        choices=[(status.value, label) for status, label in STATUS_LABELS.items()],
        default=Status.APPROVED.value,
    )
    source = models.CharField(_("nguồn"), max_length=255, blank=True)
    comment = models.TextField(_("ghi chú"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    updated_at = models.DateTimeField(_("sửa lúc"), auto_now=True)

    class Meta:
        verbose_name = _("số liệu")
        verbose_name_plural = _("số liệu")
        # NULLs are distinct in a unique constraint: a total (no category option) has its own
        constraints = [
            models.UniqueConstraint(
                fields=list(KEY_FIELDS),
                condition=models.Q(category_option__isnull=False),
                name="datavalue_key",
            ),
            models.UniqueConstraint(
                fields=[name for name in KEY_FIELDS if name != "category_option"],
                condition=models.Q(category_option__isnull=True),
                name="datavalue_key_total",
            ),
            # the rules of a value that its own row can show; those that need its indicator
            # (a whole count, a percentage up to 100) are the import's (check_data_value).
            # On SQLite figures are text of a fixed form ("-5.000000"): the sign tests hold.
            models.CheckConstraint(
                condition=models.Q(start_date__lte=models.F("end_date")),
                name="datavalue_start_not_after_end",
            ),
            models.CheckConstraint(condition=~models.Q(period=""), name="datavalue_period_given"),
            models.CheckConstraint(
                condition=models.Q(period_type__in=[t.value for t in PeriodType]),
                name="datavalue_period_type_known",
            ),
            models.CheckConstraint(
                condition=models.Q(calendar__in=[c.value for c in Calendar]),
                name="datavalue_calendar_known",
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=[s.value for s in Status]),
                name="datavalue_status_known",
            ),
            models.CheckConstraint(
                condition=models.Q(value__gte=0), name="datavalue_value_not_negative"
            ),
            models.CheckConstraint(
                # both parts or neither; a numerator from 0, a denominator above 0
                condition=models.Q(numerator__isnull=True, denominator__isnull=True)
                | models.Q(
                    # spelt out: a comparison with NULL is unknown, which a CHECK lets through
                    numerator__isnull=False,
                    denominator__isnull=False,
                    numerator__gte=0,
                    denominator__gt=0,
                ),
                name="datavalue_parts",
            ),
            models.CheckConstraint(
                condition=models.Q(decimals__lte=MAX_DECIMAL_PLACES),
                name="datavalue_decimals_in_range",
            ),
            models.CheckConstraint(
                condition=models.Q(scale__in=SCALES), name="datavalue_scale_known"
            ),
        ]
        indexes = [
            models.Index(fields=["org_unit", "start_date", "end_date"]),
            # covering on PostgreSQL, so that a country-wide pillar table reads only the index
            # (docs/benchmarks.md); SQLite ignores INCLUDE
            models.Index(
                fields=["indicator", "period_type", "start_date", "end_date"],
                include=["org_unit", "category_option", "value", "numerator", "denominator"],
                condition=models.Q(status="approved"),  # what analytics reads
                name="datavalue_indicator_period",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.indicator_id} {self.org_unit_id} {self.period} = {self.value}"
