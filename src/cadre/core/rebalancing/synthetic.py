"""Random rebalancing problems shaped like the national one, for tests and benchmarks (a fixed seed gives the same
problem).

The country: 34 provinces laid along Vietnam's S-shaped length, 3,321 communes scattered around their centres,
and 28 commune positions (vị trí việc làm) with quotas of 1–3 people each (about 37 per commune, more in a
sixth of them, the larger wards). After the 2025 mergers most cells are at quota, many general posts have a
surplus (merged communes kept everyone), and the specialised posts are often short: accounting (kế toán), land
administration (địa chính), construction (xây dựng) and IT (công nghệ thông tin). About half the staff may move
(the others are near retirement, ill, or otherwise exempt), each to a few of the nearest communes of their
province within 40 km, at a cost of the distance times a personal burden factor plus a fixed 2, to one decimal.
"""

from __future__ import annotations

import numpy as np

from cadre.core.geo import distance_matrix_km

# (position id, base quota per commune); the four scarce ones are listed in SCARCE.
POSITIONS = (
    ("van_phong", 1),  # văn phòng HĐND và UBND
    ("tong_hop", 1),
    ("van_thu_luu_tru", 1),
    ("ke_toan", 2),  # kế toán
    ("tai_chinh_ngan_sach", 2),
    ("dia_chinh", 2),  # địa chính
    ("moi_truong", 1),
    ("xay_dung", 1),  # xây dựng
    ("giao_thong_ha_tang", 1),
    ("quy_hoach_do_thi", 1),
    ("nong_nghiep", 2),
    ("cong_thuong", 1),
    ("cong_nghe_thong_tin", 1),  # công nghệ thông tin, chuyển đổi số
    ("tu_phap_ho_tich", 2),
    ("van_hoa_the_thao", 2),
    ("giao_duc", 1),
    ("y_te", 1),
    ("lao_dong_xa_hoi", 2),
    ("noi_vu", 1),
    ("thanh_tra", 1),
    ("hanh_chinh_cong", 2),  # trung tâm phục vụ hành chính công
    ("van_phong_dang_uy", 1),
    ("to_chuc_dang", 1),
    ("kiem_tra_dang", 1),
    ("mat_tran_doan_the", 1),
    ("quan_su", 1),
    ("dan_toc_ton_giao", 1),
    ("thong_ke_ke_hoach", 1),
)
SCARCE = ("ke_toan", "dia_chinh", "xay_dung", "cong_nghe_thong_tin")
# Holders − quota per cell, for the scarce positions and the others.
SCARCE_SPREAD = ((-2, -1, 0, 1), (0.12, 0.33, 0.45, 0.10))
GENERAL_SPREAD = ((-1, 0, 1, 2), (0.10, 0.66, 0.18, 0.06))
# The country's length, north to south (lat, lon): province centres are spread along it.
SPINE = (
    (22.8, 105.0),
    (21.0, 105.8),
    (18.7, 105.6),
    (16.1, 108.1),
    (12.3, 108.9),
    (10.8, 106.6),
    (9.6, 105.6),
)


def national_problem(
    seed: int = 7,
    provinces: int = 34,
    communes: int = 3321,
    movable_share: float = 0.55,
    radius_km: float = 40.0,
    destinations: tuple[int, int] = (3, 8),
) -> dict:
    """A version-1 problem document of the national shape (about 130,000 staff with the defaults)."""
    rng = np.random.default_rng(seed)
    sizes = 10 + rng.multinomial(communes - 10 * provinces, rng.dirichlet(np.full(provinces, 4.0)))
    lat, lon, province = _communes(rng, sizes)
    unit_ids = [f"X{c:05d}" for c in range(communes)]
    names = [name for name, _ in POSITIONS]
    base = np.array([quota for _, quota in POSITIONS])
    large = rng.random(communes) < 0.15
    quota = base[None, :] + (large[:, None] & (rng.random((communes, len(base))) < 0.3))
    scarce = np.isin(names, SCARCE)
    delta = np.where(
        scarce[None, :],
        rng.choice(SCARCE_SPREAD[0], size=quota.shape, p=SCARCE_SPREAD[1]),
        rng.choice(GENERAL_SPREAD[0], size=quota.shape, p=GENERAL_SPREAD[1]),
    )
    holders = np.maximum(quota + delta, 0)
    staff_commune, staff_position = np.nonzero(holders)
    staff_commune = np.repeat(staff_commune, holders[holders > 0])
    staff_position = np.repeat(staff_position, holders[holders > 0])
    neighbours, km = _nearest(lat, lon, province, radius_km, destinations[1])
    movable = rng.random(len(staff_commune)) < movable_share
    wanted = rng.integers(destinations[0], destinations[1] + 1, len(staff_commune))
    burden = rng.uniform(0.8, 1.6, len(staff_commune))

    staff = []
    for s in range(len(staff_commune)):
        commune = int(staff_commune[s])
        listed = []
        if movable[s]:
            for target, distance in zip(
                neighbours[commune][: wanted[s]].tolist(), km[commune][: wanted[s]].tolist(), strict=True
            ):
                listed.append({"unit": unit_ids[target], "cost": round(float(distance * burden[s]) + 2.0, 1)})
        staff.append(
            {
                "id": f"S{s:06d}",
                "unit": unit_ids[commune],
                "position": names[int(staff_position[s])],
                "destinations": listed,
            }
        )
    units = [
        {
            "id": unit_ids[c],
            "province": f"P{int(province[c]) + 1:02d}",
            "quota": dict(zip(names, quota[c].tolist(), strict=True)),
        }
        for c in range(communes)
    ]
    return {"version": 1, "units": units, "staff": staff}


def _communes(rng: np.random.Generator, sizes: np.ndarray):
    """Commune coordinates scattered around province centres spaced evenly along the spine."""
    spine = np.array(SPINE)
    steps = np.linalg.norm(np.diff(spine, axis=0), axis=1)
    along = np.concatenate([[0], np.cumsum(steps)])
    places = (np.arange(len(sizes)) + 0.5) / len(sizes) * along[-1]
    centre = np.column_stack([np.interp(places, along, spine[:, 0]), np.interp(places, along, spine[:, 1])])
    province = np.repeat(np.arange(len(sizes)), sizes)
    spread = 0.18 * np.sqrt(sizes / 100.0)[province]
    lat = centre[province, 0] + rng.normal(0, 1, len(province)) * spread
    lon = centre[province, 1] + rng.normal(0, 1, len(province)) * spread
    return lat, lon, province


def _nearest(lat, lon, province, radius_km: float, most: int):
    """For each commune, up to `most` other communes of its province within `radius_km`, nearest first."""
    neighbours: list[np.ndarray] = [np.empty(0, dtype=np.int64)] * len(lat)
    distances: list[np.ndarray] = [np.empty(0)] * len(lat)
    for p in np.unique(province):
        members = np.flatnonzero(province == p)
        km = distance_matrix_km(lat[members], lon[members]).astype(np.float64)
        np.fill_diagonal(km, np.inf)
        order = np.argsort(km, axis=1)[:, :most]
        for row, commune in enumerate(members.tolist()):
            close = order[row][km[row, order[row]] <= radius_km]
            neighbours[commune] = members[close]
            distances[commune] = km[row, close]
    return neighbours, distances
