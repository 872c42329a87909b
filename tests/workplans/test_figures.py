"""The figures results-based evaluation reads, through the database: a closed month as frozen, a month not yet
closed as it stands (provisional), and the year as the sum of its closed months and the current month."""

import datetime as dt

import pytest

from cadre.core.rules.task_month import Tally
from cadre.geo.models import Commune, Province
from cadre.workplans import closing, figures, services
from tests.people.factories import make_official, post
from tests.workplans.registry import HAI_PHONG, fixture_world, task_input  # noqa: F401

pytestmark = pytest.mark.django_db

JAN, FEB, MAR = dt.date(2026, 1, 1), dt.date(2026, 2, 1), dt.date(2026, 3, 1)


def _province():
    return Province.objects.get(code=HAI_PHONG)


def _second_task(world, **fields):
    """A task of commune A led by the other official, due on 20/02/2026."""
    values = {"title": "Tổng kết công tác dân vận", "deadline": dt.date(2026, 2, 20)} | fields
    return services.create_task(world["plan"], task_input(world["other"], **values), user=world["leader"])


def _plan_of_b(world):
    return services.create_plan(
        user=world["province"],
        commune=Commune.objects.get(code=world["b"]),
        title="Kế hoạch công tác năm 2026 của xã B",
        period_start=dt.date(2026, 1, 1),
        period_end=dt.date(2026, 12, 31),
        source_kind="directive",
        source_number="05-CT/TU",
        source_date=dt.date(2025, 12, 20),
        source_body="Ban Thường vụ Thành ủy Hải Phòng",
    )


def test_an_unreported_task_counts_as_not_done_and_a_done_one_on_time(world):
    second = _second_task(world)
    services.report_progress(
        second, user=world["leader"], percent=100, reported_on=dt.date(2026, 2, 15), past=True
    )
    closing.close_month(_province(), FEB, user=world["province"])

    feb = figures.month_figures(HAI_PHONG, FEB)

    assert not feb.is_provisional
    assert feb.communes == {world["a"]: Tally(on_time=1, not_done=1)}
    assert feb.people[world["lead"].pk] == Tally(not_done=1)
    assert feb.people[world["other"].pk] == Tally(on_time=1)
    assert feb.total.on_time_share == 0.5
    assert feb.months == {FEB: Tally(on_time=1, not_done=1)}


def test_a_closed_month_is_frozen_even_if_reports_come_later(world):
    closing.close_month(_province(), FEB, user=world["province"])
    # A report dated inside February, written after the close.
    services.report_progress(
        world["task"], user=world["clerk"], percent=100, reported_on=dt.date(2026, 2, 10), past=True
    )

    frozen = figures.month_figures(HAI_PHONG, FEB)
    as_it_stands = figures.provisional(HAI_PHONG, FEB)

    assert frozen.communes[world["a"]] == Tally(not_done=1)
    assert as_it_stands.communes[world["a"]] == Tally(on_time=1)
    assert as_it_stands.provisional == (FEB,)


def test_a_month_not_closed_is_provisional_and_cut_at_today(world):
    services.report_progress(
        world["task"], user=world["clerk"], percent=40, reported_on=dt.date(2026, 2, 10), past=True
    )

    feb = figures.month_figures(HAI_PHONG, FEB)
    # Before the closing day, on 01/02/2026: not reported yet, so not done so far.
    early = figures.month_figures(HAI_PHONG, FEB, today=dt.date(2026, 2, 1))
    not_begun = figures.month_figures(HAI_PHONG, FEB, today=dt.date(2026, 1, 10))

    assert feb.is_provisional and feb.communes[world["a"]] == Tally(on_track=1)
    assert early.communes[world["a"]] == Tally(not_done=1)
    assert not_begun.total == Tally() and not_begun.is_provisional


def test_the_year_sums_its_closed_months_and_the_current_month_provisional(world):
    services.report_progress(
        world["task"], user=world["clerk"], percent=30, reported_on=dt.date(2026, 1, 20), past=True
    )
    for month in (JAN, FEB):
        closing.close_month(_province(), month, user=world["province"])
    today = dt.date(2026, 12, 6)

    year = figures.year_figures(HAI_PHONG, 2026, today=today)

    december = figures.current_month(HAI_PHONG, today)
    assert december == dt.date(2026, 12, 1)
    assert year.months == {
        JAN: Tally(on_track=1),  # reported in January, due in March
        FEB: Tally(not_done=1),  # not reported in February
        december: Tally(not_done=1),  # overdue since March, as it stands
    }
    assert year.provisional == (december,)
    assert year.communes[world["a"]] == Tally(not_done=2, on_track=1)
    assert year.people[world["lead"].pk] == Tally(not_done=2, on_track=1)
    assert figures.year_figures(HAI_PHONG, 2025, today=today).total == Tally()


def test_after_the_closing_day_the_current_month_is_the_next(world):
    assert figures.current_month(HAI_PHONG, dt.date(2026, 3, 25)) == MAR
    assert figures.current_month(HAI_PHONG, dt.date(2026, 3, 26)) == dt.date(2026, 4, 1)
    assert figures.current_month(HAI_PHONG, dt.date(2026, 12, 28)) == dt.date(2027, 1, 1)


def test_a_province_bodys_tasks_are_counted_under_the_body(world):
    plan = services.create_plan(
        user=world["province"],
        province_id=HAI_PHONG,
        body="Sở Nội vụ",
        title="Kế hoạch công tác năm 2026 của Sở Nội vụ",
        period_start=dt.date(2026, 1, 1),
        period_end=dt.date(2026, 12, 31),
        source_kind="plan",
        source_number="12/KH-UBND",
        source_date=dt.date(2025, 12, 20),
        source_body="UBND thành phố Hải Phòng",
    )
    director = make_official("Vũ Thị Sở")
    post(director, "giam_doc_so", province=HAI_PHONG, start=dt.date(2025, 7, 1), body="Sở Nội vụ")
    services.create_task(
        plan,
        task_input(director, authority_level="province", authority_body="Chủ tịch UBND thành phố"),
        user=world["province"],
    )
    closing.close_month(_province(), FEB, user=world["province"])

    feb = figures.month_figures(HAI_PHONG, FEB)
    live = figures.provisional(HAI_PHONG, FEB)

    assert feb.bodies == {"Sở Nội vụ": Tally(not_done=1)}
    assert live.bodies == {"Sở Nội vụ": Tally(not_done=1)}
    assert feb.communes == {world["a"]: Tally(not_done=1)}


def test_a_commune_user_gets_only_their_communes_figures(world):
    plan_b = _plan_of_b(world)
    services.create_task(plan_b, task_input(world["far"]), user=world["province"])
    closing.close_month(_province(), FEB, user=world["province"])

    for figure in (figures.month_figures, figures.provisional):
        mine = figure(HAI_PHONG, FEB, user=world["clerk"])
        everything = figure(HAI_PHONG, FEB, user=world["province"])
        assert set(mine.communes) == {world["a"]}
        assert set(everything.communes) == {world["a"], world["b"]}


def test_the_figures_take_a_fixed_number_of_queries(world, django_assert_max_num_queries):
    for number in range(12):
        _second_task(world, title=f"Nhiệm vụ {number}")
    closing.close_month(_province(), JAN, user=world["province"])
    with django_assert_max_num_queries(12):
        year = figures.year_figures(HAI_PHONG, 2026, user=world["province"])
    with django_assert_max_num_queries(8):
        month = figures.month_figures(HAI_PHONG, FEB, user=world["province"])
    assert year.months[JAN].scored == 13
    assert month.total.scored == 13


def test_the_current_months_figures_are_not_counted_twice(world, django_assert_num_queries):
    today = dt.date(2026, 12, 6)
    december = figures.month_figures(HAI_PHONG, dt.date(2026, 12, 1), today=today)
    alone = figures.year_figures(HAI_PHONG, 2026, today=today)
    # the closed months' results, which months are closed, the closing day of November and December; not the tasks
    with django_assert_num_queries(4):
        reused = figures.year_figures(HAI_PHONG, 2026, today=today, known=december)
    assert reused == alone and reused.months == {dt.date(2026, 12, 1): Tally(not_done=1)}
