"""The dashboard's figures (trang tổng quan), for what the signed-in user may see: the non-local commune Party
secretary share per province against its dated target, a map of the communes by their secretary, and the rotation
plans by workflow state and solver status. Plain functions over the registry; the page lives in `views.home`.

A scope of several provinces (the Ministry's) is summarised per province: one row and one map point per province,
each leading to that province's own dashboard (`province=`), which shows its communes. The figures are computed
once per change of the registry and scope (`staffing.versions.remembered`), not per request; the plan counts,
one query, are read each time.

"Current secretary" and "non-local" are the planner's own (`rotation.compile`): the open secretary posting of the
commune (`Posting.objects.current().secretaries()`), judged by the local-person rule in force on the date, and
the "before" figure of a plan run is counted by the same `before_figures`. A test holds the two together. The
work is a fixed handful of queries whatever the scope: the rule runs over the rows in memory, never one province
at a time.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field

from django.db.models import Count, F
from django.db.models.query import EmptyQuerySet
from django.urls import reverse
from django.utils.http import urlencode

from cadre.accounts.permissions import VIEW, visible_communes
from cadre.core import cells
from cadre.core.planning.problem import Floor
from cadre.core.policy import national_policy
from cadre.geo.models import Commune, Province
from cadre.people.models import Posting
from cadre.people.tables import position_names
from cadre.rotation.candidates import is_local_at
from cadre.rotation.compile import before_figures
from cadre.rotation.models import PlanRun, PlanStatus, PostType
from cadre.rotation.review import percent
from cadre.rotation.targets import TargetInForce, targets_for, targets_version
from cadre.staffing.services import commune_table, staffing_summary
from cadre.staffing.versions import remembered
from cadre.workflow.states import State

TARGET = "non_local_secretary_target"  # the national reference, where a province has set no target of its own
NON_LOCAL, LOCAL, VACANT = "non_local", "local", "vacant"
STATUSES = (VACANT, LOCAL, NON_LOCAL)  # the map draws them in this order: non-local points on top

# The map's frame, in SVG units: the points' bounding box is fitted inside it, keeping the shape.
MAP_BOX = 640.0
MAP_MARGIN = 12.0
MIN_SPAN_DEGREES = 0.05  # a scope of one commune still gets a frame around its point


def incumbent_non_local(communes, on: dt.date) -> dict[str, bool]:
    """For each commune of `communes` (a queryset) that has a secretary now: whether they are non-local there,
    as `rotation.compile` judges the incumbent on `on`. A commune missing from the result has none."""
    held = (
        Posting.objects.current()
        .secretaries()
        .filter(commune__in=communes.values("code"))
        .select_related("official")
    )
    incumbents = {posting.commune_id: (posting.province_id, posting.official) for posting in held}
    # The rule needs the province of every place a person comes from, and those can lie anywhere.
    province_of = dict(Commune.objects.values_list("code", "province_id"))
    result = {}
    for code, (province, official) in incumbents.items():
        result[code] = not is_local_at(official, province, code, province_of, on)
    return result


def status_of(code: str, non_local: dict[str, bool]) -> str:
    """NON_LOCAL, LOCAL or VACANT (no secretary recorded), from `incumbent_non_local`'s answer."""
    if code not in non_local:
        return VACANT
    return NON_LOCAL if non_local[code] else LOCAL


@dataclass
class ProvinceShare:
    """One province's row: its secretary posts in the user's scope and how many are held by non-local people."""

    code: str
    name: str
    posts: int
    vacant: int
    non_local: int
    share: float  # of all posts, vacant ones included (as the planner's floor counts them)
    target: float
    partial: bool = False  # the user sees only some of the province's communes
    target_document: str = (
        ""  # the text that set the target (the national reference's where the province set none)
    )
    target_provincial: bool = False  # the province set it (False: the national reference value applies)
    # The People's Committee chairs' target in force (not measured here: the dashboard counts secretaries), with
    # its document; None where none applies on the date.
    chair_target: float | None = None
    chair_target_document: str = ""
    chair_target_provincial: bool = False

    @property
    def chair_target_percent(self) -> float | None:
        return None if self.chair_target is None else round(self.chair_target * 100, 1)

    @property
    def share_percent(self) -> float:
        return round(self.share * 100, 1)

    @property
    def target_percent(self) -> float:
        return round(self.target * 100, 1)

    @property
    def secretaries(self) -> int:
        return self.posts - self.vacant

    @property
    def gap(self) -> float:
        """Share minus target, in percentage points (negative: short of the target)."""
        return round(self.share_percent - self.target_percent, 1)

    @property
    def short_by(self) -> int:
        """Non-local secretaries still needed to reach the target, counted as the planner's floor does."""
        return max(0, Floor(self.code, self.target).required(self.posts) - self.non_local)


def _chair_fields(target: TargetInForce | None) -> dict:
    if target is None:
        return {}
    return {
        "chair_target": target.share,
        "chair_target_document": target.document,
        "chair_target_provincial": target.provincial,
    }


def province_shares(
    communes: list[dict],
    statuses: dict[str, str],
    targets: dict[str, TargetInForce],
    chair_targets: dict[str, TargetInForce] | None = None,
) -> list[ProvinceShare]:
    """The planner's "before" figures, one row per province with a commune in `communes`, by province code,
    each against its own target (`targets`, by province code)."""
    # The posts as the problem document lists them, with what `before_figures` counts: held or not, and by whom.
    posts = [
        {
            "group": commune["province"],
            "incumbent": None if statuses[commune["code"]] == VACANT else commune["code"],
            "incumbent_non_local": statuses[commune["code"]] == NON_LOCAL,
        }
        for commune in communes
    ]
    groups = before_figures(posts, 0.0, "")["groups"]
    provinces = Province.objects.filter(code__in=groups).annotate(total=Count("communes")).order_by("code")
    return [
        ProvinceShare(
            code=province.code,
            name=province.name,
            posts=groups[province.code]["posts"],
            vacant=groups[province.code]["vacant"],
            non_local=groups[province.code]["non_local"],
            share=groups[province.code]["share"],
            target=targets[province.code].share,
            partial=groups[province.code]["posts"] < province.total,
            target_document=targets[province.code].document,
            target_provincial=targets[province.code].provincial,
            **_chair_fields((chair_targets or {}).get(province.code)),
        )
        for province in provinces
    ]


@dataclass(frozen=True)
class MapPoint:
    code: str
    name: str
    province: str
    x: str  # SVG coordinates, already written out: a template would localise a float's decimal point
    y: str
    share: float = 0.0  # a province's point: its non-local share and target, in percent
    target: float = 0.0
    cell: str = ""  # a commune's area: its Voronoi cell in the province's outline, as an SVG path


@dataclass
class CommuneMap:
    width: str
    height: str
    radius: str
    layers: dict[str, list[MapPoint]] = field(default_factory=dict)  # status -> points, in STATUSES order
    outline: str = ""  # every area in one SVG path, drawn under the areas as the outline of their union

    @property
    def count(self) -> int:
        return sum(len(points) for points in self.layers.values())


MET, SHORT = "met", "short"  # a province's point: its share meets the target or not
PROVINCE_STATUSES = (SHORT, MET)
# Every province's point the same size: the nearest two (Hải Phòng and Hưng Yên) lie 13 units apart in the
# national frame, so a larger point, or one sized by the province, would hide its neighbour.
PROVINCE_RADIUS = 6.0


def _frame(places: list[dict]):
    """An equirectangular projection fitted to the places' bounding box (east-west degrees shrunk by the cosine
    of the middle latitude, so the shape stays true at this size): (width, height, place -> (x, y))."""
    lats = [c["latitude"] for c in places]
    lons = [c["longitude"] for c in places]
    squeeze = math.cos(math.radians((min(lats) + max(lats)) / 2))
    span_x = max((max(lons) - min(lons)) * squeeze, MIN_SPAN_DEGREES)
    span_y = max(max(lats) - min(lats), MIN_SPAN_DEGREES)
    scale = (MAP_BOX - 2 * MAP_MARGIN) / max(span_x, span_y)
    width, height = span_x * scale + 2 * MAP_MARGIN, span_y * scale + 2 * MAP_MARGIN
    # Centre the points when the span was widened for a single commune or a line of them.
    left = (min(lons) + max(lons)) / 2 * squeeze - span_x / 2
    top = (min(lats) + max(lats)) / 2 + span_y / 2

    def place(item: dict) -> tuple[float, float]:
        x = MAP_MARGIN + (item["longitude"] * squeeze - left) * scale
        y = MAP_MARGIN + (top - item["latitude"]) * scale
        return x, y

    return width, height, place


def _written(place):
    """`place` with its coordinates written out for SVG."""

    def written(item: dict) -> tuple[str, str]:
        x, y = place(item)
        return f"{x:.1f}", f"{y:.1f}"

    return written


def _path(polygon) -> str:
    """A polygon as an SVG path ("M x,y L x,y … Z"), or "" for an empty one."""
    if not polygon:
        return ""
    return "M" + "L".join(f"{x:.1f},{y:.1f}" for x, y in polygon) + "Z"


def commune_map(communes: list[dict], statuses: dict[str, str]) -> CommuneMap:
    """The communes as areas coloured by their secretary: each commune's Voronoi cell within the outline of
    the communes and its own reach (`cadre.core.cells`), with its point at the reference coordinates."""
    layers: dict[str, list[MapPoint]] = {status: [] for status in STATUSES}
    if not communes:
        return CommuneMap("0", "0", "0", layers)
    place = _frame(communes)[2]
    places = [place(commune) for commune in communes]
    reach = cells.reaches(places)
    margin = max((r for r in reach if math.isfinite(r)), default=MAP_MARGIN)
    areas = cells.voronoi_cells(places, cells.bounding_box(places, margin), reach)
    # The frame fits the areas, which reach past the outermost points.
    corners = [corner for area in areas for corner in area] or places
    left = min(x for x, _y in corners) - 2
    top = min(y for _x, y in corners) - 2
    width = max(x for x, _y in corners) - left + 2
    height = max(y for _x, y in corners) - top + 2
    places = [(x - left, y - top) for x, y in places]
    areas = [[(x - left, y - top) for x, y in area] for area in areas]
    for commune, (x, y), area in zip(communes, places, areas, strict=True):
        layers[statuses[commune["code"]]].append(
            MapPoint(
                commune["code"],
                commune["name"],
                commune["province_name"],
                f"{x:.1f}",
                f"{y:.1f}",
                cell=_path(area),
            )
        )
    # A point marks each commune's reference place: small, as the area carries the colour.
    radius = min(2.5, max(1.0, 0.1 * math.sqrt(width * height / len(communes))))
    # The province's outline is the edge of the areas' union: the map draws every area once more, under the
    # others, with a broad border, and only its outer part shows.
    union = "".join(_path(area) for area in areas)
    return CommuneMap(f"{math.ceil(width)}", f"{math.ceil(height)}", f"{radius:.1f}", layers, outline=union)


def province_map(communes: list[dict], shares: list[ProvinceShare]) -> CommuneMap:
    """One point per province, at the middle of its communes in scope, coloured by whether its non-local share
    meets the target (the national summary's map)."""
    layers: dict[str, list[MapPoint]] = {status: [] for status in PROVINCE_STATUSES}
    if not communes:
        return CommuneMap("0", "0", "0", layers)
    width, height, place = _frame(communes)
    place = _written(place)
    spots: dict[str, list[dict]] = {}
    for commune in communes:
        spots.setdefault(commune["province"], []).append(commune)
    radius = f"{PROVINCE_RADIUS:.1f}"
    for row in shares:
        own = spots[row.code]
        middle = {
            "latitude": sum(c["latitude"] for c in own) / len(own),
            "longitude": sum(c["longitude"] for c in own) / len(own),
        }
        x, y = place(middle)
        layers[MET if row.gap >= 0 else SHORT].append(
            MapPoint(row.code, row.name, row.name, x, y, row.share_percent, row.target_percent)
        )
    return CommuneMap(f"{width:.0f}", f"{height:.0f}", radius, layers)


@dataclass(frozen=True)
class PlanCount:
    value: str
    label: str
    count: int
    url: str


def plan_counts(user, province: str = "") -> dict | None:
    """The rotation plans the user may see (of `province` when given), by workflow state and by solver status,
    each with a link to the plans list filtered to it. None when the user's grants reach no plan at all (a
    commune user)."""
    runs = PlanRun.objects.order_by().restrict(user, VIEW)
    if isinstance(runs, EmptyQuerySet):
        return None
    if province:
        runs = runs.filter(province_id=province)
    by_state: dict[str, int] = {}
    by_status: dict[str, int] = {}
    for state, status, count in runs.values_list("state", "status").annotate(count=Count("pk")):
        by_state[state] = by_state.get(state, 0) + count
        by_status[status] = by_status.get(status, 0) + count
    plans = reverse("rotation:plan_list")
    where = {"province": province} if province else {}

    def counts(choices, found, param):
        return [
            PlanCount(value, label, found.get(value, 0), f"{plans}?{urlencode({**where, param: value})}")
            for value, label in choices
        ]

    return {
        "total": sum(by_state.values()),
        "url": f"{plans}?{urlencode(where)}" if where else plans,
        "by_state": counts(State.choices, by_state, "state"),
        "by_status": counts(PlanStatus.choices, by_status, "status"),
    }


def dashboard(user, on: dt.date | None = None, province: str = "") -> dict | None:
    """Everything the dashboard shows, for `user`, on `on` (default today), in the active language: the whole
    scope, or the communes of `province` in it (None when the scope has none there)."""
    on = on or dt.date.today()
    figures = remembered(
        "dashboard",
        user,
        (on.isoformat(), province, targets_version()),
        lambda: scope_figures(user, on, province),
    )
    if figures is None:
        return None
    staffing = figures["staffing"]
    if staffing is not None:
        names = position_names(code for code, _n in staffing["most_short"])
        staffing = {**staffing, "most_short": [(names.get(c, c), n) for c, n in staffing["most_short"]]}
    return {
        **figures,
        "on": on,
        "target_policy": (reference := national_policy().entry(TARGET, on)),
        "reference_percent": percent(reference.value),
        "uses_reference": any(not row.target_provincial for row in figures["shares"]),
        "plans": plan_counts(user, province),
        "staffing": staffing,
    }


def scope_figures(user, on: dt.date, province: str = "") -> dict | None:
    """The dashboard's figures that follow the registry (what `dashboard` keeps in the cache): no translated
    text, only numbers, codes and the units' own names."""
    communes_in_scope = visible_communes(user)
    provinces = sorted(communes_in_scope.order_by().values_list("province_id", flat=True).distinct())
    if province:
        if province not in provinces:
            return None
        communes_in_scope = communes_in_scope.filter(province_id=province)
    overview = not province and len(provinces) > 1
    non_local = incumbent_non_local(communes_in_scope, on)
    communes = list(
        communes_in_scope.order_by("code").values(
            "code", "name", "latitude", "longitude", "province", province_name=F("province__name")
        )
    )
    statuses = {commune["code"]: status_of(commune["code"], non_local) for commune in communes}
    codes = provinces if not province else [province]
    shares = province_shares(
        communes, statuses, targets_for(codes, on), targets_for(codes, on, PostType.CHAIR)
    )
    return {
        "shares": shares,
        "chart": {
            "provinces": [_short_name(row.name) for row in shares],
            "share": [row.share_percent for row in shares],
            "target": [row.target_percent for row in shares],
        },
        "partial": any(row.partial for row in shares),
        "overview": overview,  # one row and point per province, each leading to the province's own figures
        "province": shares[0] if province and shares else None,  # the province drilled into
        "several_provinces": len(provinces) > 1,
        "communes": len(communes),
        "map": province_map(communes, shares) if overview else commune_map(communes, statuses),
        "staffing": staffing_block(communes_in_scope, on),
    }


def staffing_block(communes, on: dt.date) -> dict | None:
    """The staffing summary (communes short or in surplus, the positions short most often, by code), or None
    when no commune in scope has a quota yet."""
    rows = commune_table(communes, on)
    if not any(row.quota is not None or row.positions for row in rows):
        return None
    return staffing_summary(rows)


def _short_name(name: str) -> str:
    """A province's name for a chart axis: "Tỉnh Quảng Ninh" → "Quảng Ninh", "Thành phố Hà Nội" → "TP Hà Nội"."""
    for prefix, short in (("Tỉnh ", ""), ("Thành phố ", "TP ")):
        if name.startswith(prefix):
            return short + name[len(prefix) :]
    return name
