from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from chuyendoiso.access.presenters import ROLE_LABELS
from chuyendoiso.engine.domain.access import Role


class Membership(models.Model):
    """A user's role on an org unit; a user may hold several (engine/domain/access.py says
    what each role may do where)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người dùng"),
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    org_unit = models.ForeignKey(
        "orgunits.OrgUnit",
        verbose_name=pgettext_lazy("trường", "đơn vị"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    role = models.CharField(
        _("vai trò"), max_length=16, choices=[(role.value, ROLE_LABELS[role]) for role in Role]
    )
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)

    class Meta:
        verbose_name = _("vai trò của người dùng")
        verbose_name_plural = _("vai trò của người dùng")
        ordering = ["user__username", "org_unit__path", "role"]
        constraints = [
            models.UniqueConstraint(fields=["user", "org_unit", "role"], name="membership_once"),
        ]

    def __str__(self) -> str:
        return f"{self.user} · {ROLE_LABELS[Role(self.role)]} · {self.org_unit}"


class ApiToken(models.Model):
    """A machine client's key: it acts as its user. Only the SHA-256 digest of the secret is
    kept; the short prefix, part of the secret, names the token in lists and commands."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người dùng"),
        on_delete=models.CASCADE,
        related_name="api_tokens",
    )
    name = models.CharField(_("tên"), max_length=100)
    prefix = models.CharField(_("tiền tố"), max_length=16, unique=True)
    digest = models.CharField(_("mã băm SHA-256"), max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("dùng lần cuối"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("thu hồi lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("khóa API")
        verbose_name_plural = _("khóa API")
        ordering = ["user__username", "created_at"]

    def __str__(self) -> str:
        return f"{self.prefix} {self.name} ({self.user})"
