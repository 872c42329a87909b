"""Who may do what, where: a role given to a user over a scope (the whole country, a province or a commune)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from cadre.geo.models import Commune, Province


class Role(models.TextChoices):
    MINISTRY_VIEWER = "ministry_viewer", _("Ministry viewer (Bộ Nội vụ, chỉ xem)")
    BOARD_OFFICER = "board_officer", _("Organisation Board officer (Ban Tổ chức Tỉnh ủy)")
    STANDING_MEMBER = "standing_member", _("Standing Committee member (Ban Thường vụ Tỉnh ủy)")
    HOME_AFFAIRS = "home_affairs", _("Department of Home Affairs officer (Sở Nội vụ)")
    COMMUNE_LEADER = "commune_leader", _("Commune leader (lãnh đạo cấp xã: kế hoạch công tác)")
    COMMUNE_USER = "commune_user", _("Commune user (cấp xã, chỉ xem)")
    ADMINISTRATOR = "administrator", _("Administrator (quản trị)")


class RoleGrant(models.Model):
    """A role over a scope: no province and no commune is the whole country; a commune implies its province."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, models.CASCADE, related_name="grants")
    role = models.CharField(_("role (vai trò)"), max_length=20, choices=Role.choices)
    province = models.ForeignKey(
        Province, models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("province")
    )
    commune = models.ForeignKey(
        Commune, models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("commune")
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("role grant (phân quyền)")
        verbose_name_plural = _("role grants (phân quyền)")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(commune__isnull=True) | models.Q(province__isnull=False),
                name="commune_grant_names_its_province",
            ),
        ]

    def __str__(self):
        return f"{self.user} · {self.role} · {self.scope_code}"

    @property
    def scope_code(self) -> str:
        return self.commune_id or self.province_id or "VN"


class FailedLogin(models.Model):
    """One sign-in attempt for a user name from one client address, kept until it succeeds: enough of them in
    a short time lock the name, from that address, for a while."""

    username = models.CharField(max_length=150, db_index=True)
    address = models.CharField(max_length=45, blank=True, default="")  # IPv4 or IPv6, as the server saw it
    at = models.DateTimeField(auto_now_add=True, db_index=True)

    def __str__(self):
        return f"{self.username} {self.at:%Y-%m-%d %H:%M:%S}"


class OneTimePassword(models.Model):
    """The user's password was given to them by someone else (printed by `cadre users create` or
    `cadre users reset-password`): until they choose their own, they may do nothing but change it. The row is
    the flag; changing the password deletes it."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, models.CASCADE, primary_key=True, related_name="one_time_password"
    )
    issued_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("one-time password (mật khẩu dùng một lần)")
        verbose_name_plural = _("one-time passwords (mật khẩu dùng một lần)")

    def __str__(self):
        return f"{self.user} {self.issued_at:%Y-%m-%d %H:%M}"
