"""The dashboard: the planner's own "before" figures per province, the commune map and the plan counts, each cut
to what the user may see, in a fixed number of queries."""

import datetime as dt
import json
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cadre.dashboard.figures import LOCAL, NON_LOCAL, VACANT, dashboard
from cadre.geo.models import Commune
from cadre.rotation.compile import compile_problem
from cadre.rotation.models import PlanRun
from tests.people.factories import make_official, post
from tests.rotation.registry import ON, communes, secretary
from tests.users import make_user

HAI_PHONG, HA_NOI = "31", "01"


@pytest.fixture
def world(geography):
    """Four secretaries in Hải Phòng (two local, two not, by different rules), two in Hà Nội, the rest of the
    communes vacant; three stored plans, two of them Hải Phòng's."""
    a, b, c, d = communes(HAI_PHONG, 4)
    h1, h2 = communes(HA_NOI, 2)
    secretary(a, name="Bí Thư Người Địa Phương")
    secretary(b, name="Bí Thư Nơi Khác", home=h1)
    # Born in the commune but raised elsewhere: not local where both origins must lie in it.
    born_here = make_official("Bí Thư Sinh Ở Đây", birthplace=c, raised=h1)
    post(born_here, "bi_thu", commune=c, start=dt.date(2025, 7, 1))
    # Born and raised elsewhere but has worked in the commune for 25 years: local by the years.
    worked_here = make_official(
        "Bí Thư Công Tác Lâu",
        birthplace=h1,
        raised=h1,
        years_by_unit=[{"keys": [f"commune:{d}", f"province:{HAI_PHONG}"], "text": "", "years": 25}],
    )
    post(worked_here, "bi_thu", commune=d, start=dt.date(2025, 7, 1))
    secretary(h1, name="Bí Thư Hà Nội")
    secretary(h2, name="Bí Thư Hà Nội Nơi Khác", home=a)
    for province, state, status in (
        (HAI_PHONG, "draft", "optimal"),
        (HAI_PHONG, "approved", "infeasible"),
        (HA_NOI, "proposed", "feasible"),
    ):
        PlanRun.objects.create(
            province_id=province,
            target=0.3,
            rotation_date=ON,
            problem_sha256="0" * 64,
            problem={},
            plan={},
            status=status,
            state=state,
            solve_seconds=0.1,
        )
    return {"a": a, "b": b, "c": c, "d": d, "h1": h1, "h2": h2}


def _row(data, province):
    return next(row for row in data["shares"] if row.code == province)


def _statuses(data) -> dict[str, str]:
    return {point.code: status for status, points in data["map"].layers.items() for point in points}


def _page(client, user):
    client.force_login(user)
    response = client.get(reverse("dashboard:home"))
    assert response.status_code == 200
    return response.content.decode()


def _chart(html) -> dict:
    found = re.search(r'<script id="share-chart-data" type="application/json">(.*?)</script>', html, re.S)
    return json.loads(found.group(1))


def _map_points(html) -> set[str]:
    return set(re.findall(r'<path class="map-cell" data-commune="(\w+)"', html))


@pytest.mark.parametrize("province", [HAI_PHONG, HA_NOI])
def test_the_figures_are_the_planners_before_figures(world, province):
    compiled = compile_problem(province, on=ON)
    user = make_user()
    row = _row(dashboard(user, on=ON), province)  # the national summary's row
    data = dashboard(user, on=ON, province=province)  # the province's own page
    assert _row(data, province) == row
    before = compiled.before
    assert (row.posts, row.vacant, row.non_local, row.share) == (
        before["posts"],
        before["vacant"],
        before["non_local"],
        before["share"],
    )
    assert row.target == compiled.params["target"]
    # The planner's incumbent flags, post by post, are the map's colours.
    flags = {p["id"]: p["incumbent_non_local"] for p in compiled.document["posts"]}
    expected = {
        code: VACANT if flag is None else NON_LOCAL if flag else LOCAL for code, flag in flags.items()
    }
    assert {code: s for code, s in _statuses(data).items() if code in expected} == expected


def test_two_open_secretary_postings_in_a_commune_are_read_as_the_planner_reads_them(world):
    """A data error the registry lets through (each person has one open posting per track, but two people can
    hold the same post): the planner keeps the later official, and so does the dashboard."""
    e, f = communes(HAI_PHONG, 6)[4:]
    secretary(e, name="Bí Thư Cũ Địa Phương")
    secretary(e, name="Bí Thư Mới Nơi Khác", home=world["h1"])
    secretary(f, name="Bí Thư Cũ Nơi Khác", home=world["h1"])
    secretary(f, name="Bí Thư Mới Địa Phương")
    statuses = _statuses(dashboard(make_user(), on=ON, province=HAI_PHONG))
    flags = {p["id"]: p["incumbent_non_local"] for p in compile_problem(HAI_PHONG, on=ON).document["posts"]}
    assert (statuses[e], statuses[f]) == (NON_LOCAL, LOCAL) and (flags[e], flags[f]) == (True, False)


def test_each_rule_of_the_local_person_decides_a_colour_and_the_row_adds_up(world):
    data = dashboard(make_user(), on=ON, province=HAI_PHONG)
    statuses = _statuses(data)
    assert [statuses[world[k]] for k in "abcd"] == [LOCAL, NON_LOCAL, NON_LOCAL, LOCAL]
    row = _row(data, HAI_PHONG)
    posts = Commune.objects.filter(province_id=HAI_PHONG).count()
    assert (row.posts, row.secretaries, row.non_local) == (posts, 4, 2)
    assert row.share == round(2 / posts, 6) and row.gap < 0
    assert row.short_by == -(-3 * posts // 10) - 2  # ⌈30% of the posts⌉ non-local, two in post already
    assert not row.partial


def test_a_province_user_sees_only_their_provinces_bar_points_and_plans(world, client):
    html = _page(client, make_user("lan", role="board_officer", scope=HAI_PHONG))
    chart = _chart(html)
    assert chart["provinces"] == ["TP Hải Phòng"] and chart["target"] == [30.0]
    assert 'data-province="31"' in html and 'data-province="01"' not in html
    hai_phong = set(Commune.objects.filter(province_id=HAI_PHONG).values_list("code", flat=True))
    assert _map_points(html) == hai_phong
    assert "Hà Nội" not in html  # no bar, no point, no plan of another province (nor a hover title)
    assert 'href="/plans/?state=draft" data-state="draft">1<' in html
    assert 'href="/plans/?state=approved" data-state="approved">1<' in html
    assert 'href="/plans/?state=proposed" data-state="proposed">0<' in html  # Hà Nội's plan is not counted
    assert 'href="/plans/?status=infeasible" data-status="infeasible">1<' in html
    assert 'data-status="feasible">0<' in html


def test_a_commune_user_sees_their_commune_and_no_plans(world, client):
    html = _page(client, make_user("xa", role="commune_user", scope=world["b"]))
    assert _map_points(html) == {world["b"]}
    assert _chart(html)["provinces"] == ["TP Hải Phòng"] and _chart(html)["share"] == [100.0]
    assert "Chỉ tính các xã bạn được phép xem." in html  # the page is in Vietnamese by default
    assert "data-state=" not in html and "phạm vi của bạn không bao gồm" in html


def _province_points(html) -> set[str]:
    return set(re.findall(r'<circle data-province="(\w+)"', html))


def test_a_ministry_viewer_sees_one_row_and_one_point_per_province_each_leading_to_its_communes(
    world, client
):
    user = make_user("bo", role="ministry_viewer", scope="VN")
    html = _page(client, user)
    assert len(_chart(html)["provinces"]) == 34
    # The national summary: a row and a map point per province, no commune on the page.
    assert len(_province_points(html)) == 34 and not _map_points(html)
    assert html.count('<a href="?province=') == 2 * 34  # the province's name in the table, and its point
    assert f"{Commune.objects.count()} xã" in html  # the communes are still counted
    assert 'data-state="draft">1<' in html and 'data-state="proposed">1<' in html
    assert client.get(reverse("dashboard:home")).context["plans"]["total"] == 3
    # Hải Phòng's point: blue or vermilion by its share against the target, its figures on hover.
    row = _row(dashboard(user, on=ON), HAI_PHONG)
    point = re.search(r'<g class="map-(\w+)">(?:(?!</g>).)*data-province="31"(?:(?!</title>).)*', html, re.S)
    assert point.group(1) == "short" and f"{row.share_percent:.1f}".replace(".", ",") + "%" in point.group(0)


def test_a_province_opened_from_the_national_summary_shows_its_communes_and_plans(world, client):
    client.force_login(make_user("bo", role="ministry_viewer", scope="VN"))
    response = client.get(reverse("dashboard:home"), {"province": HAI_PHONG})
    html = response.content.decode()
    hai_phong = set(Commune.objects.filter(province_id=HAI_PHONG).values_list("code", flat=True))
    assert _map_points(html) == hai_phong and not _province_points(html)
    assert _chart(html)["provinces"] == ["TP Hải Phòng"] and 'data-province="01"' not in html
    assert "Thành phố Hải Phòng" in response.context["title"] and 'id="all-provinces"' in html
    # Only Hải Phòng's plans, and their links keep to the province.
    assert 'href="/plans/?province=31&amp;state=draft" data-state="draft">1<' in html
    assert 'data-state="proposed">0<' in html
    # The same figures as the province's own officer sees.
    lan = make_user("lan", role="board_officer", scope=HAI_PHONG)
    assert dashboard(lan, on=ON)["shares"] == dashboard(lan, on=ON, province=HAI_PHONG)["shares"]


def test_a_province_outside_the_scope_cannot_be_opened(world, client):
    client.force_login(make_user("lan", role="board_officer", scope=HAI_PHONG))
    assert client.get(reverse("dashboard:home"), {"province": HA_NOI}).status_code == 404
    assert client.get(reverse("dashboard:home"), {"province": "xx"}).status_code == 404
    own = client.get(reverse("dashboard:home"), {"province": HAI_PHONG}).content.decode()
    assert 'id="all-provinces"' not in own and 'data-province="31"' in own


def _non_local(client, province) -> int:
    response = client.get(reverse("dashboard:home"))
    return next(row for row in response.context["shares"] if row.code == province).non_local


def test_the_cached_figures_follow_every_change_of_the_registry(world, client):
    from cadre.people.services import leave_posts_elsewhere
    from cadre.staffing.models import CommuneStaffing, PositionQuota
    from cadre.staffing.services import save_commune_staffing

    client.force_login(make_user("bo", role="ministry_viewer", scope="VN"))
    assert _non_local(client, HA_NOI) == 1 and _non_local(client, HA_NOI) == 1  # the second from the cache
    # A new secretary (the ORM's save) ...
    secretary(communes(HA_NOI, 3)[2], name="Bí Thư Mới", home=world["a"])
    assert _non_local(client, HA_NOI) == 2
    # ... one who leaves (the services' bulk update) ...
    leave_posts_elsewhere(secretary_of(world["h2"]), world["a"], ON)
    assert _non_local(client, HA_NOI) == 1
    # ... a person's origins corrected: the Hải Phòng secretary from Hà Nội turns out to be from the commune.
    official = secretary_of(world["b"])
    official.birthplace_id = official.raised_id = world["b"]
    official.save()
    assert _non_local(client, HAI_PHONG) == 1
    # ... and the staffing summary follows the Department's form.
    assert client.get(reverse("dashboard:home")).context["staffing"] is None
    staffing = CommuneStaffing(commune_id=world["a"], population=20_000)
    save_commune_staffing(staffing, {"cv_tai_chinh": 1}, reason="Dân số 2026", user=None)
    assert PositionQuota.objects.count() == 1
    assert client.get(reverse("dashboard:home")).context["staffing"]["short"] == 1


def secretary_of(commune):
    from cadre.people.models import Posting

    return Posting.objects.current().secretaries().get(commune_id=commune).official


def test_users_of_different_scopes_never_share_cached_figures(world, client):
    scopes = [
        ("lan", "board_officer", HAI_PHONG),
        ("hn", "board_officer", HA_NOI),
        ("xa", "commune_user", world["b"]),
        ("bo", "ministry_viewer", "VN"),
    ]
    seen = {}
    for name, role, scope in scopes:
        client.force_login(make_user(name, role=role, scope=scope))
        response = client.get(reverse("dashboard:home"))
        seen[name] = {row.code: row.posts for row in response.context["shares"]}
    hai_phong = Commune.objects.filter(province_id=HAI_PHONG).count()
    assert seen["lan"] == {HAI_PHONG: hai_phong}
    assert seen["hn"] == {HA_NOI: Commune.objects.filter(province_id=HA_NOI).count()}
    assert seen["xa"] == {HAI_PHONG: 1}
    assert len(seen["bo"]) == 34
    # Two people with the same grants share them: the second costs no computation.
    client.force_login(make_user("lan2", role="board_officer", scope=HAI_PHONG))
    with CaptureQueriesContext(connection) as queries:
        client.get(reverse("dashboard:home"))
    assert not _computed(queries)


def _computed(queries) -> bool:
    """Did the request compute the figures: read the communes' secretaries?"""
    return any("people_posting" in q["sql"] and "bi_thu" in q["sql"] for q in queries.captured_queries)


def test_a_second_request_reads_the_figures_from_the_cache(world, client):
    client.force_login(make_user("bo", role="ministry_viewer", scope="VN"))
    with CaptureQueriesContext(connection) as first:
        client.get(reverse("dashboard:home"))
    with CaptureQueriesContext(connection) as second:
        client.get(reverse("dashboard:home"))
    assert _computed(first) and not _computed(second)
    # The session, the user, their grants, the registry's version and the plan counts.
    assert len(second) <= 6 < len(first)


def test_a_user_with_no_role_sees_nothing(world, client, django_user_model):
    html = _page(client, django_user_model.objects.create_user("norole", password="mat-khau-dai-123"))
    assert 'id="no-scope"' in html and not _map_points(html) and "data-state=" not in html


def test_anonymous_visitors_are_sent_to_the_login(client, db):
    response = client.get(reverse("dashboard:home"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_the_labels_follow_the_chosen_language(world, client):
    client.cookies["django_language"] = "en"
    html = _page(client, make_user())
    assert '<html lang="en">' in html and "Non-local commune Party secretaries" in html
    assert "Rotation plans" in html and 'data-target-label="Target"' in html


def _queries(client, user) -> int:
    client.force_login(user)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("dashboard:home")).status_code == 200
    return len(queries)


def test_the_query_count_does_not_grow_with_the_scope(world, client):
    one_province = _queries(client, make_user("lan", role="board_officer", scope=HAI_PHONG))
    whole_country = _queries(client, make_user("bo", role="ministry_viewer", scope="VN"))
    # Secretaries in more provinces add rows, not queries.
    for code in ("04", "08", "11"):
        secretary(communes(code, 1)[0], name="Bí Thư Thêm")
    assert _queries(client, make_user("bo2", role="ministry_viewer", scope="VN")) == whole_country
    # Computing (a first request, or the first after a change): 10 for the version, the provinces in scope, the
    # secretaries, the map and the plans; up to 4 for the staffing summary (communes with their staffing,
    # government postings, position quotas, and the names of the positions short most often); 2 for the
    # provinces' targets (their version, and the targets in force).
    assert one_province == whole_country <= 16


def test_a_registry_import_moves_the_cached_figures(geography, client, tmp_path):
    """The import writes with the bulk writer (no ORM save): the figures follow it all the same."""
    from cadre.people.workbook.importer import import_workbook
    from tests.people.workbooks import good_sheets, write

    client.force_login(make_user("bo", role="ministry_viewer", scope="VN"))
    secretaries = next(
        r for r in client.get(reverse("dashboard:home")).context["shares"] if r.code == HAI_PHONG
    )
    report = import_workbook(write(tmp_path / "good.xlsx", good_sheets()))
    assert report.written and not report.issues
    after = next(r for r in client.get(reverse("dashboard:home")).context["shares"] if r.code == HAI_PHONG)
    assert (secretaries.secretaries, after.secretaries) == (0, 1)  # Nguyễn Văn An, the new Party secretary


def test_a_provinces_communes_are_areas_that_tile_its_outline_each_around_its_own_place(world, client):
    """The commune map is a map of areas: one path per commune (its cell, named on hover) around its own place,
    the cells never overlapping, and the province's outline drawn as the edge of their union."""
    from cadre.core.cells import area

    user = make_user("lan", role="board_officer", scope=HAI_PHONG)
    data = dashboard(user, on=ON)
    drawn = data["map"]

    def polygon(path: str):
        return [tuple(map(float, xy.split(","))) for xy in path.strip("MZ").split("L")]

    points = [p for layer in drawn.layers.values() for p in layer]
    assert len(points) == Commune.objects.filter(province_id=HAI_PHONG).count()
    assert drawn.outline == "".join(p.cell for p in sorted(points, key=lambda p: p.code))
    width, height = float(drawn.width), float(drawn.height)
    # No overlap: the areas together are no larger than the frame, and each is a real area.
    assert 0 < sum(area(polygon(p.cell)) for p in points) <= width * height
    assert all(area(polygon(p.cell)) > 1 for p in points)
    for p in points:
        cell, (x, y) = polygon(p.cell), (float(p.x), float(p.y))
        xs, ys = [c[0] for c in cell], [c[1] for c in cell]
        assert min(xs) - 0.1 <= x <= max(xs) + 0.1 and min(ys) - 0.1 <= y <= max(ys) + 0.1
    html = _page(client, user)
    name = Commune.objects.get(code=world["b"]).name
    assert re.search(
        rf'<path class="map-cell" data-commune="{world["b"]}" d="M[\d.,L]+Z"><title>{name}, ', html
    )
    assert html.count('<path class="map-outline"') == 1 and 'class="map-legend"' in html
    assert html.count('<path class="map-cell"') == len(points)
