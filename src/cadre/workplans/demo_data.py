"""What the demo's work plans are made of: three made-up sources for 2026 and the tasks each gives a commune.

Nothing here is a real document: the numbers carry "(mẫu / demo)" so no one takes them for the city's. The
wording follows how Hải Phòng's communes write their plans (chuyển đổi số, cải cách thủ tục hành chính, kinh tế -
xã hội, công tác Đảng). Each task names the posts its lead is drawn from, best first, and its co-workers' posts.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

YEAR = 2026


@dataclass(frozen=True)
class Source:
    key: str
    kind: str
    number: str
    date: dt.date
    body: str  # "{commune}" is replaced by the commune's name
    title: str
    plan_title: str


@dataclass(frozen=True)
class TaskTemplate:
    source: str
    title: str
    leads: tuple[str, ...]  # position codes, best first
    coworkers: tuple[str, ...]
    result_kind: str
    expected_result: str
    completion_criterion: str
    start: tuple[int, int]  # (month, day) of 2026
    deadline: tuple[int, int]
    level: str  # "commune" or "province"
    authority_body: str
    report_to: str
    milestones: tuple[tuple[tuple[int, int], str], ...] = ()

    def day(self, which: tuple[int, int]) -> dt.date:
        return dt.date(YEAR, *which)


SOURCES = (
    Source(
        "directive",
        "directive",
        "15-CT/TU (mẫu / demo)",
        dt.date(2025, 12, 15),
        "Ban Thường vụ Thành ủy Hải Phòng",
        "Về đẩy mạnh chuyển đổi số và cải cách thủ tục hành chính năm 2026",
        "Kế hoạch thực hiện Chỉ thị 15-CT/TU về chuyển đổi số, cải cách thủ tục hành chính năm 2026",
    ),
    Source(
        "plan",
        "plan",
        "210/KH-UBND (mẫu / demo)",
        dt.date(2025, 12, 26),
        "Ủy ban nhân dân thành phố Hải Phòng",
        "Thực hiện nhiệm vụ phát triển kinh tế - xã hội, bảo đảm quốc phòng, an ninh năm 2026",
        "Kế hoạch thực hiện nhiệm vụ phát triển kinh tế - xã hội năm 2026",
    ),
    Source(
        "resolution",
        "resolution",
        "01-NQ/ĐU (mẫu / demo)",
        dt.date(2026, 1, 8),
        "Ban Chấp hành Đảng bộ {commune}",
        "Về lãnh đạo thực hiện nhiệm vụ chính trị năm 2026",
        "Chương trình công tác năm 2026 thực hiện Nghị quyết 01-NQ/ĐU của Đảng ủy",
    ),
)

CHAIR = "Chủ tịch UBND xã"
STANDING = "Thường trực Đảng ủy xã"

TEMPLATES = (
    TaskTemplate(
        "directive",
        "Số hóa hồ sơ, kết quả giải quyết thủ tục hành chính còn hiệu lực",
        ("giam_doc_tthcc", "pho_giam_doc_tthcc", "cv_mot_cua"),
        ("cv_mot_cua", "cv_van_phong"),
        "figure",
        "100% hồ sơ, kết quả còn hiệu lực được số hóa trên Hệ thống thông tin giải quyết thủ tục hành chính",
        "Tỷ lệ số hóa trên hệ thống đạt 100%, có báo cáo của Trung tâm Phục vụ hành chính công",
        (2, 2),
        (9, 30),
        "commune",
        CHAIR,
        CHAIR,
        (((5, 29), "Số hóa 50% hồ sơ"), ((7, 31), "Số hóa 80% hồ sơ")),
    ),
    TaskTemplate(
        "directive",
        "Rà soát, công khai đầy đủ thủ tục hành chính thuộc thẩm quyền cấp xã trên Cổng Dịch vụ công",
        ("cv_van_phong", "chanh_van_phong", "pho_chanh_van_phong"),
        ("cv_tu_phap",),
        "document",
        "Danh mục thủ tục hành chính cấp xã được công khai trên Cổng Dịch vụ công và tại Trung tâm",
        "100% thủ tục hành chính cấp xã được công khai đúng, đủ; không còn thủ tục sai lệch",
        (1, 15),
        (3, 31),
        "commune",
        CHAIR,
        CHAIR,
    ),
    TaskTemplate(
        "directive",
        "Tuyên truyền, hướng dẫn người dân sử dụng dịch vụ công trực tuyến toàn trình",
        ("cv_mot_cua", "pho_giam_doc_tthcc", "cv_van_hoa"),
        ("cv_van_hoa", "chu_tich_mttq"),
        "figure",
        "Tỷ lệ hồ sơ nộp trực tuyến đạt chỉ tiêu thành phố giao",
        "Số liệu trên Cổng Dịch vụ công tháng 11/2026 đạt chỉ tiêu được giao",
        (3, 2),
        (11, 30),
        "commune",
        CHAIR,
        CHAIR,
        (((6, 30), "Sơ kết 6 tháng, báo cáo tỷ lệ hồ sơ trực tuyến"),),
    ),
    TaskTemplate(
        "directive",
        "Cấp và sử dụng chữ ký số cho cán bộ, công chức xã trong xử lý văn bản",
        ("cv_van_phong", "cv_cntt", "chanh_van_phong"),
        ("cv_cntt",),
        "service",
        "100% cán bộ, công chức có chứng thư số và ký số văn bản điện tử",
        "Danh sách cấp chứng thư số; văn bản đi của xã được ký số",
        (2, 2),
        (4, 30),
        "commune",
        CHAIR,
        CHAIR,
    ),
    TaskTemplate(
        "directive",
        "Kết nối camera tại Trung tâm Phục vụ hành chính công với hệ thống giám sát của thành phố",
        ("cv_cntt", "pho_giam_doc_tthcc", "giam_doc_tthcc"),
        ("giam_doc_tthcc",),
        "service",
        "Camera của Trung tâm được kết nối, hình ảnh xem được trên hệ thống của thành phố",
        "Biên bản nghiệm thu kết nối của Sở Khoa học và Công nghệ",
        (3, 2),
        (6, 30),
        "province",
        "Giám đốc Sở Khoa học và Công nghệ thành phố",
        "Sở Khoa học và Công nghệ thành phố",
    ),
    TaskTemplate(
        "plan",
        "Lập dự toán ngân sách xã và kế hoạch đầu tư công năm 2027",
        ("cv_tai_chinh", "cv_ke_hoach", "truong_phong_kinh_te"),
        ("cv_ke_hoach",),
        "document",
        "Dự toán ngân sách xã năm 2027 trình Hội đồng nhân dân xã",
        "Hội đồng nhân dân xã thông qua nghị quyết về dự toán",
        (9, 1),
        (12, 15),
        "commune",
        CHAIR,
        CHAIR,
    ),
    TaskTemplate(
        "plan",
        "Rà soát, cập nhật danh sách hộ nghèo, hộ cận nghèo năm 2026",
        ("cv_lao_dong", "cv_van_hoa", "truong_phong_vhxh"),
        ("chu_tich_mttq",),
        "document",
        "Danh sách hộ nghèo, hộ cận nghèo năm 2026 được công nhận",
        "Quyết định công nhận của Chủ tịch UBND xã; số liệu cập nhật lên cơ sở dữ liệu",
        (9, 1),
        (11, 30),
        "commune",
        CHAIR,
        CHAIR,
    ),
    TaskTemplate(
        "plan",
        "Hoàn thành giải phóng mặt bằng các dự án trọng điểm của thành phố trên địa bàn",
        ("truong_phong_kinh_te", "cv_dia_chinh", "pho_phong_kinh_te"),
        ("cv_dia_chinh", "cv_xay_dung"),
        "figure",
        "Bàn giao 100% mặt bằng cho chủ đầu tư theo tiến độ thành phố giao",
        "Biên bản bàn giao mặt bằng cho chủ đầu tư",
        (1, 15),
        (6, 30),
        "province",
        "Chủ tịch UBND thành phố",
        "Ban Chỉ đạo giải phóng mặt bằng thành phố",
        (((3, 31), "Kiểm đếm, lập phương án bồi thường"), ((5, 15), "Chi trả bồi thường")),
    ),
    TaskTemplate(
        "plan",
        "Kiểm tra, xử lý vi phạm trật tự xây dựng, đất đai",
        ("cv_xay_dung", "cv_dia_chinh", "truong_phong_kinh_te"),
        ("cv_dia_chinh",),
        "service",
        "Các vi phạm phát hiện được xử lý, báo cáo kết quả hằng quý",
        "Báo cáo quý gửi Chủ tịch UBND xã; không còn vi phạm mới không được xử lý",
        (1, 5),
        (12, 31),
        "commune",
        CHAIR,
        CHAIR,
        (((3, 31), "Báo cáo quý I"), ((6, 30), "Báo cáo quý II"), ((9, 30), "Báo cáo quý III")),
    ),
    TaskTemplate(
        "plan",
        "Xây dựng kế hoạch phòng, chống thiên tai và tìm kiếm cứu nạn năm 2026",
        ("cv_quan_su", "cv_nong_nghiep", "tro_ly_quan_su"),
        ("cv_nong_nghiep",),
        "document",
        "Kế hoạch phòng, chống thiên tai và tìm kiếm cứu nạn của xã được ban hành",
        "Kế hoạch được Chủ tịch UBND xã ký ban hành trước mùa mưa bão",
        (2, 2),
        (4, 15),
        "commune",
        CHAIR,
        CHAIR,
    ),
    TaskTemplate(
        "resolution",
        "Xây dựng đề án vị trí việc làm của các cơ quan hành chính xã",
        ("cv_noi_vu", "chanh_van_phong", "cv_van_phong"),
        ("cv_van_phong",),
        "document",
        "Đề án vị trí việc làm trình Sở Nội vụ thẩm định",
        "Đề án được Ủy ban nhân dân thành phố phê duyệt",
        (2, 2),
        (5, 29),
        "province",
        "Giám đốc Sở Nội vụ thành phố",
        "Sở Nội vụ thành phố",
    ),
    TaskTemplate(
        "resolution",
        "Chuẩn bị hội nghị sơ kết 6 tháng thực hiện nghị quyết của Đảng ủy",
        ("cv_van_phong_dang", "pho_bi_thu_tt"),
        ("cv_xay_dung_dang",),
        "document",
        "Báo cáo sơ kết 6 tháng trình hội nghị Ban Chấp hành Đảng bộ",
        "Báo cáo được Ban Thường vụ Đảng ủy thông qua trước hội nghị",
        (6, 1),
        (7, 20),
        "commune",
        STANDING,
        STANDING,
    ),
    TaskTemplate(
        "resolution",
        "Kiểm tra việc thực hiện nhiệm vụ chuyển đổi số ở các chi bộ",
        ("cv_kiem_tra_dang", "chu_nhiem_ubkt"),
        ("cv_cntt",),
        "document",
        "Báo cáo kết quả kiểm tra các chi bộ",
        "Báo cáo được Ủy ban Kiểm tra Đảng ủy thông qua, có kiến nghị xử lý",
        (3, 2),
        (10, 30),
        "commune",
        STANDING,
        STANDING,
        (((6, 30), "Kiểm tra xong một nửa số chi bộ"),),
    ),
    TaskTemplate(
        "resolution",
        "Bồi dưỡng, kết nạp đảng viên mới theo chỉ tiêu Đảng ủy giao",
        ("cv_xay_dung_dang", "pho_bi_thu"),
        ("cv_van_phong_dang",),
        "figure",
        "Số đảng viên mới kết nạp đạt chỉ tiêu Đảng ủy giao năm 2026",
        "Quyết định kết nạp đảng viên của Ban Thường vụ Đảng ủy",
        (1, 12),
        (12, 18),
        "commune",
        STANDING,
        STANDING,
        (((6, 30), "Sơ kết 6 tháng công tác phát triển đảng viên"),),
    ),
    TaskTemplate(
        "resolution",
        "Tổ chức đối thoại của Bí thư Đảng ủy với Nhân dân về thủ tục hành chính",
        ("bi_thu", "pho_bi_thu_tt"),
        ("chu_tich_mttq", "giam_doc_tthcc"),
        "service",
        "Hội nghị đối thoại được tổ chức; kiến nghị của người dân được trả lời",
        "Thông báo kết luận hội nghị đối thoại, 100% kiến nghị có văn bản trả lời",
        (4, 1),
        (8, 31),
        "commune",
        STANDING,
        STANDING,
    ),
)
