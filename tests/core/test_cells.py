"""Communes as areas (`cadre.core.cells`): Voronoi cells clipped to the outline tile it exactly, each cell holds
its own point and only points nearer to it than to any other, and the outline holds every point."""

import math
import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cadre.core.cells import area, convex_hull, outline, reaches, typical_spacing, voronoi_cells


def inside(point, polygon) -> bool:
    """On or inside a convex counter-clockwise polygon."""
    return all(
        (b[0] - a[0]) * (point[1] - a[1]) - (b[1] - a[1]) * (point[0] - a[0]) >= -1e-6
        for a, b in zip(polygon, polygon[1:] + polygon[:1], strict=True)
    )


coordinates = st.floats(min_value=0, max_value=600, allow_nan=False).map(lambda v: round(v, 1))


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(coordinates, coordinates), min_size=1, max_size=40, unique=True))
def test_the_cells_tile_the_outline_and_each_holds_its_own_point(points):
    margin = max(typical_spacing(points) * 0.6, 4.0)
    shape = outline(points, margin)
    assert all(inside(p, shape) for p in points)
    cells = voronoi_cells(points, shape)
    assert len(cells) == len(points)
    assert sum(area(c) for c in cells) == pytest.approx(area(shape), rel=1e-6)
    for point, cell in zip(points, cells, strict=True):
        assert inside(point, cell)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(coordinates, coordinates), min_size=2, max_size=40, unique=True))
def test_cells_within_their_reach_never_overlap_and_hold_their_points(points):
    shape = outline(points, max(typical_spacing(points) * 0.6, 4.0))
    limited = voronoi_cells(points, shape, reaches(points))
    full = voronoi_cells(points, shape)
    for point, small, large in zip(points, limited, full, strict=True):
        assert inside(point, small) and area(small) <= area(large) + 1e-6
    assert sum(area(c) for c in limited) <= area(shape) * (1 + 1e-9)


def test_a_commune_far_from_the_rest_gets_a_round_area_not_a_wedge_of_sea():
    grid = [(x * 10.0, y * 10.0) for x in range(6) for y in range(6)]
    island = (400.0, 300.0)
    points = [*grid, island]
    shape = outline(points, 6)
    wedge = voronoi_cells(points, shape)[-1]
    own = voronoi_cells(points, shape, reaches(points))[-1]
    assert area(own) <= math.pi * 30.0**2 * 1.05 < area(wedge)  # 3 spacings of 10 at most
    assert all(math.dist(corner, island) <= 30.0 / math.cos(math.pi / 24) + 1e-6 for corner in own)


def test_a_corner_of_a_cell_is_no_nearer_to_another_point():
    random.seed(14)
    points = [(random.uniform(0, 500), random.uniform(0, 300)) for _ in range(120)]
    cells = voronoi_cells(points, outline(points, 20))
    for point, cell in zip(points, cells, strict=True):
        for corner in cell:
            own = math.dist(corner, point)
            assert all(math.dist(corner, other) >= own - 1e-6 for other in points)


def test_one_point_and_two_points_get_a_box_split_down_the_middle():
    assert voronoi_cells([(0, 0)], outline([(0, 0)], 5)) == [[(-5, -5), (5, -5), (5, 5), (-5, 5)]]
    left, right = voronoi_cells([(0, 0), (10, 0)], outline([(0, 0), (10, 0)], 5))
    assert area(left) == area(right) == 100
    assert max(x for x, _y in left) == min(x for x, _y in right) == 5


def test_the_hull_is_counter_clockwise_and_leaves_out_inner_points():
    assert convex_hull([(0, 0), (2, 0), (1, 1), (2, 2), (0, 2)]) == [(0, 0), (2, 0), (2, 2), (0, 2)]
