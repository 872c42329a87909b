import django_filters
from django import forms
from django.db.models import Q, Value
from django.db.models.functions import Concat
from django.utils.translation import gettext_lazy as _

from cadre.core.place_names import fold

from .models import Commune, LegacyCommuneLink, Province, UnitKind

MAX_PLACE_TEXT = 100  # characters of a typed place name: longer than any unit's name with its type


def _starts_a_word(queryset, field: str, folded: str):
    """`queryset` where the folded name in `field` has a word starting with `folded` ("tu ky" is in
    "huyen tu ky", "an" is not in "thanh")."""
    return queryset.annotate(_words=Concat(Value(" "), field)).filter(_words__contains=f" {folded}")


def communes_named(text: str, communes=None):
    """The communes a person means by `text`: a commune's code, or words of its name, of a former commune that
    went into it, or of the former district it came from ("Tứ Kỳ" finds the communes of the former district Tứ
    Kỳ), without case or diacritics. Nothing typed: every commune."""
    communes = Commune.objects.all() if communes is None else communes
    text = (text or "").strip()[:MAX_PLACE_TEXT]
    folded = fold(text)
    if not folded:
        return communes
    links = LegacyCommuneLink.objects.all()
    return communes.filter(
        Q(code=text)
        | Q(code__in=_starts_a_word(Commune.objects.all(), "search_key", folded).values("code"))
        | Q(code__in=_starts_a_word(links, "legacy_commune__search_key", folded).values("commune_id"))
        | Q(
            code__in=_starts_a_word(links, "legacy_commune__district__search_key", folded).values(
                "commune_id"
            )
        )
    )


def provinces_named(text: str, provinces=None):
    """The provinces a person means by `text`: a code, or words of the name or of a former province that went
    into it ("hai phong" and "Hải Dương" both find Hải Phòng)."""
    provinces = Province.objects.all() if provinces is None else provinces
    text = (text or "").strip()[:MAX_PLACE_TEXT]
    folded = fold(text)
    if not folded:
        return provinces
    return provinces.filter(
        Q(code=text)
        | Q(code__in=_starts_a_word(Province.objects.all(), "search_key", folded).values("code"))
        | Q(
            code__in=_starts_a_word(Province.objects.all(), "legacy_provinces__search_key", folded).values(
                "code"
            )
        )
    )


class PlaceField(forms.CharField):
    """A typed place name: refused, with the name, when no commune (or province) answers to it, so that a
    misspelt name says so instead of showing an empty list."""

    def __init__(self, *args, level: str = "commune", **kwargs):
        self.level = level
        super().__init__(*args, **kwargs)

    def clean(self, value):
        value = super().clean(value)
        if fold(value or ""):
            places = communes_named(value) if self.level == "commune" else provinces_named(value)
            if not places.exists():
                raise forms.ValidationError(
                    _("No commune or former district is called “%(name)s”.")
                    if self.level == "commune"
                    else _("No province or city, former or current, is called “%(name)s”."),
                    params={"name": value},
                )
        return value


class PlaceFilter(django_filters.CharFilter):
    """A commune or a province typed by name (`communes_named`, `provinces_named`), or given by its code (the
    API's and the dashboard's links). `field_name` is the lookup to the commune or the province."""

    field_class = PlaceField

    def __init__(self, *args, level: str = "commune", **kwargs):
        self.level = level
        kwargs.setdefault("max_length", MAX_PLACE_TEXT)
        super().__init__(*args, level=level, **kwargs)

    def filter(self, qs, value):
        if not fold(value or ""):
            return qs
        places = communes_named(value) if self.level == "commune" else provinces_named(value)
        return qs.filter(**{f"{self.field_name}__in": places.values("code")})


class UnitSearchFilter(django_filters.CharFilter):
    """Matches the code or the name, ignoring case and diacritics ("thanh binh" finds "Thanh Bình"); a province
    also by a former province that went into it, a commune by a former commune or district ("Tứ Kỳ")."""

    def filter(self, qs, value):
        if not fold(value or ""):
            return qs
        if qs.model is Province:
            return provinces_named(value, qs)
        return communes_named(value, qs)


class ProvinceFilterSet(django_filters.FilterSet):
    q = UnitSearchFilter(label=_("Search"))

    class Meta:
        model = Province
        fields = ["q"]


class CommuneFilterSet(django_filters.FilterSet):
    q = UnitSearchFilter(label=_("Search"))
    province = django_filters.ModelChoiceFilter(
        queryset=Province.objects.order_by("name"), label=_("Province or city"), empty_label=_("All")
    )
    kind = django_filters.ChoiceFilter(
        choices=[(k.value, k.label) for k in (UnitKind.COMMUNE, UnitKind.WARD, UnitKind.SPECIAL_ZONE)],
        label=_("Type"),
        empty_label=_("All"),
    )

    class Meta:
        model = Commune
        fields = ["q", "province", "kind"]
