"""Administrative units: the two-tier units in force since 1 July 2025 and the pre-2025 three-tier ones."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class UnitKind(models.TextChoices):
    PROVINCE = "tinh", _("Province")
    CITY = "thanh_pho", _("City")
    URBAN_DISTRICT = "quan", _("Urban district")
    DISTRICT = "huyen", _("District")
    TOWN = "thi_xa", _("Town")
    TOWNSHIP = "thi_tran", _("Township")
    COMMUNE = "xa", _("Commune")
    WARD = "phuong", _("Ward")
    SPECIAL_ZONE = "dac_khu", _("Special zone")


class ReferenceQuerySet(models.QuerySet):
    """Reference data (the administrative units, the list of posts): every signed-in user reads all of it,
    whatever their role. The same `restrict(user, action)` as the scoped models' (`accounts.permissions`), so a
    generic list view asks every model alike."""

    def restrict(self, user, action: str):
        return self if getattr(user, "is_authenticated", False) else self.none()


class Unit(models.Model):
    """Fields every administrative unit has. `search_key` is the name without case or diacritics."""

    code = models.CharField(_("code"), max_length=8, primary_key=True)
    name = models.CharField(_("name"), max_length=100)
    kind = models.CharField(_("type"), max_length=10, choices=UnitKind.choices)
    latitude = models.FloatField(_("latitude"))
    longitude = models.FloatField(_("longitude"))
    search_key = models.CharField(max_length=100, db_index=True, editable=False)
    aliases = models.JSONField(default=list, blank=True, editable=False)

    objects = ReferenceQuerySet.as_manager()

    class Meta:
        abstract = True
        ordering = ["code"]

    def __str__(self):
        return self.name


class Province(Unit):
    """Tỉnh / thành phố trực thuộc trung ương: one of the 34 province-level units since 1 July 2025."""

    area_km2 = models.FloatField(_("area (km²)"), null=True, blank=True)

    class Meta(Unit.Meta):
        verbose_name = _("province")
        verbose_name_plural = _("provinces")


class Commune(Unit):
    """Xã / phường / đặc khu: one of the 3,321 commune-level units since 1 July 2025."""

    province = models.ForeignKey(
        Province, on_delete=models.PROTECT, related_name="communes", verbose_name=_("province")
    )
    area_km2 = models.FloatField(_("area (km²)"), null=True, blank=True)

    class Meta(Unit.Meta):
        verbose_name = _("commune")
        verbose_name_plural = _("communes")
        indexes = [models.Index(fields=["province", "name"])]


class LegacyProvince(Unit):
    """A province-level unit before 1 July 2025 (63 of them), and the new province it went into."""

    new_province = models.ForeignKey(Province, on_delete=models.PROTECT, related_name="legacy_provinces")

    class Meta(Unit.Meta):
        verbose_name = _("former province")
        verbose_name_plural = _("former provinces")


class LegacyDistrict(Unit):
    """Huyện / quận / thị xã / thành phố thuộc tỉnh: the district level abolished on 1 July 2025."""

    province = models.ForeignKey(LegacyProvince, on_delete=models.PROTECT, related_name="districts")

    class Meta(Unit.Meta):
        verbose_name = _("former district")
        verbose_name_plural = _("former districts")


class LegacyCommune(Unit):
    """A commune-level unit before 1 July 2025. The five island districts that had no communes appear
    here as units of their own, coded "D" + the district code."""

    district = models.ForeignKey(LegacyDistrict, on_delete=models.PROTECT, related_name="communes")
    new_communes = models.ManyToManyField(
        Commune, through="LegacyCommuneLink", related_name="legacy_communes"
    )

    class Meta(Unit.Meta):
        verbose_name = _("former commune")
        verbose_name_plural = _("former communes")


class LegacyCommuneLink(models.Model):
    """A pre-2025 commune went (wholly or in part) into this new commune; `is_default` marks the one to use
    when nothing more precise is known."""

    legacy_commune = models.ForeignKey(LegacyCommune, on_delete=models.CASCADE, related_name="links")
    commune = models.ForeignKey(Commune, on_delete=models.PROTECT, related_name="legacy_links")
    is_default = models.BooleanField(default=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["legacy_commune", "commune"], name="geo_link_unique"),
            models.UniqueConstraint(
                fields=["legacy_commune"], condition=Q(is_default=True), name="geo_link_one_default"
            ),
        ]

    def __str__(self):
        return f"{self.legacy_commune_id} → {self.commune_id}{' (default)' if self.is_default else ''}"


class GeographySource(models.Model):
    """What the geography tables were last loaded from, and when."""

    package = models.CharField(max_length=50)
    version = models.CharField(max_length=20)
    in_force_from = models.DateField(_("in force from"))
    loaded_at = models.DateTimeField(_("loaded at"), auto_now=True)

    def __str__(self):
        return f"{self.package} {self.version}"
