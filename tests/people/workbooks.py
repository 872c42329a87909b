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
DISCIPLINE_HEADERS = [
    "Số định danh cá nhân",
    "Hình thức kỷ luật",
    "Ngày quyết định",
    "Cơ quan quyết định",
    "Số quyết định",
    "Ghi chú",
]

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
        "Kỷ luật": [
            DISCIPLINE_HEADERS,
            [CUONG, "Cảnh cáo", "03/02/2025", "Ủy ban Kiểm tra Thành ủy Hải Phòng", "15-QĐ/UBKTTU", ""],
        ],
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


def bad_sheets():
    """One workbook with many different mistakes, each on its own row."""
    sheets = good_sheets()
    officials = sheets["Cán bộ"]
    officials += [
        ["12345", "Sai Số", "Nam", "01/01/1980", "", "", "", "", "", "", ""],  # row 5: ID too short
        [31080000009, "Mất Số Không", "Nam", "01/01/1980", "", "", "", "", "", "", ""],  # row 6: numeric ID
        [
            "031080000010",
            "Ngày Sai",
            "Nam",
            "31/02/1980",
            "",
            "",
            "",
            "",
            "",
            "",
            "",
        ],  # row 7: impossible date
        [
            "031080000011",
            "Nơi Lạ",
            "Nữ",
            "1981",
            "Xã Không Có, Huyện Đâu Đó, Tỉnh Hải Dương",
            "",
            "",
            "",
            "",
            "",
            "",
        ],
        ["031080000012", "", "Nam", "1982", "", "", "", "", "", "", ""],  # row 9: empty name
        ["031080000013", "Giới Lạ", "Khác", "1983", "", "", "", "", "", "", ""],  # row 10: bad sex
        [AN, "Trùng Số", "Nam", "1984", "", "", "", "", "", "", ""],  # row 11: duplicate ID
        [
            "031080000014",
            "Chức Lạ",
            "Nam",
            "1985",
            "",
            "",
            "",
            "",
            "Xã Tân Kỳ, Hải Phòng",
            "Trưởng thôn",
            "01/07/2025",
        ],
    ]
    sheets["Quá trình công tác"] += [
        ["099999999999", "bi_thu", "Xã Tân Kỳ, Hải Phòng", "", "01/07/2025", "", ""],  # row 5: unknown person
        [
            CUONG,
            "Phó Giám đốc Sở và tương đương",
            "Hải Phòng",
            "",
            "01/07/2024",
            "01/01/2024",
            "",
        ],  # end < start
        [
            CUONG,
            "Giám đốc Sở và tương đương",
            "Hải Phòng",
            "Sở Tài chính",
            "01/07/2025",
            "",
            "",
        ],  # row 7: overlap
    ]
    sheets["Đánh giá"] += [
        [AN, 2025, "HTTNV", None],  # row 5: second rating for the same year
        [BINH, 2024, "Tốt", None],  # row 6: not a level
        [BINH, 2023, "HTNV", 150],  # row 7: score out of range
    ]
    sheets["Quan hệ gia đình"] += [[AN, AN, "Anh"]]  # row 3: own relative
    return sheets


# (sheet, row, column letter) of every error bad_sheets() holds
EXPECTED = {
    ("Cán bộ", 5, "A"),
    ("Cán bộ", 6, "A"),
    ("Cán bộ", 7, "D"),
    ("Cán bộ", 8, "E"),
    ("Cán bộ", 9, "B"),
    ("Cán bộ", 10, "C"),
    ("Cán bộ", 11, "A"),
    ("Cán bộ", 12, "J"),
    ("Quá trình công tác", 5, "A"),
    ("Quá trình công tác", 6, "F"),
    ("Quá trình công tác", 7, "E"),
    ("Đánh giá", 5, "B"),
    ("Đánh giá", 6, "C"),
    ("Đánh giá", 7, "D"),
    ("Quan hệ gia đình", 3, "B"),
}
