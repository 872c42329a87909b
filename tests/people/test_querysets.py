"""The postings' queryset: who held a post on a given day, and who is each commune's Party secretary."""

import datetime as dt

import pytest

from cadre.people.models import Posting
from tests.people.factories import make_official, post
from tests.rotation.registry import communes

HAI_PHONG = "31"
START = dt.date(2025, 7, 1)
HANDOVER = dt.date(2026, 3, 1)  # the new holder's first day; the old one's last day is the day before
LAST_DAY = HANDOVER - dt.timedelta(days=1)


def _held(day) -> set[tuple[str, str]]:
    """(name, commune) of every posting held on `day`."""
    return set(Posting.objects.held_on(day).values_list("official__full_name", "commune_id"))


@pytest.fixture
def moved(geography):
    """One officer in commune A from START, moved to commune B on HANDOVER (the A posting closes the day before)."""
    a, b = communes(HAI_PHONG, 2)
    official = make_official("Chuyên Viên Chuyển")
    post(official, "cv_van_phong", commune=a, start=START)
    post(official, "cv_van_phong", commune=b, start=HANDOVER)
    return a, b


def test_a_posting_is_held_from_its_first_day_to_its_last_day(moved):
    a, b = moved
    assert _held(START - dt.timedelta(days=1)) == set()
    assert _held(START) == {("Chuyên Viên Chuyển", a)}
    assert _held(LAST_DAY) == {("Chuyên Viên Chuyển", a)}  # still in A on the last day, not yet in B
    assert _held(HANDOVER) == {("Chuyên Viên Chuyển", b)}


def test_an_open_posting_is_held_on_any_later_day_and_is_the_current_one(moved):
    _a, b = moved
    assert _held(dt.date(2040, 1, 1)) == {("Chuyên Viên Chuyển", b)}
    assert set(Posting.objects.current().values_list("commune_id", flat=True)) == {b}


def test_held_on_chains_with_other_filters(moved):
    a, _b = moved
    assert not Posting.objects.held_on(HANDOVER).filter(commune_id=a).exists()
    assert Posting.objects.held_on(LAST_DAY).filter(commune_id=a).exists()


@pytest.fixture
def handover(geography):
    """Commune A's secretary hands over to a successor on HANDOVER; B keeps its secretary; A also has a deputy."""
    a, b = communes(HAI_PHONG, 2)
    post(make_official("Bí Thư Cũ"), "bi_thu", commune=a, start=START, end=LAST_DAY)
    post(make_official("Bí Thư B"), "bi_thu", commune=b, start=START)
    post(make_official("Bí Thư Mới"), "bi_thu", commune=a, start=HANDOVER)
    post(make_official("Phó Bí Thư A"), "pho_bi_thu", commune=a, start=START)
    return a, b


def _secretaries(postings) -> dict[str, str]:
    """Commune -> its secretary's name, read as the planner and the dashboard read the rows."""
    return {
        commune: name
        for commune, name in postings.secretaries().values_list("commune_id", "official__full_name")
    }


def test_each_commune_has_one_secretary_on_a_day_and_a_deputy_is_not_one(handover):
    a, b = handover
    on_last_day = Posting.objects.held_on(LAST_DAY).secretaries()
    assert on_last_day.count() == 2
    assert _secretaries(Posting.objects.held_on(LAST_DAY)) == {a: "Bí Thư Cũ", b: "Bí Thư B"}
    assert _secretaries(Posting.objects.held_on(HANDOVER)) == {a: "Bí Thư Mới", b: "Bí Thư B"}
    assert _secretaries(Posting.objects.current()) == {a: "Bí Thư Mới", b: "Bí Thư B"}


def test_when_two_secretaries_are_left_open_in_one_commune_the_later_official_is_counted(handover):
    a, b = handover
    stray = make_official("Bí Thư Ghi Trùng")  # a data error: a second open secretary posting in A
    post(stray, "bi_thu", commune=a, start=HANDOVER)
    assert _secretaries(Posting.objects.current()) == {a: "Bí Thư Ghi Trùng", b: "Bí Thư B"}


@pytest.mark.parametrize("later_written_first", [True, False])
def test_when_one_secretary_is_left_open_in_two_communes_the_later_posting_is_counted(
    geography, later_written_first
):
    """The planner reads the secretaries by official: a data error that leaves one person holding two communes
    must give the same commune every time, the one they took up last, in whichever order the rows were written."""
    a, b = communes(HAI_PHONG, 2)
    official = make_official("Bí Thư Hai Nơi")
    postings = [(b, HANDOVER), (a, START)]
    for commune, start in postings if later_written_first else reversed(postings):
        post(official, "bi_thu", commune=commune, start=start)
    by_official = dict(
        Posting.objects.current().secretaries().values_list("official__full_name", "commune_id")
    )
    assert by_official == {"Bí Thư Hai Nơi": b}
