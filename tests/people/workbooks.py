"""Building registry workbooks for tests, the way a province's staff would fill them in Excel."""

import datetime as dt

from openpyxl import Workbook

OFFICIAL_HEADERS = [
    "Số định danh cá nhân",
    "Họ và tên",
    "Giới tính",
    "Ngày sinh",
    "Nơi sinh",
    "Quê quán",
    "Nơi lớn lên",
    "Thời gian học tập, công tác",
    "Đơn vị hiện nay (xã/phường)",
    "Chức vụ hiện nay",
    "Giữ chức vụ từ",
]
POSTING_HEADERS = [
    "Số định danh cá nhân",
    "Chức vụ",
    "Đơn vị",
    "Cơ quan",
    "Từ ngày",
    "Đến ngày",
    "Số quyết định",
]
EVALUATION_HEADERS = ["Số định danh cá nhân", "Năm", "Xếp loại", "Điểm"]
PLAN_HEADERS = [
    "Số định danh cá nhân",
    "Chức danh quy hoạch",
    "Nơi quy hoạch",
    "Nhiệm kỳ từ năm",
    "Nhiệm kỳ đến năm",
]
RELATION_HEADERS = ["Số định danh cá nhân", "Số định danh người thân", "Quan hệ"]

AN = "031075000001"
BINH = "031080000002"
CUONG = "001085000003"


def good_sheets() -> dict[str, list[list]]:
    """Three people in Hải Phòng (with the former Hải Dương), with history, ratings, plans and a marriage."""
    return {
        "Cán bộ": [
            OFFICIAL_HEADERS,
            [
                AN,
                "Nguyễn Văn An",
                "Nam",
                "05/06/1975",
                "Xã Dân Chủ, Huyện Tứ Kỳ, Tỉnh Hải Dương",
                "Tứ Kỳ, Hải Dương",
                "",
                "Huyện Tứ Kỳ, Hải Dương: 12; Hải Phòng: 9",
                "P. Thanh Binh, TP Hai Duong",
                "Bí thư Đảng ủy",
                "01/07/2025",
            ],
            [
                BINH,
                "Trần Thị Bình",
                "Nữ",
                "1980",
                "Phường Lê Thanh Nghị, Thành phố Hải Phòng",
                "",
                "",
                "",
                "",
                "",
                "",
            ],
            [
                CUONG,
                "Lê Văn Cường",
                "nam",
                dt.datetime(1985, 11, 30),
                "Phường Ba Đình, Hà Nội",
                "",
                "",
                "",
                "",
                "",
                "",
            ],
        ],
        "Quá trình công tác": [
            POSTING_HEADERS,
            [
                AN,
                "pho_chu_tich_ubnd_huyen",
                "Huyện Tứ Kỳ, Tỉnh Hải Dương",
                "",
                "01/01/2016",
                "30/06/2025",
                "QĐ 12/QĐ-UBND",
            ],
            [BINH, "Chủ tịch UBND", "P. Thanh Binh, TP Hai Duong", "", "01/07/2025", "", ""],
            [CUONG, "Giám đốc Sở và tương đương", "Hải Phòng", "Sở Nội vụ", "01/07/2025", "", ""],
        ],
        "Đánh giá": [
            EVALUATION_HEADERS,
            [AN, 2024, "HTTNV", None],
            [AN, 2025, "Hoàn thành xuất sắc nhiệm vụ", 92],
            [BINH, 2025, "htnv", None],
        ],
        "Quy hoạch": [
            PLAN_HEADERS,
            [CUONG, "bi_thu", "Thành phố Hải Phòng", 2025, 2030],
            [AN, "bi_thu", "Huyện Tứ Kỳ, Tỉnh Hải Dương", 2025, 2030],  # a former district's pool
        ],
        "Quan hệ gia đình": [RELATION_HEADERS, [BINH, AN, "Vợ"]],
    }


def write(path, sheets: dict[str, list[list]]):
    book = Workbook()
    book.remove(book.active)
    for title, rows in sheets.items():
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(row)
    book.save(path)
    return path
