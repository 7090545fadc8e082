from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class OrgUnit(models.Model):
    """A reporting unit: the province, a district, a commune, or a department under the province.

    Official codes repeat across the 2025 reorganisation (province 19 goes on; some new
    communes reuse an old commune's code), so a unit is identified by (code, structure).
    A unit that goes on across the reorganisation, such as the province itself or a
    department, has an empty structure.
    """

    class Level(models.TextChoices):
        PROVINCE = "province", _("Tỉnh")
        DISTRICT = "district", _("Huyện")
        COMMUNE = "commune", _("Xã")
        DEPARTMENT = "department", _("Sở, ban, ngành")

    class Structure(models.TextChoices):
        CONTINUING = "", _("Liên tục")
        BEFORE_2025 = "before_2025", _("Trước 01/7/2025")
        FROM_2025 = "from_2025", _("Từ 01/7/2025")

    code = models.CharField(_("mã"), max_length=32, db_index=True)
    name = models.CharField(_("tên"), max_length=255)
    name_en = models.CharField(_("tên tiếng Anh"), max_length=255, blank=True)
    kind_vi = models.CharField(_("loại"), max_length=64, blank=True)
    level = models.CharField(_("cấp"), max_length=16, choices=Level.choices)
    structure = models.CharField(
        _("cơ cấu"), max_length=16, choices=Structure.choices, blank=True, default=""
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("đơn vị cấp trên"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    path = models.CharField(max_length=255, db_index=True, editable=False, default="")
    province = models.ForeignKey(
        "self",
        verbose_name=_("tỉnh"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
        help_text="The province the unit belongs to (itself for a province), for grouping.",
    )
    valid_from = models.DateField(_("hiệu lực từ"), null=True, blank=True)
    valid_to = models.DateField(_("hiệu lực đến"), null=True, blank=True)
    source = models.CharField(_("nguồn"), max_length=255, blank=True)

    class Meta:
        verbose_name = pgettext_lazy("trường", "đơn vị")
        verbose_name_plural = pgettext_lazy("trường", "đơn vị")
        ordering = ["path"]
        constraints = [
            models.UniqueConstraint(fields=["code", "structure"], name="orgunit_code_structure"),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class OrgUnitMapping(models.Model):
    """The official old-to-new correspondence of the 1 July 2025 reorganisation."""

    old = models.ForeignKey(OrgUnit, on_delete=models.CASCADE, related_name="mapped_to")
    new = models.ForeignKey(OrgUnit, on_delete=models.CASCADE, related_name="mapped_from")
    is_primary = models.BooleanField(_("phần chính"), default=True)

    class Meta:
        verbose_name = _("chuyển đổi đơn vị")
        verbose_name_plural = _("chuyển đổi đơn vị cũ sang mới")
        constraints = [models.UniqueConstraint(fields=["old", "new"], name="orgunit_mapping_pair")]

    def __str__(self) -> str:
        return f"{self.old} → {self.new}"
