"""A province officer opens the dashboard in a real Chromium: the chart is drawn from the vendored Chart.js and
the map has one point per commune of the province; a ministry viewer's map has one point per province, and a
click on one opens that province's dashboard with its communes."""

import pytest

from cadre.geo.models import Commune
from cadre.rotation.models import PlanRun
from tests.e2e.conftest import wait_until
from tests.rotation.registry import ON, communes, secretary
from tests.users import make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

HAI_PHONG, HA_NOI = "31", "01"
PASSWORD = "mat-khau-dai-123"


@pytest.fixture
def registry(transactional_db, geography):
    """Three Hải Phòng secretaries (one from Hà Nội, so not local), one in Hà Nội, and a draft plan."""
    a, b, c = communes(HAI_PHONG, 3)
    (h,) = communes(HA_NOI, 1)
    secretary(a, name="Bí Thư A")
    secretary(b, name="Bí Thư B", home=h)
    secretary(c, name="Bí Thư C")
    secretary(h, name="Bí Thư Hà Nội")
    PlanRun.objects.create(
        province_id=HAI_PHONG,
        target=0.3,
        rotation_date=ON,
        problem_sha256="0" * 64,
        problem={},
        plan={},
        status="optimal",
        solve_seconds=0.1,
    )
    make_user("lan", PASSWORD, role="board_officer", scope=HAI_PHONG)
    make_user("bo", PASSWORD, role="ministry_viewer", scope="VN")
    return {"non_local": b}


def sign_in(page, live_server, username):
    page.goto(f"{live_server.url}/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    with page.expect_navigation():
        page.click("form[action='/login/'] button[type=submit]")


DRAWN = """() => {
  const canvas = document.getElementById('share-chart');
  const chart = window.Chart && Chart.getChart(canvas);
  if (!chart) return null;
  const pixels = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
  let painted = 0;
  for (let i = 3; i < pixels.length; i += 4) if (pixels[i] > 0) painted++;
  return {labels: chart.data.labels, share: chart.data.datasets[0].data, painted: painted,
          width: canvas.width, height: canvas.height};
}"""


def test_a_province_officer_sees_the_chart_and_the_provinces_communes(live_server, page, shot, registry):
    sign_in(page, live_server, "lan")
    assert page.locator("h1").inner_text() == page.title().split(" · ")[0]
    wait_until(page, "window.Chart && Chart.getChart(document.getElementById('share-chart'))")
    drawn = page.evaluate(DRAWN)
    assert drawn["labels"] == ["TP Hải Phòng"]
    posts = Commune.objects.filter(province_id=HAI_PHONG).count()
    assert drawn["share"] == [round(100 / posts, 1)]
    assert drawn["painted"] > 1000  # axes, labels, the bar and the target mark: not a blank canvas

    # The province's outline and one area per commune, coloured by its secretary, with a legend.
    assert page.locator("svg#map path.map-outline").count() == 1
    assert page.locator("svg#map path.map-cell").count() == posts
    assert page.locator("svg#map .map-non_local path").count() == 1
    assert page.locator("svg#map .map-local path").count() == 2
    assert page.locator(".map-legend li").count() == 3
    # Hovering names the commune, its province and its secretary's status, in the legend's words.
    name = Commune.objects.get(code=registry["non_local"]).name
    hover = page.locator(f"svg#map path[data-commune='{registry['non_local']}'] title").text_content()
    where, status = hover.split(": ")
    assert where == f"{name}, Thành phố Hải Phòng"
    legend = page.locator(".map-legend li").first.inner_text()
    assert legend == f"{status[0].upper()}{status[1:]} (1)"
    assert page.locator("#share-table tbody tr").count() == 1
    # Zoom with the wheel around the pointer, drag to move, and back to the whole map with its button.
    whole = page.locator("svg#map").get_attribute("viewBox")
    page.locator("svg#map").scroll_into_view_if_needed()
    box = page.locator("svg#map").bounding_box()
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.mouse.wheel(0, -300)
    zoomed = [float(n) for n in page.locator("svg#map").get_attribute("viewBox").split()]
    assert zoomed[2] < float(whole.split()[2])
    page.mouse.down()
    page.mouse.move(box["x"] + box["width"] / 2 + 60, box["y"] + box["height"] / 2 + 30, steps=5)
    page.mouse.up()
    moved = [float(n) for n in page.locator("svg#map").get_attribute("viewBox").split()]
    assert moved[0] < zoomed[0] and moved[2] == zoomed[2]
    page.click("[data-map-zoom=reset]")
    assert [float(n) for n in page.locator("svg#map").get_attribute("viewBox").split()] == [
        float(n) for n in whole.split()
    ]
    assert page.locator("#plans-by-state a[data-state=draft]").inner_text() == "1"
    assert page.locator("#plans-by-state a[data-state=draft]").get_attribute("href") == "/plans/?state=draft"
    shot(page, "province")


def test_a_ministry_viewer_sees_one_point_per_province_and_opens_one_to_its_communes(
    live_server, page, shot, registry
):
    sign_in(page, live_server, "bo")
    wait_until(page, "window.Chart && Chart.getChart(document.getElementById('share-chart'))")
    drawn = page.evaluate(DRAWN)
    assert len(drawn["labels"]) == 34 and drawn["painted"] > 1000
    # The national summary: a point per province (no commune), each a link to the province.
    assert page.locator("svg#map circle[data-province]").count() == 34
    assert page.locator("svg#map path[data-commune]").count() == 0
    assert page.locator("#share-table tbody tr").count() == 34
    hai_phong = page.locator(f"svg#map circle[data-province='{HAI_PHONG}']")
    assert hai_phong.locator("title").text_content().startswith("Thành phố Hải Phòng: ")
    shot(page, "national")

    # Drill down from the map: Hải Phòng's own dashboard, its communes coloured by their secretary.
    with page.expect_navigation():
        hai_phong.click()
    assert page.url.endswith(f"/?province={HAI_PHONG}")
    wait_until(page, "window.Chart && Chart.getChart(document.getElementById('share-chart'))")
    assert page.evaluate(DRAWN)["labels"] == ["TP Hải Phòng"]
    posts = Commune.objects.filter(province_id=HAI_PHONG).count()
    assert page.locator("svg#map path[data-commune]").count() == posts
    assert page.locator("svg#map .map-non_local path").count() == 1
    assert page.locator("#plans-by-state a[data-state=draft]").get_attribute("href") == (
        f"/plans/?province={HAI_PHONG}&state=draft"
    )
    shot(page, "province")
    # And back to the whole country, then into Hà Nội from the table.
    with page.expect_navigation():
        page.click("#all-provinces")
    with page.expect_navigation():
        page.click(f"#share-table tr[data-province='{HA_NOI}'] a")
    assert (
        page.locator("svg#map path[data-commune]").count()
        == Commune.objects.filter(province_id=HA_NOI).count()
    )
