"""Small registries for page and API tests, built through the same services the import uses.

Use with the `geography` fixture: places and postings refer to the real units loaded in the test database.
"""

import datetime as dt
import itertools

from cadre.core.place_names import fold
from cadre.geo.models import Commune
from cadre.people.models import Discipline, Evaluation, Official, Position
from cadre.people.services import ensure_positions, record_posting, refresh_officials

_serial = itertools.count(1)


def new_citizen_id(province: str = "031") -> str:
    """12 digits: the province of registration, then a running number."""
    return f"{province}{next(_serial):09d}"


def place_text(code: str | None) -> str:
    if code is None:
        return ""
    commune = Commune.objects.select_related("province").get(code=code)
    return f"{commune.name}, {commune.province.name}"


def make_official(
    full_name: str = "Nguyễn Văn An",
    *,
    citizen_id: str | None = None,
    sex: str = "male",
    born: dt.date = dt.date(1975, 6, 5),
    precision: str = "day",
    birthplace: str | None = None,
    raised: str | None = None,
    hometown: str | None = None,
    **fields,
) -> Official:
    """An official born and raised in the given communes (codes of the units in force since 1/7/2025)."""
    places = {}
    for kind, code in (("birthplace", birthplace), ("raised", raised), ("hometown", hometown)):
        places[f"{kind}_id"] = code
        places[f"{kind}_text"] = place_text(code)
    return Official.objects.create(
        citizen_id=citizen_id or new_citizen_id(),
        full_name=full_name,
        search_key=fold(full_name),
        sex=sex,
        birth_date=born,
        birth_precision=precision,
        **places,
        **fields,
    )


def post(
    official: Official,
    position: str,
    *,
    start: dt.date,
    commune: str | None = None,
    province: str | None = None,
    district: str | None = None,
    end: dt.date | None = None,
    body: str = "",
    decision: str = "",
):
    """Record a posting (the open one of the same track is closed the day before) and refresh the person."""
    ensure_positions()
    if province is None:
        province = Commune.objects.get(code=commune).province_id
    posting = record_posting(
        official,
        Position.objects.get(code=position),
        province=province,
        district=district,
        commune=commune,
        start=start,
        end=end,
        body=body,
        decision=decision,
    )
    official.refresh_from_db()
    return posting


def rate(official: Official, ratings: dict[int, str]) -> None:
    """Record yearly ratings ({2024: "HTTNV", ...}) and refresh the person's latest evaluation."""
    Evaluation.objects.bulk_create(
        Evaluation(official=official, year=y, level=lv) for y, lv in ratings.items()
    )
    refresh_officials([official.pk])
    official.refresh_from_db()


def discipline(
    official: Official,
    measure: str,
    decided_on: dt.date,
    *,
    body: str = "Ủy ban Kiểm tra Thành ủy",
    decision: str = "",
    annulled: str = "",
) -> Discipline:
    """Record a disciplinary measure ("reprimand", "warning", "removal", ...) against the person; `annulled`:
    the decision that annulled it."""
    return Discipline.objects.create(
        official=official,
        measure=measure,
        decided_on=decided_on,
        deciding_body=body,
        decision=decision,
        annulled=annulled,
    )


def registry(count: int, provinces: tuple[str, ...] = ("31", "01")) -> list[Official]:
    """`count` officials spread over the first communes of `provinces`, each with a post and two ratings."""
    communes = {
        p: list(Commune.objects.filter(province_id=p).order_by("code").values_list("code", flat=True)[:10])
        for p in provinces
    }
    made = []
    for index in range(count):
        province = provinces[index % len(provinces)]
        commune = communes[province][index % len(communes[province])]
        official = make_official(
            f"Cán Bộ Thử {index:03d}",
            sex="female" if index % 3 == 0 else "male",
            born=dt.date(1965 + index % 30, 1 + index % 12, 1 + index % 28),
            birthplace=commune if index % 2 else None,
            raised=commune if index % 2 else None,
        )
        post(official, "cv_van_phong", commune=commune, start=dt.date(2020, 1, 1) + dt.timedelta(days=index))
        made.append(official)
    Evaluation.objects.bulk_create(
        Evaluation(official=o, year=year, level=level)
        for o in made
        for year, level in ((2024, "HTTNV"), (2025, "HTNV"))
    )
    refresh_officials([o.pk for o in made])
    return made


def three_people() -> dict[str, Official]:
    """An, Bình and Cường, each of whom one filter of the officials list picks out alone.

    - An: a man born 05/06/1975 in Phường Thành Đông (Hải Phòng), deputy Party secretary there from 2016, Party
      secretary of Phường Hải Dương from 1/7/2025 (not local there); rated well.
    - Bình: a woman born in 1980 (only the year known) in Phường Ba Đình (Hà Nội), chair there since 2020,
      local; rated KHTNV two years running.
    - Cường: a man of 40, month and year of birth known, with no post and no rating.
    """
    from cadre.core.dates import add_months

    an = make_official(
        "Nguyễn Văn An", citizen_id="031075000001", birthplace="10507", raised="10507", ethnicity="Kinh"
    )
    post(an, "pho_bi_thu", commune="10507", start=dt.date(2016, 1, 1), decision="QĐ 12-QĐ/TU")
    post(an, "bi_thu", commune="10525", start=dt.date(2025, 7, 1), body="Đảng ủy phường")
    rate(an, {2024: "HTTNV", 2025: "HTXSNV"})

    binh = make_official(
        "Trần Thị Bình",
        citizen_id="001180000002",
        sex="female",
        born=dt.date(1980, 1, 1),
        precision="year",
        birthplace="00004",
        raised="00004",
    )
    post(binh, "chu_tich_ubnd", commune="00004", start=dt.date(2020, 7, 1))
    rate(binh, {2024: "KHTNV", 2025: "KHTNV"})

    forty = add_months(dt.date.today(), -12 * 40 - 1)
    cuong = make_official(
        "Lê Văn Cường", citizen_id="001090000003", born=forty.replace(day=1), precision="month"
    )
    return {"an": an, "binh": binh, "cuong": cuong}
