"""Persistence of the indicator catalogue; the meaning of each field is in engine.catalog."""

from enum import StrEnum
from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from chuyendoiso.engine.domain import catalog as engine
from chuyendoiso.engine.domain import regimes
from chuyendoiso.engine.domain.datavalues import category_option_code
from chuyendoiso.engine.domain.periods import Calendar
from chuyendoiso.fields import AMOUNT, ExactDecimalField

LABELS_VI = {
    engine.MeasureUnit.COUNT: _("số lượng"),
    engine.MeasureUnit.PERCENT: _("phần trăm (%)"),
    engine.MeasureUnit.VND: _("đồng"),
    engine.MeasureUnit.PER_MONTH: _("số lượng mỗi tháng"),
    engine.MeasureUnit.SCORE: _("điểm"),
    engine.MeasureUnit.RANK: _("thứ hạng"),
    engine.ValueType.COUNT: _("đếm"),
    engine.ValueType.AMOUNT: _("số tiền"),
    engine.ValueType.PERCENT: _("tỷ lệ nêu sẵn"),
    engine.ValueType.RATIO: _("tỷ lệ tử số/mẫu số"),
    engine.OrgAggregation.SUM: _("cộng"),
    engine.OrgAggregation.RATIO: _("tính lại từ tử số, mẫu số"),
    engine.OrgAggregation.NONE: _("không tổng hợp"),
    engine.TimeAggregation.FLOW: _("cộng dồn trong kỳ"),
    engine.TimeAggregation.STOCK: _("giá trị cuối kỳ"),
    engine.TimeAggregation.RATE_PER_MONTH: _("bình quân mỗi tháng"),
    engine.Direction.UP: _("càng cao càng tốt"),
    engine.Direction.DOWN: _("càng thấp càng tốt"),
    engine.Direction.NONE: _("không xét"),
}
# labels of the rules' fields apart: "error" is both a severity and a missing policy
_SEVERITY_CHOICES = [("error", _("lỗi (chặn)")), ("warning", _("cảnh báo"))]
_MISSING_CHOICES = [
    ("skip", _("bỏ qua quy tắc")),
    ("zero", _("coi là 0")),
    ("error", _("quy tắc không đạt")),
]


def _choices(enum: type[StrEnum]) -> list[tuple[str, Any]]:
    return [(member.value, LABELS_VI.get(member, member.value)) for member in enum]


class Pillar(models.Model):
    code = models.CharField(_("mã"), max_length=32, unique=True)
    name_vi = models.CharField(_("tên"), max_length=255)
    name_en = models.CharField(_("tên tiếng Anh"), max_length=255)
    order = models.PositiveIntegerField(_("thứ tự"), default=0)

    class Meta:
        verbose_name = pgettext_lazy("mô hình", "trụ cột")
        verbose_name_plural = pgettext_lazy("mô hình", "trụ cột")
        ordering = ["order", "code"]

    def __str__(self) -> str:
        return self.name_vi


class Framework(models.Model):
    code = models.CharField(_("mã"), max_length=32, unique=True)
    name_vi = models.CharField(_("tên"), max_length=255)
    name_en = models.CharField(_("tên tiếng Anh"), max_length=255)
    source = models.CharField(_("văn bản"), max_length=255)
    valid_from = models.DateField(_("hiệu lực từ"))
    valid_to = models.DateField(_("hiệu lực đến"), null=True, blank=True)

    class Meta:
        verbose_name = _("bộ chỉ số")
        verbose_name_plural = _("bộ chỉ số")
        ordering = ["valid_from", "code"]

    def __str__(self) -> str:
        return self.name_vi


class FrameworkPillar(models.Model):
    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="pillars")
    code = models.CharField(_("mã"), max_length=32)
    name_vi = models.CharField(_("tên"), max_length=255)
    name_en = models.CharField(_("tên tiếng Anh"), max_length=255)
    order = models.PositiveIntegerField(_("thứ tự"), default=0)

    class Meta:
        verbose_name = _("trụ cột của bộ chỉ số")
        verbose_name_plural = _("trụ cột của bộ chỉ số")
        ordering = ["framework", "order"]
        constraints = [
            models.UniqueConstraint(fields=["framework", "code"], name="framework_pillar_code")
        ]

    def __str__(self) -> str:
        return f"{self.framework.code} / {self.name_vi}"


class Category(models.Model):
    code = models.CharField(_("mã"), max_length=32, unique=True)
    name_vi = models.CharField(_("tên"), max_length=255)
    name_en = models.CharField(_("tên tiếng Anh"), max_length=255)

    class Meta:
        verbose_name = _("phân tổ")
        verbose_name_plural = _("phân tổ")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name_vi


class CategoryOption(models.Model):
    category = models.ForeignKey(Category, on_delete=models.CASCADE, related_name="options")
    code = models.CharField(_("mã"), max_length=32)
    name_vi = models.CharField(_("tên"), max_length=255)
    name_en = models.CharField(_("tên tiếng Anh"), max_length=255)
    order = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("phương án phân tổ")
        verbose_name_plural = _("phương án phân tổ")
        ordering = ["category", "order"]
        constraints = [
            models.UniqueConstraint(fields=["category", "code"], name="category_option_code")
        ]

    def __str__(self) -> str:
        return category_option_code(self.category.code, self.code)


class Indicator(models.Model):
    code = models.CharField(_("mã"), max_length=64, unique=True)
    name_vi = models.CharField(_("tên"), max_length=500)
    name_en = models.CharField(_("tên tiếng Anh"), max_length=500)
    pillar = models.ForeignKey(
        Pillar,
        verbose_name=pgettext_lazy("mô hình", "trụ cột"),
        on_delete=models.PROTECT,
        related_name="indicators",
    )
    unit = models.CharField(_("đơn vị đo"), max_length=16, choices=_choices(engine.MeasureUnit))
    unit_label_vi = models.CharField(_("đơn vị tính"), max_length=64, blank=True)
    unit_label_en = models.CharField(_("đơn vị tính tiếng Anh"), max_length=64, blank=True)
    value_type = models.CharField(
        _("loại giá trị"), max_length=16, choices=_choices(engine.ValueType)
    )
    aggregation_org = models.CharField(
        _("tổng hợp theo đơn vị"), max_length=16, choices=_choices(engine.OrgAggregation)
    )
    aggregation_time = models.CharField(
        _("tổng hợp theo thời gian"), max_length=16, choices=_choices(engine.TimeAggregation)
    )
    direction = models.CharField(_("chiều tốt"), max_length=8, choices=_choices(engine.Direction))
    definition_vi = models.TextField(_("định nghĩa"), blank=True)
    definition_en = models.TextField(_("định nghĩa tiếng Anh"), blank=True)
    numerator = models.ForeignKey(
        "self",
        verbose_name=_("tử số"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    denominator = models.ForeignKey(
        "self",
        verbose_name=_("mẫu số"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    categories = models.ManyToManyField(Category, verbose_name=_("phân tổ"), blank=True)
    source_system = models.CharField(_("hệ thống nguồn"), max_length=255, blank=True)
    source_system_en = models.CharField(_("hệ thống nguồn tiếng Anh"), max_length=255, blank=True)
    public = models.BooleanField(
        _("công khai"),
        default=False,
        help_text=_("Số liệu đã duyệt của chỉ tiêu được công bố trên cổng dữ liệu mở"),
    )
    headline = models.BooleanField(
        _("chỉ tiêu chính"), default=False, help_text=_("Hiện thành thẻ trên bảng điều khiển")
    )
    levels = models.JSONField(
        _("cấp báo cáo"),
        default=list,
        blank=True,
        help_text=_("Các cấp đơn vị có báo cáo nêu chỉ tiêu này; để trống là mọi cấp"),
    )
    order = models.PositiveIntegerField(_("thứ tự"), default=0)

    class Meta:
        verbose_name = _("chỉ tiêu")
        verbose_name_plural = _("chỉ tiêu")
        ordering = ["pillar__order", "order", "code"]

    def __str__(self) -> str:
        return f"{self.code} – {self.name_vi}"


class Placement(models.Model):
    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="placements")
    framework_pillar = models.ForeignKey(FrameworkPillar, on_delete=models.CASCADE)
    ref = models.CharField(_("số hiệu trong bộ"), max_length=32, blank=True)

    class Meta:
        verbose_name = _("vị trí trong bộ chỉ số")
        verbose_name_plural = _("vị trí trong bộ chỉ số")
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "framework_pillar"], name="placement_indicator_pillar"
            )
        ]

    def __str__(self) -> str:
        return f"{self.indicator.code} @ {self.framework_pillar}"


class Target(models.Model):
    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="targets")
    org_unit_code = models.CharField(
        _("mã đơn vị"), max_length=32, help_text=_("VN: mục tiêu quốc gia")
    )
    year = models.PositiveIntegerField(_("năm"))
    operator = models.CharField(_("so sánh"), max_length=2, choices=_choices(engine.TargetOperator))
    value = ExactDecimalField(_("giá trị"), **AMOUNT)
    source = models.CharField(_("văn bản"), max_length=255)
    note = models.TextField(_("ghi chú"), blank=True)

    class Meta:
        verbose_name = _("mục tiêu")
        verbose_name_plural = _("mục tiêu")
        ordering = ["indicator", "year"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "org_unit_code", "year"], name="target_indicator_org_year"
            )
        ]

    def __str__(self) -> str:
        return (
            f"{self.indicator.code} {self.org_unit_code} {self.year} {self.operator} {self.value}"
        )


# --- reporting regimes (engine.domain.regimes) ------------------------------------------------

REGIME_LABELS_VI = {
    "month": _("tháng"),
    "quarter": _("quý"),
    "half": _("6 tháng"),
    "year": _("năm"),
    "day": _("ngày"),
    "calendar": _("lịch dương (tháng, quý theo lịch)"),
    "nd09": _("ngày chốt theo NĐ 09 (15 tháng trước đến 14)"),
    "commune": _("cấp xã"),
    "district": _("cấp huyện"),
    "department": _("sở, ban, ngành"),
    "compiler": _("đơn vị tổng hợp"),
    "province": _("tỉnh"),
}


def _regime_choices(values: list[str]) -> list[tuple[str, Any]]:
    return [(value, REGIME_LABELS_VI.get(value, value)) for value in values]


class DataSet(models.Model):
    """A reporting regime ("chế độ báo cáo"). Units are named by code, not linked: the
    catalogue is loaded independently of the org units, and a code's unit changes over time."""

    code = models.CharField(_("mã"), max_length=64, unique=True)
    name_vi = models.CharField(_("tên"), max_length=500)
    name_en = models.CharField(_("tên tiếng Anh"), max_length=500)
    legal_basis = models.TextField(_("căn cứ"))
    period_type = models.CharField(
        _("loại kỳ"),
        max_length=16,
        choices=_regime_choices([t.value for t in regimes.ALLOWED_CALENDARS]),
    )
    calendar = models.CharField(
        _("lịch"), max_length=16, choices=_regime_choices([c.value for c in Calendar])
    )
    levels = models.JSONField(_("cấp báo cáo"), default=list)
    departments = models.JSONField(_("sở, ngành báo cáo (trống: tất cả)"), default=list, blank=True)
    compilers = models.JSONField(
        _("đơn vị tổng hợp (đơn vị đầu tiên còn hiệu lực)"), default=list, blank=True
    )
    order = models.PositiveIntegerField(_("thứ tự"), default=0)

    class Meta:
        verbose_name = _("chế độ báo cáo")
        verbose_name_plural = _("chế độ báo cáo")
        ordering = ["order", "code"]

    def __str__(self) -> str:
        return f"{self.code} – {self.name_vi}"


class ValidationRule(models.Model):
    """A validation rule of the catalogue file; its language is engine.rules (docs/rules.md)."""

    code = models.CharField(_("mã"), max_length=64, unique=True)
    name_vi = models.CharField(_("tên"), max_length=255)
    expression = models.TextField(_("biểu thức"))
    severity = models.CharField(
        _("mức độ"), max_length=8, choices=_SEVERITY_CHOICES, default="error"
    )
    missing = models.CharField(
        _("khi thiếu số liệu"), max_length=8, choices=_MISSING_CHOICES, default="skip"
    )
    message_vi = models.TextField(_("thông báo"), blank=True)
    order = models.PositiveIntegerField(_("thứ tự"), default=0)

    class Meta:
        verbose_name = _("quy tắc kiểm tra")
        verbose_name_plural = _("quy tắc kiểm tra")
        ordering = ["order", "code"]

    def __str__(self) -> str:
        return f"{self.code} – {self.name_vi}"


class DataSetIndicator(models.Model):
    dataset = models.ForeignKey(DataSet, on_delete=models.CASCADE, related_name="entries")
    indicator = models.ForeignKey(
        Indicator, verbose_name=_("chỉ tiêu"), on_delete=models.PROTECT, related_name="+"
    )
    categories = models.ManyToManyField(Category, verbose_name=_("phân tổ"), blank=True)
    order = models.PositiveIntegerField(_("thứ tự"), default=0)

    class Meta:
        verbose_name = _("chỉ tiêu của chế độ báo cáo")
        verbose_name_plural = _("chỉ tiêu của chế độ báo cáo")
        ordering = ["dataset", "order"]
        constraints = [
            models.UniqueConstraint(fields=["dataset", "indicator"], name="dataset_indicator")
        ]

    def __str__(self) -> str:
        return f"{self.dataset.code} / {self.indicator.code}"


class DataSetDeadline(models.Model):
    dataset = models.ForeignKey(DataSet, on_delete=models.CASCADE, related_name="deadlines")
    stage = models.CharField(
        _("bước"), max_length=16, choices=_regime_choices([s.value for s in regimes.Stage])
    )
    days = models.PositiveIntegerField(_("số ngày sau ngày chốt số liệu"))

    class Meta:
        verbose_name = _("hạn báo cáo")
        verbose_name_plural = _("hạn báo cáo")
        ordering = ["dataset", "days"]
        constraints = [
            models.UniqueConstraint(fields=["dataset", "stage"], name="dataset_deadline_stage")
        ]

    def __str__(self) -> str:
        return f"{self.dataset.code} {self.stage}: +{self.days}"
