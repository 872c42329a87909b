"""The movement history: a later posting closes the open one; nothing recorded is ever rewritten."""

import datetime as dt
from dataclasses import replace

from cadre.people.postings import PostingFact, merge_postings

D = dt.date


def fact(position, start, end=None, id=None, commune="10532", track="party", origin=None):
    return PostingFact("031075000001", position, track, "31", None, commune, start, end, id=id, origin=origin)


def test_a_new_posting_closes_the_open_one_the_day_before():
    changes = merge_postings([fact("pho_bi_thu", D(2020, 1, 1), id=7)], [fact("bi_thu", D(2025, 7, 1))])
    assert changes.close == {7: D(2025, 6, 30)}
    assert [f.position for f in changes.create] == ["bi_thu"] and not changes.problems


def test_the_same_posting_given_again_changes_nothing():
    recorded = [fact("bi_thu", D(2025, 7, 1), id=3)]
    changes = merge_postings(recorded, [fact("bi_thu", D(2025, 7, 1))])
    assert (changes.create, changes.close, changes.problems) == ([], {}, [])


def test_an_end_date_closes_an_open_recorded_posting_but_never_changes_a_recorded_one():
    changes = merge_postings(
        [fact("bi_thu", D(2020, 1, 1), id=3)], [fact("bi_thu", D(2020, 1, 1), D(2024, 12, 31))]
    )
    assert changes.close == {3: D(2024, 12, 31)} and not changes.problems
    closed = [fact("bi_thu", D(2020, 1, 1), D(2024, 12, 31), id=3)]
    changes = merge_postings(closed, [fact("bi_thu", D(2020, 1, 1), D(2023, 12, 31), origin="row 9")])
    assert [p.origin for p in changes.problems] == ["row 9"] and not changes.close


def test_overlaps_in_one_track_are_refused_but_other_tracks_may_run_concurrently():
    recorded = [fact("bi_thu", D(2020, 1, 1), D(2024, 12, 31), id=1)]
    overlapping = fact("pho_bi_thu", D(2024, 6, 1), D(2025, 1, 1), origin="row 4")
    concurrent = fact("chu_tich_hdnd", D(2021, 1, 1), track="council")
    changes = merge_postings(recorded, [overlapping, concurrent])
    assert [p.origin for p in changes.problems] == ["row 4"]
    assert [f.position for f in changes.create] == ["chu_tich_hdnd"]
    assert "overlaps" in changes.problems[0].message_en


def test_two_new_postings_starting_the_same_day_in_one_track_conflict():
    changes = merge_postings(
        [], [fact("bi_thu", D(2025, 7, 1)), fact("pho_bi_thu", D(2025, 7, 1), origin="r3")]
    )
    assert len(changes.problems) == 1 and len(changes.create) == 1


def test_a_posting_named_by_its_commune_alone_is_the_recorded_one_whatever_former_district_it_records():
    """An export names a posting's new commune; the former district recorded beside it (which of the communes
    merged in 2025 it was in) cannot be written there, or is read back from the commune when it lies in one
    former district. Either way it is the recorded posting, kept as it is, not a second one overlapping it."""
    in_district = replace(fact("bi_thu", D(2016, 4, 29), D(2022, 5, 29), id=1), district="295")
    open_one = fact("bi_thu", D(2026, 12, 5), id=2)
    incoming = [
        fact("bi_thu", D(2016, 4, 29), D(2022, 5, 29), origin="row 2"),
        replace(fact("bi_thu", D(2026, 12, 5), origin="row 3"), district="291"),
    ]
    changes = merge_postings([in_district, open_one], incoming)
    assert (changes.create, changes.close, changes.problems) == ([], {}, [])


def test_a_posting_at_a_former_district_is_still_told_apart_by_that_district():
    recorded = [
        replace(fact("pho_bi_thu", D(2015, 1, 1), D(2019, 12, 31), id=1, commune=None), district="295")
    ]
    elsewhere = replace(
        fact("pho_bi_thu", D(2015, 1, 1), D(2019, 12, 31), commune=None, origin="r2"), district="291"
    )
    changes = merge_postings(recorded, [elsewhere])
    assert [p.origin for p in changes.problems] == ["r2"]
