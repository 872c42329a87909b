"""Reference list of posts: the commune posts of the two-tier system (POLICY.md §5), the posts at province and
former-district level that cadres rotate from, and the commune's civil-servant job positions.

The commune People's Committee's positions (its offices' leaders and the professional positions) are the
Ministry's list, read from the policy file (`cadre.core.job_positions`, `commune_job_positions`) with each
position's group under the Law on Cadres and Civil Servants 2025 and its source. The other posts (the Party's,
the Council's, the Front's, the former districts' and the province's) are Cadre's reference list.

`level` ranks posts for "equivalent" (1 highest; equal levels are equivalent). The ranks are a working
convention, not a legal number: a province may edit them in the admin.

The list is read once, when the application starts, from the Ministry's list in force that day: a new dated list
takes effect at the next start (the posts it adds are created when the registry next needs the list,
`ensure_positions`; the posts already there keep their names and ranks). A post's rank
does not change with the date looked at: the service centre's director and deputy keep their levels here
whatever rule on their rank (`service_centre_leadership`) was in force on a past date (docs/staffing.md).
"""

from dataclasses import dataclass

from cadre.core.job_positions import commune_positions
from cadre.core.policy import national_policy

# Where a post comes from when it is not on the Ministry's list of commune job positions.
CADRE_SOURCE = (
    "Danh mục tham chiếu của Cadre (chức danh cán bộ, cơ quan Đảng, Mặt trận, cấp huyện cũ, cấp tỉnh); "
    "không thuộc danh mục vị trí việc làm cấp xã của Bộ Nội vụ"
)


@dataclass(frozen=True)
class PositionSpec:
    code: str
    name: str
    name_en: str
    unit_level: str
    track: str
    kind: str
    level: int
    is_head: bool = False
    is_elected: bool = False
    is_key: bool = False
    group: str = ""
    source: str = CADRE_SOURCE


def _lead(code, name, name_en, unit_level, track, level, **flags):
    return PositionSpec(
        code, name, name_en, unit_level, track, "leadership", level, group="leadership", **flags
    )


def _job(code, name, name_en, unit_level="commune", track="government"):
    return PositionSpec(code, name, name_en, unit_level, track, "job", 6, group="professional")


# Cadre's rank of the commune People's Committee's leadership positions (level, head of the body); every other
# position on the Ministry's list is a job position at level 6.
COMMUNE_LEADER_RANKS = {
    "chanh_van_phong": (4, True),
    "pho_chanh_van_phong": (5, False),
    "truong_phong_kinh_te": (4, True),
    "pho_phong_kinh_te": (5, False),
    "truong_phong_vhxh": (4, True),
    "pho_phong_vhxh": (5, False),
    "giam_doc_tthcc": (4, True),
    "pho_giam_doc_tthcc": (5, False),
    "cv_quan_su": (4, True),
    "pho_chi_huy_truong_qs": (5, False),
}


def former_names() -> dict[str, tuple[str, ...]]:
    """Code → the names, Vietnamese and English, Cadre gave the post before the Ministry's list (a workbook
    written then may still use either)."""
    names = {}
    for p in commune_positions(national_policy()):
        if former := tuple(name for name in (p.former, p.former_en) if name):
            names[p.code] = former
    return names


def ministry_positions() -> tuple[PositionSpec, ...]:
    """The commune People's Committee's posts from the Ministry's list in force today, in the list's order."""
    specs = []
    for position in commune_positions(national_policy()):
        leader = position.group == "leadership"
        level, head = COMMUNE_LEADER_RANKS.get(position.code, (4, False) if leader else (6, False))
        specs.append(
            PositionSpec(
                position.code,
                position.name,
                position.name_en,
                "commune",
                "government",
                "leadership" if leader else "job",
                level,
                is_head=head,
                group=position.group,
                source=position.source,
            )
        )
    return tuple(specs)


KEY = {"is_elected": True, "is_key": True}
# The commune Party secretary (Bí thư Đảng ủy xã/phường/đặc khu): the post rotation plans place.
SECRETARY = "bi_thu"
# The commune People's Committee chair (Chủ tịch UBND xã/phường/đặc khu): planned with the secretaries since
# Kết luận 210-KL/TW (2025).
CHAIR = "chu_tich_ubnd"
POSITIONS: tuple[PositionSpec, ...] = (
    # Commune (xã, phường, đặc khu)
    _lead(
        SECRETARY, "Bí thư Đảng ủy", "Party Committee Secretary", "commune", "party", 1, is_head=True, **KEY
    ),
    _lead(
        "pho_bi_thu_tt",
        "Phó Bí thư Thường trực Đảng ủy",
        "Standing Deputy Party Secretary",
        "commune",
        "party",
        2,
        **KEY,
    ),
    _lead("pho_bi_thu", "Phó Bí thư Đảng ủy", "Deputy Party Secretary", "commune", "party", 2, **KEY),
    _lead(
        "chu_nhiem_ubkt",
        "Chủ nhiệm Ủy ban Kiểm tra Đảng ủy",
        "Chair of the Party Inspection Committee",
        "commune",
        "party",
        3,
        is_elected=True,
    ),
    _lead(
        "chu_tich_mttq",
        "Chủ tịch Ủy ban MTTQ",
        "Chair of the Fatherland Front Committee",
        "commune",
        "party",
        3,
        is_head=True,
        is_elected=True,
    ),
    _lead(
        "chu_tich_hdnd",
        "Chủ tịch HĐND",
        "Chair of the People's Council",
        "commune",
        "council",
        2,
        is_head=True,
        **KEY,
    ),
    _lead(
        "pho_chu_tich_hdnd",
        "Phó Chủ tịch HĐND",
        "Vice-chair of the People's Council",
        "commune",
        "council",
        3,
        **KEY,
    ),
    _lead(
        CHAIR,
        "Chủ tịch UBND",
        "Chair of the People's Committee",
        "commune",
        "government",
        2,
        is_head=True,
        **KEY,
    ),
    _lead(
        "pho_chu_tich_ubnd",
        "Phó Chủ tịch UBND",
        "Vice-chair of the People's Committee",
        "commune",
        "government",
        3,
        **KEY,
    ),
    *ministry_positions(),
    _job("cv_van_phong_dang", "Chuyên viên Văn phòng Đảng ủy", "Party Office officer", track="party"),
    _job("cv_xay_dung_dang", "Chuyên viên Ban Xây dựng Đảng", "Party building officer", track="party"),
    _job("cv_kiem_tra_dang", "Chuyên viên Ủy ban Kiểm tra", "Party inspection officer", track="party"),
    _job("cv_mat_tran", "Chuyên viên Mặt trận và đoàn thể", "Fatherland Front officer", track="party"),
    # Former district level (huyện/quận/thị xã/thành phố thuộc tỉnh, abolished 1 July 2025)
    _lead(
        "bi_thu_huyen",
        "Bí thư Huyện ủy (cấp huyện cũ)",
        "District Party Secretary (former)",
        "district",
        "party",
        1,
        is_head=True,
        is_elected=True,
    ),
    _lead(
        "pho_bi_thu_huyen",
        "Phó Bí thư Huyện ủy (cấp huyện cũ)",
        "Deputy District Party Secretary (former)",
        "district",
        "party",
        2,
        is_elected=True,
    ),
    _lead(
        "chu_tich_ubnd_huyen",
        "Chủ tịch UBND huyện (cũ)",
        "District People's Committee Chair (former)",
        "district",
        "government",
        2,
        is_head=True,
        is_elected=True,
    ),
    _lead(
        "pho_chu_tich_ubnd_huyen",
        "Phó Chủ tịch UBND huyện (cũ)",
        "District People's Committee Vice-chair (former)",
        "district",
        "government",
        3,
        is_elected=True,
    ),
    _lead(
        "truong_phong_huyen",
        "Trưởng phòng cấp huyện (cũ)",
        "District department head (former)",
        "district",
        "government",
        4,
        is_head=True,
    ),
    _lead(
        "pho_phong_huyen",
        "Phó Trưởng phòng cấp huyện (cũ)",
        "District deputy department head (former)",
        "district",
        "government",
        5,
    ),
    _job("cv_huyen", "Chuyên viên cấp huyện (cũ)", "District officer (former)", unit_level="district"),
    # Province level
    _lead(
        "giam_doc_so",
        "Giám đốc Sở và tương đương",
        "Department director or equivalent",
        "province",
        "government",
        1,
        is_head=True,
    ),
    _lead(
        "pho_giam_doc_so",
        "Phó Giám đốc Sở và tương đương",
        "Deputy department director or equivalent",
        "province",
        "government",
        2,
    ),
    _lead(
        "truong_phong_tinh",
        "Trưởng phòng cấp tỉnh",
        "Provincial division head",
        "province",
        "government",
        3,
        is_head=True,
    ),
    _lead(
        "pho_phong_tinh",
        "Phó Trưởng phòng cấp tỉnh",
        "Provincial deputy division head",
        "province",
        "government",
        4,
    ),
    _lead(
        "truong_ban_tinh_uy",
        "Trưởng phòng, ban thuộc Tỉnh ủy",
        "Division head in a Provincial Party body",
        "province",
        "party",
        3,
        is_head=True,
    ),
    _job("cv_tinh", "Chuyên viên cấp tỉnh", "Provincial officer", unit_level="province"),
    _job(
        "cv_tinh_uy",
        "Chuyên viên cơ quan Tỉnh ủy",
        "Provincial Party body officer",
        unit_level="province",
        track="party",
    ),
)


FORMER_NAMES = former_names()


def add_missing_positions(model) -> None:
    """Create the reference posts the table lacks; the posts already there are left as they are (a province may
    have edited their names and ranks in the admin). `model` is the Position model (or its migration-time twin,
    which may not have the later fields yet: only the fields it has are written)."""
    known = {field.name for field in model._meta.get_fields()}
    existing = set(model.objects.values_list("code", flat=True))
    for order, spec in enumerate(POSITIONS):
        if spec.code in existing:
            continue
        fields = {
            name: getattr(spec, name)
            for name in spec.__dataclass_fields__
            if name != "code" and name in known
        }
        model.objects.create(code=spec.code, **fields, order=order)
