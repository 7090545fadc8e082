"""The register of report numbers: each issuing body's numbers run from 01 every calendar
year (Nghị định 30/2020/NĐ-CP, Điều 15), one number for a unit's report of a period. The
issuing body is the one of the reporting unit (``issuer``, the unit's official code: each
district's office has its own register under the same symbol)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from chuyendoiso.orgunits.models import OrgUnit


class RegisterYear(models.Model):
    """The next number of one issuer's symbol ("BC-SKHCN") in one year; set when numbers
    were issued outside the platform (``cds register``)."""

    issuer = models.CharField(_("đơn vị ban hành"), max_length=32)
    symbol = models.CharField(_("ký hiệu"), max_length=64)
    year = models.PositiveIntegerField(_("năm"))
    next_number = models.PositiveIntegerField(_("số tiếp theo"), default=1)

    class Meta:
        verbose_name = _("sổ đăng ký số báo cáo")
        verbose_name_plural = _("sổ đăng ký số báo cáo")
        constraints = [
            models.UniqueConstraint(
                fields=["issuer", "symbol", "year"], name="register_issuer_symbol_year"
            )
        ]

    def __str__(self) -> str:
        return f"{self.issuer} {self.symbol} {self.year}: {self.next_number}"


class IssuedReport(models.Model):
    """A number taken from the register for the report of a unit and a period."""

    issuer = models.CharField(_("đơn vị ban hành"), max_length=32)
    symbol = models.CharField(_("ký hiệu"), max_length=64)
    year = models.PositiveIntegerField(_("năm"))
    number = models.PositiveIntegerField(_("số"))
    org_unit = models.ForeignKey(OrgUnit, verbose_name=_("đơn vị"), on_delete=models.PROTECT)
    period = models.CharField(_("kỳ"), max_length=32)
    issued_on = models.DateField(_("ngày ban hành"))

    class Meta:
        verbose_name = _("báo cáo đã cấp số")
        verbose_name_plural = _("báo cáo đã cấp số")
        constraints = [
            models.UniqueConstraint(
                fields=["issuer", "symbol", "year", "number"], name="issued_number"
            ),
            models.UniqueConstraint(fields=["org_unit", "period"], name="issued_report"),
        ]

    def __str__(self) -> str:
        return f"{self.number:02d}/{self.symbol} ({self.issued_on})"


class LetterheadLevel(models.Model):
    """The letterhead of the reports of one level as set on the report's page: ``values``
    holds each field set there (body, number_suffix, signer, signer_name, addressees); a
    field not in it is data/report/vi/letterhead.yaml's, so that a change of the file still
    applies to it."""

    class Level(models.TextChoices):
        PROVINCE = "province", _("tỉnh")
        DISTRICT = "district", _("huyện")
        COMMUNE = "commune", _("xã")

    level = models.CharField(_("cấp"), max_length=16, choices=Level.choices, unique=True)
    values = models.JSONField(_("nội dung"), default=dict, blank=True)

    class Meta:
        verbose_name = _("mẫu đầu văn bản")
        verbose_name_plural = _("mẫu đầu văn bản")

    def __str__(self) -> str:
        return str(self.get_level_display())
