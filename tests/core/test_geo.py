import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from cadre.core.geo import distance_matrix_km, haversine_km

HANOI = (21.0285, 105.8542)
HCMC = (10.7769, 106.7009)

lat = st.floats(min_value=8.0, max_value=23.5)
lon = st.floats(min_value=102.0, max_value=110.0)


def test_hanoi_to_ho_chi_minh_city_is_about_1140_km():
    assert 1130 < haversine_km(*HANOI, *HCMC) < 1150


def test_a_point_is_zero_km_from_itself():
    assert haversine_km(*HANOI, *HANOI) == 0


@given(lat, lon, lat, lon, lat, lon)
def test_symmetry_and_triangle_inequality(a1, o1, a2, o2, a3, o3):
    ab, ba = haversine_km(a1, o1, a2, o2), haversine_km(a2, o2, a1, o1)
    assert math.isclose(ab, ba, abs_tol=1e-9)
    assert haversine_km(a1, o1, a3, o3) <= ab + haversine_km(a2, o2, a3, o3) + 1e-6


def test_matrix_matches_pairwise_distances():
    rng = np.random.default_rng(7)
    la, lo = rng.uniform(8, 23, 40), rng.uniform(102, 110, 40)
    matrix = distance_matrix_km(la, lo)
    assert matrix.shape == (40, 40) and matrix.dtype == np.float32
    assert np.allclose(np.diag(matrix), 0) and np.allclose(matrix, matrix.T)
    assert math.isclose(matrix[3, 17], haversine_km(la[3], lo[3], la[17], lo[17]), rel_tol=1e-5)


def test_rectangular_matrix_from_some_points_to_others():
    assert distance_matrix_km([HANOI[0]], [HANOI[1]], [HCMC[0], HANOI[0]], [HCMC[1], HANOI[1]]).shape == (
        1,
        2,
    )


@pytest.mark.parametrize("bad", [float("nan"), float("inf")])
def test_non_finite_coordinates_are_refused(bad):
    with pytest.raises(ValueError):
        haversine_km(bad, 105.0, 21.0, 105.0)
