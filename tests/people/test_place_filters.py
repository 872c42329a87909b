"""Choosing a place in a list's filters by its name, as an official types it: with or without diacritics, new or
former names ("Tứ Kỳ", the former district, finds its communes), only the places of the user's own scope offered,
"Tất cả" when nothing is chosen, and a name nobody answers to said so."""

import datetime as dt
import re

import pytest
from django.urls import reverse

from cadre.geo.models import Commune, LegacyCommuneLink
from tests.people.factories import make_official, post
from tests.users import make_user

pytestmark = pytest.mark.usefixtures("geography")
HAI_PHONG, HA_NOI = "31", "01"


def tu_ky_communes() -> set[str]:
    """The communes that took in a commune of the former district Tứ Kỳ (Hải Dương, now Hải Phòng)."""
    return set(
        LegacyCommuneLink.objects.filter(legacy_commune__district__name="Huyện Tứ Kỳ").values_list(
            "commune_id", flat=True
        )
    )


@pytest.fixture
def people():
    inside = sorted(tu_ky_communes())
    outside = (
        Commune.objects.filter(province_id=HAI_PHONG).exclude(code__in=inside).order_by("code").first().code
    )
    ha_noi = Commune.objects.filter(province_id=HA_NOI).order_by("code").first().code
    placed = {}
    for name, commune in (("Người Tứ Kỳ", inside[0]), ("Người Nơi Khác", outside), ("Người Hà Nội", ha_noi)):
        placed[name] = make_official(name)
        post(placed[name], "cv_van_phong", commune=commune, start=dt.date(2020, 1, 1))
    return placed


def listed(client, **params) -> list[str]:
    response = client.get(reverse("people:official_list"), params)
    assert response.status_code == 200
    return sorted(o.full_name for o in response.context["table"].data)


def signed_in_as_province_officer(client):
    client.force_login(make_user("bto-hp", role="board_officer", scope=HAI_PHONG))
    return client


@pytest.mark.parametrize("typed", ["Tứ Kỳ", "tu ky", "TU KY", "Huyện Tứ Kỳ"])
def test_a_former_districts_name_finds_the_people_of_its_communes(client, people, typed):
    signed_in_as_province_officer(client)
    assert listed(client, commune=typed) == ["Người Tứ Kỳ"]


def test_a_communes_name_with_or_without_diacritics_finds_its_people(client, people):
    signed_in_as_province_officer(client)
    name = Commune.objects.get(code=sorted(tu_ky_communes())[0]).name
    plain = name.replace("Xã ", "").replace("Phường ", "")
    assert "Người Tứ Kỳ" in listed(client, commune=plain)
    from cadre.core.place_names import fold

    assert "Người Tứ Kỳ" in listed(client, commune=fold(plain))
    assert "Người Tứ Kỳ" in listed(
        client, commune=sorted(tu_ky_communes())[0]
    )  # a code still works (API links)


def test_a_name_nobody_answers_to_is_said_so_not_an_empty_list(client, people):
    signed_in_as_province_officer(client)
    response = client.get(reverse("people:official_list"), {"commune": "Không Có Xã Này"})
    html = response.content.decode()
    assert 'class="field-error"' in html and "Không Có Xã Này" in html
    assert response.context["table"].paginator.count == 0


def test_a_province_officer_is_offered_their_province_only_and_all_says_tat_ca(client, people):
    signed_in_as_province_officer(client)
    html = client.get(reverse("people:official_list")).content.decode()
    province = html.split('name="province"')[1].split("</select>")[0]
    assert re.findall(r"<option[^>]*>([^<]*)</option>", province) == ["Tất cả", "Thành phố Hải Phòng"]
    assert "---------" not in html
    names = html.split("<datalist")[1].split("</datalist>")[0]
    assert 'value="Huyện Tứ Kỳ" label="huyện cũ"' in names  # the former district, hinted as such
    ha_noi = Commune.objects.filter(province_id=HA_NOI).values_list("name", flat=True)
    hai_phong = set(Commune.objects.filter(province_id=HAI_PHONG).values_list("name", flat=True))
    offered = set(re.findall(r'<option value="([^"]*)"></option>', names))
    assert offered == hai_phong and not (offered & (set(ha_noi) - hai_phong))
    # Another province's code is refused as a choice, and nobody from there is listed.
    assert listed(client, province=HA_NOI) == []
    assert "Người Hà Nội" not in listed(client, commune="Hà Nội")


@pytest.mark.parametrize("typed", ["hai phong", "Hải Phòng", "Hải Dương", "hai duong"])
def test_a_province_is_found_by_its_name_or_a_former_provinces(client, typed):
    client.force_login(make_user())
    response = client.get(reverse("geo:province_list"), {"q": typed})
    assert [p.name for p in response.context["table"].data] == ["Thành phố Hải Phòng"]
