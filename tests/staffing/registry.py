"""A small staffing registry in Hải Phòng: communes near and far, their accountants and quotas. Shared by
the staffing app's tests, the workflow's generic tests, the browser tests and the CLI's tests of
`cadre staffing run`."""

import datetime as dt

import pytest

from cadre.core.geo import haversine_km
from cadre.geo.models import Commune
from cadre.people.services import ensure_positions
from cadre.staffing.models import PositionQuota
from tests.people.factories import make_official, post, rate

HAI_PHONG, LAI_CHAU = "31", "12"
ON = dt.date(2026, 7, 1)


def near_and_far():
    """Two Hải Phòng communes within 30 km of each other, and one more than 30 km from both."""
    communes = list(Commune.objects.filter(province_id=HAI_PHONG).order_by("code"))
    a = communes[0]
    km = {c.code: float(haversine_km(a.latitude, a.longitude, c.latitude, c.longitude)) for c in communes}
    b = next(c for c in communes if 3 < km[c.code] < 25)
    far = next(
        c
        for c in communes
        if km[c.code] > 45 and float(haversine_km(b.latitude, b.longitude, c.latitude, c.longitude)) > 45
    )
    return a.code, b.code, far.code


def accountant(name, commune, ratings=None):
    official = make_official(name, birthplace=commune, raised=commune)
    post(official, "cv_tai_chinh", commune=commune, start=dt.date(2020, 1, 1))
    rate(official, ratings or {2025: "HTTNV"})
    return official


@pytest.fixture(name="registry")
def fixture_registry(geography):
    """A has three accountants for a quota of one; B, near A, has none for a quota of two; FAR has none for
    one. One of A's accountants was rated only HTNV last year. (Imported as `fixture_registry`, asked for as
    `registry`, so that no test's argument shadows the import.)"""
    ensure_positions()  # after a browser test's flush the list of posts is empty
    a, b, far = near_and_far()
    for code in (a, b, far):
        PositionQuota.objects.create(commune_id=code, position_id="cv_tai_chinh", quota=1)
    PositionQuota.objects.filter(commune_id=b).update(quota=2)
    people = [
        accountant("Kế Toán Một", a),
        accountant("Kế Toán Hai", a),
        accountant("Kế Toán Ba", a, {2025: "HTNV"}),
    ]
    return {"a": a, "b": b, "far": far, "people": people}
