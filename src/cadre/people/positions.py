"""Reference list of posts: the commune posts of the two-tier system (POLICY.md §5), the posts at province and
former-district level that cadres rotate from, and common commune job positions.

`level` ranks posts for "equivalent" (1 highest; equal levels are equivalent). The ranks are a working
convention, not a legal number: a province may edit them in the admin. The job positions group the common
commune civil-servant positions; they are not the verbatim list of Official Letter 7415/BNV-CCVC.
"""

from dataclasses import dataclass


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


def _lead(code, name, name_en, unit_level, track, level, **flags):
    return PositionSpec(code, name, name_en, unit_level, track, "leadership", level, **flags)


def _job(code, name, name_en, unit_level="commune", track="government"):
    return PositionSpec(code, name, name_en, unit_level, track, "job", 6)


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
    _lead(
        "chanh_van_phong",
        "Chánh Văn phòng HĐND và UBND",
        "Head of the Office",
        "commune",
        "government",
        4,
        is_head=True,
    ),
    _lead(
        "pho_chanh_van_phong",
        "Phó Chánh Văn phòng HĐND và UBND",
        "Deputy Head of the Office",
        "commune",
        "government",
        5,
    ),
    _lead(
        "truong_phong_kinh_te",
        "Trưởng phòng Kinh tế (phường: Kinh tế, Hạ tầng và Đô thị)",
        "Head of the Economic Department",
        "commune",
        "government",
        4,
        is_head=True,
    ),
    _lead(
        "pho_phong_kinh_te",
        "Phó Trưởng phòng Kinh tế",
        "Deputy Head of the Economic Department",
        "commune",
        "government",
        5,
    ),
    _lead(
        "truong_phong_vhxh",
        "Trưởng phòng Văn hóa - Xã hội",
        "Head of the Culture–Social Department",
        "commune",
        "government",
        4,
        is_head=True,
    ),
    _lead(
        "pho_phong_vhxh",
        "Phó Trưởng phòng Văn hóa - Xã hội",
        "Deputy Head of the Culture–Social Department",
        "commune",
        "government",
        5,
    ),
    _lead(
        "giam_doc_tthcc",
        "Giám đốc Trung tâm Phục vụ hành chính công",
        "Director of the Public Administration Service Centre",
        "commune",
        "government",
        4,
        is_head=True,
    ),
    _lead(
        "pho_giam_doc_tthcc",
        "Phó Giám đốc Trung tâm Phục vụ hành chính công",
        "Deputy Director of the Public Administration Service Centre",
        "commune",
        "government",
        5,
    ),
    _job("cv_van_phong_dang", "Chuyên viên Văn phòng Đảng ủy", "Party Office officer", track="party"),
    _job("cv_xay_dung_dang", "Chuyên viên Ban Xây dựng Đảng", "Party building officer", track="party"),
    _job("cv_kiem_tra_dang", "Chuyên viên Ủy ban Kiểm tra", "Party inspection officer", track="party"),
    _job("cv_mat_tran", "Chuyên viên Mặt trận và đoàn thể", "Fatherland Front officer", track="party"),
    _job("cv_van_phong", "Văn phòng - tổng hợp", "Office and general affairs"),
    _job("cv_tu_phap", "Tư pháp - hộ tịch", "Justice and civil status"),
    _job("cv_tai_chinh", "Tài chính - kế toán", "Finance and accounting"),
    _job("cv_dia_chinh", "Địa chính - quản lý đất đai", "Land administration"),
    _job("cv_xay_dung", "Xây dựng - đô thị - môi trường", "Construction, urban affairs and environment"),
    _job("cv_nong_nghiep", "Nông nghiệp - môi trường", "Agriculture and environment"),
    _job("cv_cntt", "Công nghệ thông tin, chuyển đổi số", "IT and digital transformation"),
    _job("cv_van_hoa", "Văn hóa - xã hội", "Culture and social affairs"),
    _job("cv_giao_duc_y_te", "Giáo dục - y tế", "Education and health"),
    _job(
        "cv_lao_dong", "Lao động - người có công - bảo trợ xã hội", "Labour, veterans and social protection"
    ),
    _job("cv_mot_cua", "Tiếp nhận và trả kết quả (một cửa)", "One-stop service desk"),
    _job("cv_quan_su", "Chỉ huy trưởng Quân sự", "Military commander"),
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


def upsert_positions(model) -> None:
    """Create or update the reference posts; `model` is the Position model (or its migration-time twin)."""
    for order, spec in enumerate(POSITIONS):
        fields = {name: getattr(spec, name) for name in spec.__dataclass_fields__ if name != "code"}
        model.objects.update_or_create(code=spec.code, defaults={**fields, "order": order})
