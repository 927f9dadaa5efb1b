"""Reading the resident lists wards keep in Excel or CSV: the files are built in each test."""

import csv
import datetime
import io
import random
import re
import unicodedata
import zipfile

import pytest
import xlsxwriter
from django.utils import translation

from hocvuso.people.importing.reading import parse_in_parts, parse_resident_list
from hocvuso.people.importing.rows import ImportFileError, RowError
from hocvuso.text.folding import fold

THIS_YEAR = datetime.date.today().year


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def xlsx(rows, merges=(), *, hidden_sheet_first=False):
    """An .xlsx whose first visible sheet holds `rows` (row 0 is Excel's row 1; None leaves a
    cell empty). `merges` are (range, value) pairs such as ("A1:H1", "UBND PHƯỜNG")."""
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    if hidden_sheet_first:
        hidden = book.add_worksheet("Cũ")
        hidden.write_row(0, 0, ["Mã hộ", "Họ và tên"])
        hidden.write_row(1, 0, [99, "Người Trong Sheet Ẩn"])
        hidden.hide()
    sheet = book.add_worksheet("Danh sách")
    dates = book.add_format({"num_format": "dd/mm/yyyy"})
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            if value is None:
                continue
            if isinstance(value, datetime.date):
                sheet.write_datetime(r, c, value, dates)
            else:
                sheet.write(r, c, value)
    for cells, value in merges:
        sheet.merge_range(cells, value)
    sheet.activate()
    book.close()
    return buffer.getvalue()


def csv_bytes(lines, *, encoding="utf-8", delimiter=","):
    text = io.StringIO()
    csv.writer(text, delimiter=delimiter).writerows(lines)
    return text.getvalue().encode(encoding)


def parse(data, max_rows=1000, filename="danh-sach.xlsx"):
    try:
        whole = parse_resident_list(data, filename, max_rows=max_rows)
    except ImportFileError as error:
        with pytest.raises(ImportFileError, match=re.escape(str(error))):
            list(parse_in_parts(data, filename, max_rows=max_rows, rows_per_part=1))
        raise
    # The import writes a list part by part as it is read: every list in this module must
    # come out of the parts as it comes out whole, however small the parts.
    for size in (1, 2, 3):
        parts = [
            part.unpacked()
            for part in parse_in_parts(data, filename, max_rows=max_rows, rows_per_part=size)
        ]
        assert [row for part in parts for row in part.rows] == whole.rows, size
        assert [error for part in parts for error in part.errors] == whole.errors, size
        assert parts[0].skipped_rows == whole.skipped_rows
        assert parts[0].listed == len(whole.rows) + len({e.row_number for e in whole.errors})
        assert all(part.mapping == whole.mapping for part in parts)
        names = [name for part in parts for name in part.names_folded]
        assert names == [fold(row.full_name) for row in whole.rows]
    return whole


def only_row(parsed):
    assert not parsed.errors, parsed.errors
    assert len(parsed.rows) == 1
    return parsed.rows[0]


# --- Finding the header ---------------------------------------------------------------------


def test_it_finds_the_header_below_title_rows_and_fills_merged_cells():
    data = xlsx(
        [
            [],
            [],
            [],
            ["STT", "Mã hộ", "Địa chỉ", "Họ và tên", "Năm sinh", "Quan hệ với chủ hộ"],
            [1, 12, "Số 5 ngõ 12 Tương Mai", "Nguyễn Văn An", 1956, "Chủ hộ"],
            [2, None, None, "Trần Thị Bình", 1960, "Vợ"],
            [3, None, None, "Nguyễn Văn Cường", 1985, "Con"],
            [4, "HK013", "Số 7 ngõ 12", "Lê Thị Dung", 1970, "Chủ hộ"],
        ],
        merges=[
            ("A1:F1", "UBND PHƯỜNG TƯƠNG MAI"),
            ("A2:F2", "DANH SÁCH NHÂN KHẨU TỔ DÂN PHỐ SỐ 11"),
            ("B5:B7", 12),
            ("C5:C7", "Số 5 ngõ 12 Tương Mai"),
        ],
    )
    parsed = parse(data)
    assert parsed.header_row == 4
    assert parsed.mapping == {
        "household_key": "Mã hộ",
        "address": "Địa chỉ",
        "full_name": "Họ và tên",
        "birth": "Năm sinh",
        "relation": "Quan hệ với chủ hộ",
    }
    assert parsed.errors == []
    assert [(r.row_number, r.household_key, r.address, r.is_head) for r in parsed.rows] == [
        (5, "12", "Số 5 ngõ 12 Tương Mai", True),
        (6, "12", "Số 5 ngõ 12 Tương Mai", False),
        (7, "12", "Số 5 ngõ 12 Tương Mai", False),
        (8, "HK013", "Số 7 ngõ 12", True),
    ]
    assert parsed.ignored_columns == ["STT"]
    assert parsed.skipped_rows == 0


def test_it_reads_a_header_merged_over_two_rows():
    data = xlsx(
        [
            ["DANH SÁCH NHÂN KHẨU"],
            [],
            [None, None, None, None],
            [None, None, None, None],
            [1, "H1", "Phạm Văn Em", 1990],
        ],
        merges=[
            ("A3:A4", "STT"),
            ("B3:B4", "Mã hộ gia đình"),
            ("C3:C4", "Họ và tên"),
            ("D3:D4", "Năm sinh"),
        ],
    )
    parsed = parse(data)
    row = only_row(parsed)
    assert (row.row_number, row.household_key, row.full_name, row.birth_year) == (
        5,
        "H1",
        "Phạm Văn Em",
        1990,
    )
    assert parsed.mapping["household_key"] == "Mã hộ gia đình"


@pytest.mark.parametrize(
    "headers",
    [
        ["MA HO", "HO VA TEN", "NAM SINH", "GIOI TINH", "SO DIEN THOAI", "TO DAN PHO"],
        ["mã hộ", "họ và tên", "năm sinh", "giới tính", "số điện thoại", "tổ dân phố"],
        [unicodedata.normalize("NFD", h) for h in ("Mã hộ", "Họ và tên", "Năm sinh", "Giới tính")]
        + ["SĐT", "TDP"],
        ["Mã HGĐ", "Họ và\ntên:", "Ngày, tháng, năm sinh", "GT", "ĐT (nếu có)", "Tổ DP"],
        ["Số hộ", "Họ tên nhân khẩu", "NS", "Nam/Nữ", "Điện thoại", "Tổ"],
    ],
)
def test_it_reads_headers_with_or_without_diacritics_in_any_form(headers):
    lines = [headers, ["7", "Đỗ Thị Hoa", "1975", "Nữ", "0912345678", "Tổ 11"]]
    parsed = parse(csv_bytes(lines), filename="ds.csv")
    assert set(parsed.mapping) == {
        "household_key",
        "full_name",
        "birth",
        "gender",
        "phone",
        "group",
    }
    row = only_row(parsed)
    assert (row.household_key, row.birth_year, row.gender, row.phone, row.group) == (
        "7",
        1975,
        "female",
        "0912345678",
        "Tổ 11",
    )


def test_headers_it_does_not_understand_are_listed_as_ignored():
    lines = [["Mã hộ", "Họ và tên", "Nghề nghiệp", "Ghi chú", ""], ["1", "Vũ Văn Giang", "x", "y"]]
    parsed = parse(csv_bytes(lines))
    assert parsed.ignored_columns == ["Nghề nghiệp", "Ghi chú"]
    assert only_row(parsed).full_name == "Vũ Văn Giang"


def test_a_list_without_a_name_column_is_refused_naming_what_is_missing():
    lines = [["Mã hộ", "Năm sinh"], ["1", "1956"]]
    with pytest.raises(ImportFileError, match="full name") as refused:
        parse(csv_bytes(lines))
    assert "household code" not in str(refused.value)


def test_a_list_with_no_header_at_all_is_refused():
    with pytest.raises(ImportFileError, match="household code, full name"):
        parse(csv_bytes([["a", "b"], ["1", "2"]]))


# --- Privacy ---------------------------------------------------------------------------------


def test_id_card_password_and_health_columns_are_refused_and_never_read():
    secrets = ["001085012345", "CCCD-LẠ-không-phải-số", "matkhau123", "Khiếm thính"]
    data = xlsx(
        [
            ["Mã hộ", "Họ và tên", "Số CCCD/CMND", "Mật khẩu VNeID", "Khuyết tật", "Năm sinh"],
            [1, "Nguyễn Văn An", secrets[0], secrets[2], secrets[3], 1956],
            [1, "Trần Thị Bình", secrets[1], "", "", 1960],
        ]
    )
    parsed = parse(data)
    assert parsed.refused_columns == ["Số CCCD/CMND", "Mật khẩu VNeID", "Khuyết tật"]
    assert len(parsed.rows) == 2 and not parsed.errors
    everything = repr(parsed)
    for secret in secrets:
        assert secret not in everything


@pytest.mark.parametrize(
    "header", ["CCCD", "Số CMND", "CMT", "Căn cước công dân", "Mã định danh", "Số hộ chiếu", "OTP"]
)
def test_every_wording_of_an_identity_or_secret_column_is_refused(header):
    parsed = parse(csv_bytes([["Mã hộ", "Họ và tên", header], ["1", "Ngô Văn Hải", "0123"]]))
    assert parsed.refused_columns == [header]
    assert "0123" not in repr(parsed)


# --- Rows that hold no resident --------------------------------------------------------------


def test_blank_rows_column_numbers_totals_and_signatures_are_skipped():
    data = xlsx(
        [
            ["Mã hộ", "Họ và tên", "Năm sinh", "Quan hệ"],
            [1, 2, 3, 4],
            [5, "Nguyễn Văn An", 1956, "Chủ hộ"],
            [],
            [5, "Trần Thị Bình", 1960, "Vợ"],
            [None, "Tổng cộng: 2 người"],
            [],
            [None, "Người lập biểu", None, "Tổ trưởng"],
            [],
            [None, "Lê Thị Hồng", None, "Phạm Văn Khoa"],
        ]
    )
    parsed = parse(data)
    assert parsed.errors == []
    assert [r.full_name for r in parsed.rows] == ["Nguyễn Văn An", "Trần Thị Bình"]
    assert parsed.skipped_rows == 7


def test_a_totals_row_merged_across_the_first_columns_is_skipped():
    data = xlsx(
        [
            ["STT", "Mã hộ", "Họ và tên", "Năm sinh"],
            [1, 1, "Kha Văn Lâm", 1950],
            [None, None, None, 1],
            [],
            [None, None, "Hà Nội, ngày 12 tháng 3 năm 2025"],
        ],
        merges=[("A3:C3", "Tổng số: 1 người")],
    )
    parsed = parse(data)
    assert [r.full_name for r in parsed.rows] == ["Kha Văn Lâm"]
    assert parsed.errors == []
    assert parsed.skipped_rows == 3


def test_residents_listed_after_a_signature_line_are_still_read():
    lines = [
        ["Mã hộ", "Họ và tên"],
        ["1", "Lục Văn Mạnh"],
        ["", "Tổ trưởng"],
        ["", "Lục Thị Nga"],
        ["2", "Lục Văn Oanh"],
    ]
    parsed = parse(csv_bytes(lines))
    assert [(r.row_number, r.household_key) for r in parsed.rows] == [(2, "1"), (5, "2")]
    assert parsed.skipped_rows == 2


def test_a_header_with_no_rows_below_gives_an_empty_list():
    parsed = parse(csv_bytes([["Mã hộ", "Họ và tên"]]))
    assert (parsed.rows, parsed.errors, parsed.header_row) == ([], [], 1)


def test_a_header_repeated_on_a_later_page_is_skipped():
    lines = [
        ["STT", "Mã hộ", "Họ và tên"],
        ["1", "3", "Hồ Văn Long"],
        ["STT", "Mã hộ", "Họ và tên"],
        ["(1)", "(2)", "(3)"],
        ["2", "4", "Tô Thị Mai"],
        ["", "Cộng", ""],
    ]
    parsed = parse(csv_bytes(lines))
    assert [(r.row_number, r.full_name) for r in parsed.rows] == [
        (2, "Hồ Văn Long"),
        (5, "Tô Thị Mai"),
    ]
    assert parsed.skipped_rows == 3


# --- Cells -----------------------------------------------------------------------------------


def test_nfd_names_come_out_nfc_and_cleaned():
    name = unicodedata.normalize("NFD", "  Nguyễn   Thị  Ánh ")
    parsed = parse(csv_bytes([["Mã hộ", "Họ và tên"], ["1", name]]))
    assert only_row(parsed).full_name == "Nguyễn Thị Ánh"
    assert unicodedata.is_normalized("NFC", parsed.rows[0].full_name)


def test_household_codes_from_number_cells_lose_the_decimal_point():
    data = xlsx([["Mã hộ", "Họ và tên"], [12, "Bùi Văn Nam"], ["  HK 07 ", "Đặng Thị Oanh"]])
    assert [r.household_key for r in parse(data).rows] == ["12", "HK 07"]


@pytest.mark.parametrize(
    "birth",
    [
        1956,
        1956.0,
        datetime.date(1956, 3, 12),
        datetime.datetime(1956, 3, 12, 8, 30),
        20526,  # the Excel serial of 12/03/1956, in a cell without a date format
    ],
)
def test_it_reads_the_birth_year_from_excel_numbers_and_dates(birth):
    parsed = parse(xlsx([["Mã hộ", "Họ và tên", "Ngày sinh"], [1, "Cao Văn Phúc", birth]]))
    assert only_row(parsed).birth_year == 1956


@pytest.mark.parametrize(
    "birth",
    ["1956", " 1956 ", "1956.0", "12/03/1956", "12-03-1956", "12.03.1956", "1956-03-12", "03/1956"],
)
def test_it_reads_the_birth_year_from_text(birth):
    parsed = parse(csv_bytes([["Mã hộ", "Họ và tên", "Ngày sinh"], ["1", "Cao Văn Phúc", birth]]))
    assert only_row(parsed).birth_year == 1956


def test_a_blank_birth_is_allowed():
    parsed = parse(csv_bytes([["Mã hộ", "Họ và tên", "Năm sinh"], ["1", "Cao Văn Phúc", ""]]))
    assert only_row(parsed).birth_year is None


@pytest.mark.parametrize(
    ("birth", "words"),
    [
        ("1899", "before 1900"),
        (str(THIS_YEAR + 1), "in the future"),
        ("31/02/1956", "“31/02/1956” is not valid"),
        ("năm 56", "is not valid"),
    ],
)
def test_a_birth_that_is_no_year_is_a_row_error(birth, words):
    parsed = parse(csv_bytes([["Mã hộ", "Họ và tên", "Năm sinh"], ["1", "Cao Văn Phúc", birth]]))
    assert parsed.rows == []
    [error] = parsed.errors
    assert (error.row_number, error.column) == (2, "Năm sinh")
    assert words in error.message


@pytest.mark.parametrize(
    ("written", "phone"),
    [
        ("0912 345 678", "0912345678"),
        ("0912.345.678", "0912345678"),
        ("+84 912 345 678", "0912345678"),
        (912345678, "0912345678"),  # a number cell: Excel dropped the zero
        (912345678.0, "0912345678"),
        ("024 3863 1234", "02438631234"),
        ("", ""),
    ],
)
def test_phones_are_kept_in_national_form(written, phone):
    parsed = parse(xlsx([["Mã hộ", "Họ và tên", "SĐT"], [1, "Đinh Văn Quý", written]]))
    assert only_row(parsed).phone == phone


def test_an_invalid_phone_is_a_row_error_and_the_row_is_left_out():
    parsed = parse(
        xlsx(
            [
                ["Mã hộ", "Họ và tên", "Số điện thoại"],
                [1, "Đinh Văn Quý", "12345"],
                [1, "Đinh Thị Ry", "0987654321"],
            ]
        )
    )
    assert [r.full_name for r in parsed.rows] == ["Đinh Thị Ry"]
    assert parsed.errors == [
        RowError(2, "Số điện thoại", "Phone number “12345” is not valid."),
    ]


@pytest.mark.parametrize(
    ("written", "gender"),
    [
        ("Nam", "male"),
        ("NAM", "male"),
        ("m", "male"),
        ("Male", "male"),
        ("Nữ", "female"),
        ("nu", "female"),
        ("F", "female"),
        ("female", "female"),
        ("", ""),
    ],
)
def test_gender_is_read_in_any_usual_form(written, gender):
    parsed = parse(csv_bytes([["Mã hộ", "Họ và tên", "Giới tính"], ["1", "Lý An", written]]))
    assert only_row(parsed).gender == gender


def test_an_unknown_gender_is_a_row_error():
    parsed = parse(csv_bytes([["Mã hộ", "Họ và tên", "Giới tính"], ["1", "Lý An", "khác"]]))
    assert [(e.row_number, e.column) for e in parsed.errors] == [(2, "Giới tính")]
    assert "khác" in parsed.errors[0].message


@pytest.mark.parametrize(
    ("written", "value"),
    [
        ("Có", True),
        ("có", True),
        ("x", True),
        ("X", True),
        ("1", True),
        ("✓", True),
        ("yes", True),
        ("Không", False),
        ("không", False),
        ("0", False),
        ("no", False),
        ("", None),
    ],
)
def test_yes_no_columns_are_read_in_any_usual_form(written, value):
    lines = [["Mã hộ", "Họ và tên", "Có điện thoại thông minh", "Internet"], ["1", "Lý An"]]
    lines[1] += [written, written]
    row = only_row(parse(csv_bytes(lines)))
    assert (row.has_smartphone, row.has_internet) == (value, value)


def test_a_yes_no_value_it_does_not_understand_is_a_row_error():
    lines = [["Mã hộ", "Họ và tên", "Smartphone"], ["1", "Lý An", "có lẽ"]]
    parsed = parse(csv_bytes(lines))
    assert [(e.row_number, e.column) for e in parsed.errors] == [(2, "Smartphone")]


def test_a_yes_no_question_answered_in_two_columns_is_read():
    data = xlsx(
        [
            ["Mã hộ", "Họ và tên", None, None],
            [None, None, "Có", "Không"],
            [1, "Mạc Văn Sơn", "x", None],
            [2, "Mạc Thị Tâm", None, "x"],
        ],
        merges=[("A1:A2", "Mã hộ"), ("B1:B2", "Họ và tên"), ("C1:D1", "Có điện thoại thông minh")],
    )
    parsed = parse(data)
    assert [r.has_smartphone for r in parsed.rows] == [True, False]


def test_the_year_column_under_a_birth_date_split_in_three_is_read():
    lines = [
        ["Mã hộ", "Họ và tên", "Ngày sinh", "", ""],
        ["", "", "Ngày", "Tháng", "Năm"],
        ["1", "Sầm Văn Quế", "12", "3", "1956"],
    ]
    parsed = parse(csv_bytes(lines))
    assert parsed.mapping["birth"] == "Ngày sinh / Năm"
    assert only_row(parsed).birth_year == 1956


# --- The Nam | Nữ birth year form ------------------------------------------------------------


def test_it_reads_the_birth_year_written_under_nam_or_nu():
    data = xlsx(
        [
            ["UBND PHƯỜNG TƯƠNG MAI"],
            [],
            ["STT", "Mã hộ", "Họ và tên", None, None, "Quan hệ với chủ hộ"],
            [None, None, None, "Nam", "Nữ", None],
            [1, 2, 3, 4, 5, 6],
            [1, 21, "Nguyễn Văn An", 1956, None, "Chủ hộ"],
            [2, 21, "Trần Thị Bình", None, "1960", "Vợ"],
            [3, 21, "Nguyễn Thị Chi", None, 1700, "Con"],
        ],
        merges=[
            ("A3:A4", "STT"),
            ("B3:B4", "Mã hộ"),
            ("C3:C4", "Họ và tên"),
            ("D3:E3", "Năm sinh"),
            ("F3:F4", "Quan hệ với chủ hộ"),
        ],
    )
    parsed = parse(data)
    assert parsed.header_row == 3
    assert [(r.full_name, r.birth_year, r.gender) for r in parsed.rows] == [
        ("Nguyễn Văn An", 1956, "male"),
        ("Trần Thị Bình", 1960, "female"),
    ]
    assert parsed.errors == [RowError(8, "Năm sinh / Nữ", "Birth year 1700 is before 1900.")]
    assert parsed.skipped_rows == 1


def test_it_reads_nam_and_nu_columns_without_merged_cells():
    lines = [
        ["Mã hộ", "Họ và tên", "Năm sinh", ""],
        ["", "", "Nam", "Nữ"],
        ["4", "Đào Văn Tú", "1948", ""],
        ["4", "Đào Thị Uyên", "", "1951"],
        ["4", "Đào Văn Vinh", "1975", "1976"],
    ]
    parsed = parse(csv_bytes(lines))
    assert [(r.birth_year, r.gender) for r in parsed.rows] == [(1948, "male"), (1951, "female")]
    assert [(e.row_number, e.column) for e in parsed.errors] == [(5, "Năm sinh / Nữ")]


# --- Files -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "data",
    [
        b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj",
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(500),  # an old .doc or .xls
        random.Random(4).randbytes(2000),
        b"",
        b"  \r\n ",
        b"PK\x03\x04" + bytes(100),  # a damaged .xlsx
    ],
    ids=["pdf", "doc", "garbage", "empty", "blank", "damaged-zip"],
)
def test_a_file_that_is_not_a_spreadsheet_is_refused(data):
    with pytest.raises(ImportFileError):
        parse(data)


def test_a_zip_that_is_not_a_workbook_is_refused():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("word/document.xml", "<w:document/>")
    with pytest.raises(ImportFileError, match="cannot be read"):
        parse(buffer.getvalue(), filename="ds.xlsx")


def test_the_format_comes_from_the_content_not_the_name():
    data = xlsx([["Mã hộ", "Họ và tên"], [1, "Kiều Văn Xuân"]])
    assert only_row(parse(data, filename="danh-sach.csv")).full_name == "Kiều Văn Xuân"


def test_a_list_longer_than_the_limit_is_refused():
    lines = [["Mã hộ", "Họ và tên"]] + [[str(i), "Lâm Văn Yên"] for i in range(11)]
    assert len(parse(csv_bytes(lines), max_rows=11).rows) == 11
    with pytest.raises(ImportFileError, match="more than 10 rows"):
        parse(csv_bytes(lines), max_rows=10)
    with pytest.raises(ImportFileError, match="more than 10 rows"):
        parse(xlsx(lines), max_rows=10)


def test_it_reads_the_first_visible_sheet():
    data = xlsx([["Mã hộ", "Họ và tên"], [1, "Hà Văn Dũng"]], hidden_sheet_first=True)
    assert only_row(parse(data)).full_name == "Hà Văn Dũng"


VIETNAMESE_LINES = [
    ["Tổ dân phố", "Mã hộ", "Họ và tên", "Địa chỉ", "Năm sinh"],
    ["Tổ 11", "5", "Nguyễn Thị Ánh", "Số 5, ngõ 12, Tương Mai", "1956"],
]


TONES = "\u0300\u0301\u0303\u0309\u0323"  # huyền, sắc, ngã, hỏi, nặng


def cp1258(text):
    """Vietnamese as Windows-1258 writes it: vowels with their circumflex, breve or horn
    precomposed, the tone as a combining mark after them."""
    out = bytearray()
    for char in unicodedata.normalize("NFC", text):
        try:
            out += char.encode("cp1258")
        except UnicodeEncodeError:
            parts = unicodedata.normalize("NFD", char)
            tones = "".join(p for p in parts if p in TONES)
            base = unicodedata.normalize("NFC", "".join(p for p in parts if p not in TONES))
            out += (base + tones).encode("cp1258")
    return bytes(out)


def test_it_reads_a_cp1258_csv_with_semicolons():
    data = cp1258(csv_bytes(VIETNAMESE_LINES, delimiter=";").decode())
    assert data.decode("cp1258") != csv_bytes(VIETNAMESE_LINES, delimiter=";").decode()
    row = only_row(parse(data, filename="ds.csv"))
    assert (row.group, row.full_name, row.address) == (
        "Tổ 11",
        "Nguyễn Thị Ánh",
        "Số 5, ngõ 12, Tương Mai",
    )


def test_it_reads_a_utf8_csv_with_a_bom_and_semicolons():
    data = b"\xef\xbb\xbf" + csv_bytes(VIETNAMESE_LINES, delimiter=";")
    parsed = parse(data, filename="ds.csv")
    assert parsed.mapping["group"] == "Tổ dân phố"
    assert only_row(parsed).address == "Số 5, ngõ 12, Tương Mai"


def test_it_reads_a_utf16_csv_with_tabs():
    data = csv_bytes(VIETNAMESE_LINES, encoding="utf-16", delimiter="\t")
    assert only_row(parse(data, filename="ds.csv")).full_name == "Nguyễn Thị Ánh"


def test_an_excel_sep_line_is_not_a_row():
    data = b"sep=;\r\n" + csv_bytes(VIETNAMESE_LINES, delimiter=";")
    row = only_row(parse(data, filename="ds.csv"))
    assert (row.row_number, row.address) == (2, "Số 5, ngõ 12, Tương Mai")


def test_csv_row_numbers_count_every_record_from_the_top():
    lines = [["DANH SÁCH"], [""], ["Mã hộ", "Họ và tên"], ["1", "Ông Văn Bảo"], ["1", ""]]
    parsed = parse(csv_bytes(lines))
    assert parsed.header_row == 3
    assert parsed.rows[0].row_number == 4
    assert parsed.errors == [RowError(5, "Họ và tên", "The name is missing.")]


# --- Households ------------------------------------------------------------------------------


def test_a_blank_household_code_continues_the_household_above():
    lines = [
        ["Mã hộ", "Tổ", "Họ và tên", "Quan hệ"],
        ["8", "Tổ 3", "Châu Văn Cảnh", "Chủ hộ"],
        ["", "", "Châu Thị Diệu", "Vợ"],
    ]
    parsed = parse(csv_bytes(lines))
    assert [(r.household_key, r.group, r.is_head) for r in parsed.rows] == [
        ("8", "Tổ 3", True),
        ("8", "Tổ 3", False),
    ]


def test_the_head_is_the_first_row_of_a_household_when_no_relation_is_given():
    lines = [["Mã hộ", "Họ và tên"], ["1", "A Lử"], ["1", "Vàng Thị Dua"], ["2", "Giàng A Pao"]]
    assert [r.is_head for r in parse(csv_bytes(lines)).rows] == [True, False, True]


def test_a_resident_listed_twice_is_an_error_on_the_second_row():
    lines = [
        ["Mã hộ", "Họ và tên", "Năm sinh"],
        ["1", "Nguyễn Văn An", "1956"],
        ["1", "Nguyễn Văn Bình", "1956"],
        ["1", "NGUYEN VAN AN", "1956"],
        ["2", "Nguyễn Văn An", "1956"],
    ]
    parsed = parse(csv_bytes(lines))
    assert [r.row_number for r in parsed.rows] == [2, 3, 5]
    assert parsed.errors == [RowError(4, "Họ và tên", "Same resident as row 2.")]


def test_a_household_in_two_groups_or_at_two_addresses_is_an_error_on_the_conflicting_row():
    lines = [
        ["Mã hộ", "Tổ", "Địa chỉ", "Họ và tên"],
        ["1", "Tổ 11", "Số 5", "Trịnh Văn Đạt"],
        ["1", "tổ 11", "", "Trịnh Thị Én"],
        ["1", "Tổ 12", "Số 5", "Trịnh Văn Giáp"],
        ["1", "Tổ 11", "Số 7", "Trịnh Văn Hậu"],
    ]
    parsed = parse(csv_bytes(lines))
    assert [(r.row_number, r.group, r.address) for r in parsed.rows] == [
        (2, "Tổ 11", "Số 5"),
        (3, "tổ 11", "Số 5"),
    ]
    assert parsed.errors == [
        RowError(4, "Tổ", "Household 1 is in group “Tổ 11” on row 2."),
        RowError(5, "Địa chỉ", "Household 1 has the address “Số 5” on row 2."),
    ]


def test_a_household_with_two_heads_is_an_error():
    lines = [
        ["Mã hộ", "Họ và tên", "QH với CH"],
        ["1", "Quách Văn Ích", "Chủ hộ"],
        ["1", "Quách Thị Kim", "chủ hộ"],
        ["2", "Quách Văn Lộc", "CH"],
    ]
    parsed = parse(csv_bytes(lines))
    assert [(r.row_number, r.is_head) for r in parsed.rows] == [(2, True), (4, True)]
    assert parsed.errors == [RowError(3, "QH với CH", "Household 1 already has a head on row 2.")]


def test_every_error_carries_its_row_number_and_header():
    data = xlsx(
        [
            ["DANH SÁCH"],
            ["Mã hộ", "Họ và tên", "Năm sinh", "Giới tính", "Số ĐT", "Internet"],
            [1, "Mai Văn Minh", "abc", "Nam", "0912345678", "Có"],
            [1, "Mai Thị Ngà", 1980, "?", "12", "Có"],
            [2, "Mai Văn Ông", 1985, "Nam", "0912345678", "hay"],
            [None, None, 1990, "Nữ"],
            [3, "12345", 1990, "Nữ"],
            [4, "Mai Văn Phú", 1991, "Nam"],
        ]
    )
    parsed = parse(data)
    assert [r.row_number for r in parsed.rows] == [8]
    assert [(e.row_number, e.column) for e in parsed.errors] == [
        (3, "Năm sinh"),
        (4, "Giới tính"),
        (4, "Số ĐT"),
        (5, "Internet"),
        (6, "Họ và tên"),
        (7, "Họ và tên"),
    ]
    assert all(e.message for e in parsed.errors)
