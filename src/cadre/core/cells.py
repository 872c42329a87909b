"""Areas for places known only by a point: each commune's Voronoi cell, clipped to the outline of its province.

No boundary data can be shipped with Cadre, but every commune has reference coordinates. The set of places nearer
to a commune's point than to any other commune's is its Voronoi cell (Voronoi, 1908; here by half-plane
clipping, the construction in de Berg et al., *Computational Geometry*, ch. 7): cells tile the province without
gaps or overlaps, and a person reads them as a map of areas. Each cell also stays within its commune's reach
(`reaches`: a few times the usual distance between neighbours), so border communes and islands get areas of a
sensible size and the union of the cells takes the province's shape. Plane coordinates in, polygons out; pure
Python.

Each cell is the outline cut by the bisector of the point and each other point, nearest first; once the next
point is more than twice as far as the cell's farthest corner, no later bisector can cut it (every corner is
nearer to its own point than to the next one), so a cell costs about its neighbours, not every point.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

Point = tuple[float, float]
Polygon = list[Point]

_EPSILON = 1e-9


def convex_hull(points: Sequence[Point]) -> Polygon:
    """The convex hull, counter-clockwise, without repeated points (Andrew's monotone chain)."""
    unique = sorted(set(points))
    if len(unique) <= 2:
        return unique

    def cross(o: Point, a: Point, b: Point) -> float:
        return (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0])

    lower: Polygon = []
    for p in unique:
        while len(lower) >= 2 and cross(lower[-2], lower[-1], p) <= 0:
            lower.pop()
        lower.append(p)
    upper: Polygon = []
    for p in reversed(unique):
        while len(upper) >= 2 and cross(upper[-2], upper[-1], p) <= 0:
            upper.pop()
        upper.append(p)
    return lower[:-1] + upper[:-1]


def outline(points: Sequence[Point], margin: float) -> Polygon:
    """The area the points cover: their convex hull pushed outward by `margin` (a box around one or two points,
    or points on a line), counter-clockwise."""
    hull = convex_hull(points)
    if len(hull) < 3 or _area(hull) < margin * margin:
        return bounding_box(points, margin)
    # Each corner moves out along the sum of its two edges' outward normals, so every edge moves by `margin`.
    grown = []
    for index, corner in enumerate(hull):
        before, after = hull[index - 1], hull[(index + 1) % len(hull)]
        n1, n2 = _outward_normal(before, corner), _outward_normal(corner, after)
        nx, ny = n1[0] + n2[0], n1[1] + n2[1]
        length = math.hypot(nx, ny)
        cosine = max(0.2, length / 2)  # a very sharp corner would shoot far out: cap its reach at 5 margins
        grown.append((corner[0] + nx / length * margin / cosine, corner[1] + ny / length * margin / cosine))
    return grown


def bounding_box(points: Sequence[Point], margin: float) -> Polygon:
    """The points' bounding box grown by `margin` on every side, counter-clockwise."""
    xs, ys = [p[0] for p in points], [p[1] for p in points]
    left, right, bottom, top = min(xs) - margin, max(xs) + margin, min(ys) - margin, max(ys) + margin
    return [(left, bottom), (right, bottom), (right, top), (left, top)]


def typical_spacing(points: Sequence[Point]) -> float:
    """The median distance from a point to its nearest neighbour (0 for fewer than two distinct points)."""
    unique = sorted(set(points))
    if len(unique) < 2:
        return 0.0
    nearest = []
    for i, p in enumerate(unique):
        nearest.append(min(math.dist(p, q) for j, q in enumerate(unique) if j != i))
    nearest.sort()
    return nearest[len(nearest) // 2]


def reaches(points: Sequence[Point]) -> list[float]:
    """How far each point's area may reach from it: 1.5 times the distance to its nearest neighbour, but at
    least 1.2 and at most 3 times the usual spacing. Communes close together meet along their bisectors; a
    commune far from the rest (an island) gets a round area of its own instead of a wedge of sea, and the
    areas' union follows the shape of the province rather than its convex hull."""
    spacing = typical_spacing(points)
    if spacing == 0:
        return [math.inf] * len(points)
    result = []
    for i, p in enumerate(points):
        nearest = min((math.dist(p, q) for j, q in enumerate(points) if j != i and q != p), default=spacing)
        result.append(min(3 * spacing, max(1.2 * spacing, 1.5 * nearest)))
    return result


def voronoi_cells(
    points: Sequence[Point], boundary: Polygon, reach: Sequence[float] | None = None
) -> list[Polygon]:
    """Each point's Voronoi cell within the convex polygon `boundary` (counter-clockwise), in the points' order,
    and, given `reach`, within that distance of its point (a 24-sided polygon around it). Points at the same
    place share one cell; a point outside `boundary` may get an empty cell."""
    cells = []
    for i, site in enumerate(points):
        others = sorted(
            (math.dist(site, other), other) for j, other in enumerate(points) if j != i and other != site
        )
        cell = list(boundary)
        if reach is not None and math.isfinite(reach[i]):
            cell = _clip_to(cell, _around(site, reach[i]))
        for distance, other in others:
            if not cell or distance > 2 * _reach(site, cell) + _EPSILON:
                break
            cell = _clip_nearer(cell, site, other)
        cells.append(cell)
    return cells


def _around(site: Point, radius: float, sides: int = 24) -> Polygon:
    """A regular polygon around `site` whose edges lie at least `radius` from it, counter-clockwise."""
    out = radius / math.cos(math.pi / sides)
    return [
        (site[0] + out * math.cos(2 * math.pi * k / sides), site[1] + out * math.sin(2 * math.pi * k / sides))
        for k in range(sides)
    ]


def _clip_to(polygon: Polygon, convex: Polygon) -> Polygon:
    """The part of `polygon` inside the convex counter-clockwise polygon `convex`."""
    for index, corner in enumerate(convex):
        if not polygon:
            break
        before = convex[index - 1]
        # Keep the side of edge before→corner the polygon's inside lies on: the mirror image of a point inside.
        ex, ey = corner[0] - before[0], corner[1] - before[1]
        inner = (before[0] - ey, before[1] + ex)  # a point just inside, to the edge's left
        mirror = (2 * before[0] - inner[0], 2 * before[1] - inner[1])
        polygon = _clip_nearer(polygon, inner, mirror)
    return polygon


def _clip_nearer(polygon: Polygon, site: Point, other: Point) -> Polygon:
    """The part of `polygon` at least as near to `site` as to `other` (Sutherland–Hodgman against their
    bisector)."""
    mx, my = (site[0] + other[0]) / 2, (site[1] + other[1]) / 2
    dx, dy = other[0] - site[0], other[1] - site[1]

    def side(p: Point) -> float:  # <= 0: on the site's side of the bisector
        return (p[0] - mx) * dx + (p[1] - my) * dy

    result: Polygon = []
    for index, current in enumerate(polygon):
        previous = polygon[index - 1]
        s_current, s_previous = side(current), side(previous)
        if s_current <= _EPSILON:
            if s_previous > _EPSILON:
                result.append(_crossing(previous, current, s_previous, s_current))
            result.append(current)
        elif s_previous <= _EPSILON:
            result.append(_crossing(previous, current, s_previous, s_current))
    return result


def _crossing(a: Point, b: Point, side_a: float, side_b: float) -> Point:
    t = side_a / (side_a - side_b)
    return (a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t)


def _reach(site: Point, cell: Polygon) -> float:
    return max(math.dist(site, corner) for corner in cell)


def _area(polygon: Polygon) -> float:
    return (
        abs(sum(a[0] * b[1] - b[0] * a[1] for a, b in zip(polygon, polygon[1:] + polygon[:1], strict=True)))
        / 2
    )


def _outward_normal(a: Point, b: Point) -> Point:
    """The unit normal of edge a→b pointing out of a counter-clockwise polygon."""
    dx, dy = b[0] - a[0], b[1] - a[1]
    length = math.hypot(dx, dy) or 1.0
    return (dy / length, -dx / length)


def area(polygon: Polygon) -> float:
    """The polygon's area (any orientation)."""
    return _area(polygon)
