"""Persistence of the indicator catalogue; the meaning of each field is in engine.catalog."""

from enum import StrEnum

from django.db import models

from chuyendoiso.engine.domain import catalog as engine
from chuyendoiso.engine.domain import regimes
from chuyendoiso.engine.domain.datavalues import category_option_code
from chuyendoiso.engine.domain.periods import Calendar
from chuyendoiso.fields import AMOUNT, ExactDecimalField

LABELS_VI = {
    engine.MeasureUnit.COUNT: "số lượng",
    engine.MeasureUnit.PERCENT: "phần trăm (%)",
    engine.MeasureUnit.VND: "đồng",
    engine.MeasureUnit.PER_MONTH: "số lượng mỗi tháng",
    engine.MeasureUnit.SCORE: "điểm",
    engine.MeasureUnit.RANK: "thứ hạng",
    engine.ValueType.COUNT: "đếm",
    engine.ValueType.AMOUNT: "số tiền",
    engine.ValueType.PERCENT: "tỷ lệ nêu sẵn",
    engine.ValueType.RATIO: "tỷ lệ tử số/mẫu số",
    engine.OrgAggregation.SUM: "cộng",
    engine.OrgAggregation.RATIO: "tính lại từ tử số, mẫu số",
    engine.OrgAggregation.NONE: "không tổng hợp",
    engine.TimeAggregation.FLOW: "cộng dồn trong kỳ",
    engine.TimeAggregation.STOCK: "giá trị cuối kỳ",
    engine.TimeAggregation.RATE_PER_MONTH: "bình quân mỗi tháng",
    engine.Direction.UP: "càng cao càng tốt",
    engine.Direction.DOWN: "càng thấp càng tốt",
    engine.Direction.NONE: "không xét",
}
# labels of the rules' fields apart: "error" is both a severity and a missing policy
_SEVERITY_CHOICES = [("error", "lỗi (chặn)"), ("warning", "cảnh báo")]
_MISSING_CHOICES = [
    ("skip", "bỏ qua quy tắc"),
    ("zero", "coi là 0"),
    ("error", "quy tắc không đạt"),
]


def _choices(enum: type[StrEnum]) -> list[tuple[str, str]]:
    return [(member.value, LABELS_VI.get(member, member.value)) for member in enum]


class Pillar(models.Model):
    code = models.CharField("mã", max_length=32, unique=True)
    name_vi = models.CharField("tên", max_length=255)
    name_en = models.CharField("tên tiếng Anh", max_length=255)
    order = models.PositiveIntegerField("thứ tự", default=0)

    class Meta:
        verbose_name = "trụ cột"
        verbose_name_plural = "trụ cột"
        ordering = ["order", "code"]

    def __str__(self) -> str:
        return self.name_vi


class Framework(models.Model):
    code = models.CharField("mã", max_length=32, unique=True)
    name_vi = models.CharField("tên", max_length=255)
    name_en = models.CharField("tên tiếng Anh", max_length=255)
    source = models.CharField("văn bản", max_length=255)
    valid_from = models.DateField("hiệu lực từ")
    valid_to = models.DateField("hiệu lực đến", null=True, blank=True)

    class Meta:
        verbose_name = "bộ chỉ số"
        verbose_name_plural = "bộ chỉ số"
        ordering = ["valid_from", "code"]

    def __str__(self) -> str:
        return self.name_vi


class FrameworkPillar(models.Model):
    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="pillars")
    code = models.CharField("mã", max_length=32)
    name_vi = models.CharField("tên", max_length=255)
    name_en = models.CharField("tên tiếng Anh", max_length=255)
    order = models.PositiveIntegerField("thứ tự", default=0)

    class Meta:
        verbose_name = "trụ cột của bộ chỉ số"
        verbose_name_plural = "trụ cột của bộ chỉ số"
        ordering = ["framework", "order"]
        constraints = [
            models.UniqueConstraint(fields=["framework", "code"], name="framework_pillar_code")
        ]

    def __str__(self) -> str:
        return f"{self.framework.code} / {self.name_vi}"


class Category(models.Model):
    code = models.CharField("mã", max_length=32, unique=True)
    name_vi = models.CharField("tên", max_length=255)
    name_en = models.CharField("tên tiếng Anh", max_length=255)

    class Meta:
        verbose_name = "phân tổ"
        verbose_name_plural = "phân tổ"
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name_vi


class CategoryOption(models.Model):
    category = models.ForeignKey(Category, on_delete=models.CASCADE, related_name="options")
    code = models.CharField("mã", max_length=32)
    name_vi = models.CharField("tên", max_length=255)
    name_en = models.CharField("tên tiếng Anh", max_length=255)
    order = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = "phương án phân tổ"
        verbose_name_plural = "phương án phân tổ"
        ordering = ["category", "order"]
        constraints = [
            models.UniqueConstraint(fields=["category", "code"], name="category_option_code")
        ]

    def __str__(self) -> str:
        return category_option_code(self.category.code, self.code)


class Indicator(models.Model):
    code = models.CharField("mã", max_length=64, unique=True)
    name_vi = models.CharField("tên", max_length=500)
    name_en = models.CharField("tên tiếng Anh", max_length=500)
    pillar = models.ForeignKey(
        Pillar, verbose_name="trụ cột", on_delete=models.PROTECT, related_name="indicators"
    )
    unit = models.CharField("đơn vị đo", max_length=16, choices=_choices(engine.MeasureUnit))
    unit_label_vi = models.CharField("đơn vị tính", max_length=64, blank=True)
    unit_label_en = models.CharField("đơn vị tính tiếng Anh", max_length=64, blank=True)
    value_type = models.CharField("loại giá trị", max_length=16, choices=_choices(engine.ValueType))
    aggregation_org = models.CharField(
        "tổng hợp theo đơn vị", max_length=16, choices=_choices(engine.OrgAggregation)
    )
    aggregation_time = models.CharField(
        "tổng hợp theo thời gian", max_length=16, choices=_choices(engine.TimeAggregation)
    )
    direction = models.CharField("chiều tốt", max_length=8, choices=_choices(engine.Direction))
    definition_vi = models.TextField("định nghĩa", blank=True)
    definition_en = models.TextField("định nghĩa tiếng Anh", blank=True)
    numerator = models.ForeignKey(
        "self",
        verbose_name="tử số",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    denominator = models.ForeignKey(
        "self",
        verbose_name="mẫu số",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    categories = models.ManyToManyField(Category, verbose_name="phân tổ", blank=True)
    source_system = models.CharField("hệ thống nguồn", max_length=255, blank=True)
    source_system_en = models.CharField("hệ thống nguồn tiếng Anh", max_length=255, blank=True)
    public = models.BooleanField(
        "công khai",
        default=False,
        help_text="Số liệu đã duyệt của chỉ tiêu được công bố trên cổng dữ liệu mở",
    )
    headline = models.BooleanField(
        "chỉ tiêu chính", default=False, help_text="Hiện thành thẻ trên bảng điều khiển"
    )
    order = models.PositiveIntegerField("thứ tự", default=0)

    class Meta:
        verbose_name = "chỉ tiêu"
        verbose_name_plural = "chỉ tiêu"
        ordering = ["pillar__order", "order", "code"]

    def __str__(self) -> str:
        return f"{self.code} – {self.name_vi}"


class Placement(models.Model):
    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="placements")
    framework_pillar = models.ForeignKey(FrameworkPillar, on_delete=models.CASCADE)
    ref = models.CharField("số hiệu trong bộ", max_length=32, blank=True)

    class Meta:
        verbose_name = "vị trí trong bộ chỉ số"
        verbose_name_plural = "vị trí trong bộ chỉ số"
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "framework_pillar"], name="placement_indicator_pillar"
            )
        ]

    def __str__(self) -> str:
        return f"{self.indicator.code} @ {self.framework_pillar}"


class Target(models.Model):
    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="targets")
    org_unit_code = models.CharField("mã đơn vị", max_length=32, help_text="VN: mục tiêu quốc gia")
    year = models.PositiveIntegerField("năm")
    operator = models.CharField("so sánh", max_length=2, choices=_choices(engine.TargetOperator))
    value = ExactDecimalField("giá trị", **AMOUNT)
    source = models.CharField("văn bản", max_length=255)
    note = models.TextField("ghi chú", blank=True)

    class Meta:
        verbose_name = "mục tiêu"
        verbose_name_plural = "mục tiêu"
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
    "month": "tháng",
    "quarter": "quý",
    "half": "6 tháng",
    "year": "năm",
    "day": "ngày",
    "calendar": "lịch dương (tháng, quý theo lịch)",
    "nd09": "ngày chốt theo NĐ 09 (15 tháng trước đến 14)",
    "commune": "cấp xã",
    "district": "cấp huyện",
    "department": "sở, ban, ngành",
    "compiler": "đơn vị tổng hợp",
    "province": "tỉnh",
}


def _regime_choices(values: list[str]) -> list[tuple[str, str]]:
    return [(value, REGIME_LABELS_VI.get(value, value)) for value in values]


class DataSet(models.Model):
    """A reporting regime ("chế độ báo cáo"). Units are named by code, not linked: the
    catalogue is loaded independently of the org units, and a code's unit changes over time."""

    code = models.CharField("mã", max_length=64, unique=True)
    name_vi = models.CharField("tên", max_length=500)
    name_en = models.CharField("tên tiếng Anh", max_length=500)
    legal_basis = models.TextField("căn cứ")
    period_type = models.CharField(
        "loại kỳ",
        max_length=16,
        choices=_regime_choices([t.value for t in regimes.ALLOWED_CALENDARS]),
    )
    calendar = models.CharField(
        "lịch", max_length=16, choices=_regime_choices([c.value for c in Calendar])
    )
    levels = models.JSONField("cấp báo cáo", default=list)
    departments = models.JSONField("sở, ngành báo cáo (trống: tất cả)", default=list, blank=True)
    compilers = models.JSONField(
        "đơn vị tổng hợp (đơn vị đầu tiên còn hiệu lực)", default=list, blank=True
    )
    order = models.PositiveIntegerField("thứ tự", default=0)

    class Meta:
        verbose_name = "chế độ báo cáo"
        verbose_name_plural = "chế độ báo cáo"
        ordering = ["order", "code"]

    def __str__(self) -> str:
        return f"{self.code} – {self.name_vi}"


class ValidationRule(models.Model):
    """A validation rule of the catalogue file; its language is engine.rules (docs/rules.md)."""

    code = models.CharField("mã", max_length=64, unique=True)
    name_vi = models.CharField("tên", max_length=255)
    expression = models.TextField("biểu thức")
    severity = models.CharField("mức độ", max_length=8, choices=_SEVERITY_CHOICES, default="error")
    missing = models.CharField(
        "khi thiếu số liệu", max_length=8, choices=_MISSING_CHOICES, default="skip"
    )
    message_vi = models.TextField("thông báo", blank=True)
    order = models.PositiveIntegerField("thứ tự", default=0)

    class Meta:
        verbose_name = "quy tắc kiểm tra"
        verbose_name_plural = "quy tắc kiểm tra"
        ordering = ["order", "code"]

    def __str__(self) -> str:
        return f"{self.code} – {self.name_vi}"


class DataSetIndicator(models.Model):
    dataset = models.ForeignKey(DataSet, on_delete=models.CASCADE, related_name="entries")
    indicator = models.ForeignKey(
        Indicator, verbose_name="chỉ tiêu", on_delete=models.PROTECT, related_name="+"
    )
    categories = models.ManyToManyField(Category, verbose_name="phân tổ", blank=True)
    order = models.PositiveIntegerField("thứ tự", default=0)

    class Meta:
        verbose_name = "chỉ tiêu của chế độ báo cáo"
        verbose_name_plural = "chỉ tiêu của chế độ báo cáo"
        ordering = ["dataset", "order"]
        constraints = [
            models.UniqueConstraint(fields=["dataset", "indicator"], name="dataset_indicator")
        ]

    def __str__(self) -> str:
        return f"{self.dataset.code} / {self.indicator.code}"


class DataSetDeadline(models.Model):
    dataset = models.ForeignKey(DataSet, on_delete=models.CASCADE, related_name="deadlines")
    stage = models.CharField(
        "bước", max_length=16, choices=_regime_choices([s.value for s in regimes.Stage])
    )
    days = models.PositiveIntegerField("số ngày sau ngày chốt số liệu")

    class Meta:
        verbose_name = "hạn báo cáo"
        verbose_name_plural = "hạn báo cáo"
        ordering = ["dataset", "days"]
        constraints = [
            models.UniqueConstraint(fields=["dataset", "stage"], name="dataset_deadline_stage")
        ]

    def __str__(self) -> str:
        return f"{self.dataset.code} {self.stage}: +{self.days}"
