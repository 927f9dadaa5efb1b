"""Read a ward's resident list (.xlsx or .csv) into checked rows, without touching the database.

The list is the one the ward already keeps: title rows above the header, merged cells for the
household, a row of column numbers under the header, totals and signatures at the bottom.
`parse_resident_list` finds the header, maps its columns to fields, converts every cell and
collects every problem with the spreadsheet's own row number, so the officer can fix the file.

Columns of ID numbers, passwords and health are listed as refused and their cells are never
read: once the header is found, only the columns mapped to a field (and the ordinal column)
are looked at, by any converter, check or message.

Lists reach 100,000 rows, so the work is done by column where it can: one regex decides which
rows hold a resident, each distinct value of a column is converted once (a few hundred years,
groups or relations), and names are folded only when two residents of one household share a
birth year. The cyclic garbage collector is paused while a list is read.
"""

import csv
import datetime
import io
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, fields
from functools import partial
from itertools import islice, repeat
from operator import itemgetter

from django.utils.formats import number_format
from django.utils.translation import gettext as _
from python_calamine import CalamineWorkbook, SheetTypeEnum, SheetVisibleEnum

from hocvuso.people.importing.headers import (
    FEMALE_WORDS,
    FIELDS,
    MALE_WORDS,
    NO_WORDS,
    REQUIRED,
    SINGLE_ROW_FEMALE,
    SINGLE_ROW_MALE,
    YES_NO_FIELDS,
    YES_WORDS,
    choice_key,
    header_key,
    meaning_of,
    words_pattern,
)
from hocvuso.people.importing.memory import paused_collection
from hocvuso.people.importing.rows import ImportFileError, ParsedList, ResidentRow, RowError
from hocvuso.text.folding import clean, fold
from hocvuso.text.phones import InvalidPhone, normalize_phone

HEADER_SCAN_ROWS = 30  # the header is looked for in this many rows from the top
MAX_COLUMNS = 256
MAX_CELLS = 10_000_000

_ZIP = b"PK\x03\x04"
_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # .xls and .doc of Office 97-2003
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_DELIMITERS = (",", ";", "\t")

KEY, GROUP, ADDRESS, NAME, BIRTH, GENDER, RELATION, PHONE, HOUSEHOLD_PHONE, SMART, INTERNET = range(
    len(FIELDS)
)
SLOT = {name: slot for slot, name in enumerate(FIELDS)}
_DEFAULTS = ("", "", "", "", None, "", "", "", "", None, None)


def _field_label(field_name: str) -> str:
    return {
        "household_key": _("household code"),
        "full_name": _("full name"),
    }.get(field_name, field_name)


class _Invalid(Exception):
    """A converter's verdict on one cell; `message` is for the officer."""

    def __init__(self, message: str) -> None:
        self.message = message


# --- Reading the file -----------------------------------------------------------------------


@dataclass
class _Sheet:
    """Cells by 0-based row ("" when empty): row i is the officer's row i + 1, in Excel as in
    CSV (one record a row). `spans` maps (row, col) of a cell merged across columns, on the
    merge's bottom row, to the merge's first column."""

    grid: list[list]
    spans: dict[tuple[int, int], int]


def _not_a_spreadsheet() -> ImportFileError:
    return ImportFileError(_("The file is not an Excel (.xlsx) or CSV spreadsheet."))


def _too_many_rows(max_rows: int) -> ImportFileError:
    return ImportFileError(
        _("The list has more than %(limit)s rows. Split it into several files.")
        % {"limit": number_format(max_rows, force_grouping=True)}
    )


def _read_xlsx(data: bytes, max_rows: int) -> _Sheet:
    try:
        book = CalamineWorkbook.from_filelike(io.BytesIO(data))
        visible = [
            index
            for index, meta in enumerate(book.sheets_metadata)
            if meta.visible == SheetVisibleEnum.Visible and meta.typ == SheetTypeEnum.WorkSheet
        ]
        if not visible:
            raise ImportFileError(_("The workbook has no visible sheet."))
        sheet = book.get_sheet_by_index(visible[0])
        end = sheet.end
        if end is None:
            raise ImportFileError(_("The first sheet of the workbook is empty."))
        if end[0] - HEADER_SCAN_ROWS - 1 > max_rows:
            raise _too_many_rows(max_rows)
        if end[1] >= MAX_COLUMNS or (end[0] + 1) * (end[1] + 1) > MAX_CELLS:
            raise ImportFileError(
                _("The sheet has %(columns)d columns. Delete the empty columns on the right.")
                % {"columns": end[1] + 1}
            )
        grid = sheet.to_python(skip_empty_area=False)
        merged = sheet.merged_cell_ranges or []
    except ImportFileError:
        raise
    except Exception as exc:
        raise ImportFileError(
            _(
                "The Excel file cannot be read; it may be damaged. "
                "Open it in Excel and save it again."
            )
        ) from exc
    spans: dict[tuple[int, int], int] = {}
    height = len(grid)
    width = len(grid[0]) if grid else 0
    for (r0, c0), (r1, c1) in merged:
        if r0 >= height or c0 >= width:
            continue
        if c1 > c0 and r0 <= HEADER_SCAN_ROWS + 1:
            for r in range(r0, min(r1, HEADER_SCAN_ROWS + 1) + 1):
                for c in range(c0, min(c1, width - 1) + 1):
                    spans[(r, c)] = c0 if r == r1 else -1  # only the bottom row of a merge spans
        value = grid[r0][c0]
        if value == "":
            continue
        # The range stops at the sheet's last row: below it the merge holds nothing else.
        last_col = min(c1, width - 1)
        for r in range(r0, min(r1, height - 1) + 1):
            row = grid[r]
            for c in range(c0, last_col + 1):
                row[c] = value
    return _Sheet(grid, {key: first for key, first in spans.items() if first >= 0})


def _decode(data: bytes) -> str:
    try:
        if data.startswith(b"\xef\xbb\xbf"):
            text = data[3:].decode("utf-8")
        elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
            text = data.decode("utf-16")
        else:
            try:
                text = data.decode("utf-8")
            except UnicodeDecodeError:
                text = data.decode("cp1258")
    except UnicodeDecodeError as exc:
        raise _not_a_spreadsheet() from exc
    if _CONTROL.search(text) or text.lstrip().startswith(("<", "{\\rtf")):
        raise _not_a_spreadsheet()
    return text


def _csv_rows(text: str, delimiter: str, limit: int | None = None) -> list[list[str]]:
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        return list(islice(reader, limit)) if limit else list(reader)
    except csv.Error as exc:
        raise _not_a_spreadsheet() from exc


def _read_csv(data: bytes) -> _Sheet:
    text = _decode(data)
    # Excel writes "sep=;" on a first line of its own; it is not a row the officer sees.
    first, _newline, rest = text.partition("\n")
    first = first.rstrip("\r")
    if first.lower() in ("sep=,", "sep=;", "sep=\t"):
        return _Sheet(_csv_rows(rest, first[4]), {})
    best, best_rank = ",", (-1, -1)
    for delimiter in _DELIMITERS:
        head = _csv_rows(text, delimiter, HEADER_SCAN_ROWS + 2)
        found = _find_header(_Sheet(head, {}))
        widest = max((len(row) for row in head), default=0)
        rank = (found.score if found else 0, widest)
        if rank > best_rank:
            best, best_rank = delimiter, rank
    return _Sheet(_csv_rows(text, best), {})


def _read(data: bytes, max_rows: int) -> _Sheet:
    if not data.strip():
        raise ImportFileError(_("The file is empty."))
    if data.startswith(_ZIP):
        return _read_xlsx(data, max_rows)
    if data.startswith(_OLE2):
        raise ImportFileError(
            _("This is an old Excel (.xls) or Word file. Open it in Excel and save it as .xlsx.")
        )
    if data.startswith(b"%PDF"):
        raise ImportFileError(_("This is a PDF file. Upload the list as Excel (.xlsx) or CSV."))
    return _read_csv(data)


# --- Finding the header ---------------------------------------------------------------------


@dataclass
class _Column:
    index: int
    text: str  # the header as written (two-row headers: "top / sub")
    kind: str  # "field", "choice", "refused", "ordinal", "unknown" or "blank"
    field: str = ""
    choice: object = None  # for "choice": the value the column stands for
    carries_birth: bool = False  # a Nam | Nữ column under "Năm sinh": the year is the cell
    keys: frozenset[str] = frozenset()  # folded header texts, to spot repeated header rows


@dataclass
class _Header:
    top: int  # 0-based row of the (first) header row
    data_start: int  # 0-based row of the first data row
    columns: list[_Column]
    score: int


def _text(value: object) -> str:
    if value == "" or value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return clean(str(value))


def _from_meaning(index: int, text: str, keys: frozenset[str]) -> _Column:
    meaning = meaning_of(text)
    return _Column(index, text, meaning.kind, meaning.field, keys=keys)


def _single_row(texts: list[str]) -> list[_Column]:
    keys = [choice_key(text) for text in texts]
    paired = any(k in SINGLE_ROW_MALE for k in keys) and any(k in SINGLE_ROW_FEMALE for k in keys)
    columns = []
    for index, text in enumerate(texts):
        both = frozenset({header_key(text)}) if text else frozenset()
        if paired and keys[index] in SINGLE_ROW_MALE:
            columns.append(_Column(index, text, "choice", "gender", "male", True, both))
        elif paired and keys[index] in SINGLE_ROW_FEMALE:
            columns.append(_Column(index, text, "choice", "gender", "female", True, both))
        else:
            columns.append(_from_meaning(index, text, both))
    return columns


def _spans_of(top: list[str], sub: list[str], merged: dict[int, int]) -> list[int]:
    """For each column, the first column of the merged top cell it sits under, or -1.

    Without merged cells, a top cell followed by blank top cells over filled sub cells
    ("Năm sinh" | "" above "Nam" | "Nữ") counts as merged over them.
    """
    width = len(top)
    spans = [merged.get(c, -1) if sub[c] else -1 for c in range(width)]
    c = 0
    while c < width:
        if spans[c] == -1 and top[c] and sub[c] and c + 1 < width and not top[c + 1] and sub[c + 1]:
            spans[c] = c
            j = c + 1
            while j < width and not top[j] and sub[j] and spans[j] == -1:
                spans[j] = c
                j += 1
            c = j
        else:
            c += 1
    return spans


def _two_rows(
    top_raw: list, sub_raw: list, merged: dict[int, int]
) -> tuple[list[_Column], bool] | None:
    """Columns of a header written on two rows, a merged cell above sub-headers, and whether
    the lower row reads as sub-headers only (blank or repeating the top outside the merges)."""
    width = max(len(top_raw), len(sub_raw))  # CSV records differ in length
    top = [_text(v) for v in top_raw] + [""] * (width - len(top_raw))
    sub = [_text(v) for v in sub_raw] + [""] * (width - len(sub_raw))
    spans = _spans_of(top, sub, merged)
    if all(first == -1 for first in spans):
        return None
    groups: dict[int, list[int]] = {}
    for c, first in enumerate(spans):
        if first != -1:
            groups.setdefault(first, []).append(c)
    columns: list[_Column] = []
    only_sub_headers = True
    for c in range(len(top)):
        keys = frozenset(header_key(t) for t in (top[c], sub[c]) if t)
        first = spans[c]
        if first == -1 and sub[c] and fold(sub[c]) != fold(top[c]):
            only_sub_headers = False
        if first == -1 or fold(top[first]) == fold(sub[c]):
            text = top[c] or sub[c]
            column = _from_meaning(c, text, keys)
            if meaning_of(sub[c]).kind == "refused":
                column.kind = "refused"
            columns.append(column)
            continue
        head = top[first]
        text = f"{head} / {sub[c]}"
        over, under = meaning_of(head), meaning_of(sub[c])
        siblings = {choice_key(sub[s]) for s in groups[first]}
        key = choice_key(sub[c])
        column = _Column(c, text, "unknown", keys=keys)
        if "refused" in (over.kind, under.kind):
            column.kind = "refused"
        elif (
            over.field in ("birth", "gender")
            and siblings & MALE_WORDS
            and siblings & FEMALE_WORDS
            and key in MALE_WORDS | FEMALE_WORDS
        ):
            column.kind, column.field = "choice", "gender"
            column.choice = "male" if key in MALE_WORDS else "female"
            column.carries_birth = over.field == "birth"
        elif over.field == "birth" and "nam" in siblings:
            # "Ngày sinh" over "Ngày" | "Tháng" | "Năm": the year is all that is kept.
            if key == "nam":
                column.kind, column.field = "field", "birth"
        elif (
            over.field in YES_NO_FIELDS
            and siblings & YES_WORDS
            and siblings & NO_WORDS
            and key in YES_WORDS | NO_WORDS
        ):
            column.kind, column.field, column.choice = "choice", over.field, key in YES_WORDS
        elif under.kind in ("field", "ordinal"):
            column.kind, column.field = under.kind, under.field
        elif len(groups[first]) <= 4:  # not a title merged across the whole table
            both = meaning_of(f"{head} {sub[c]}")
            if both.kind == "field":
                column.kind, column.field = "field", both.field
        columns.append(column)
    return columns, only_sub_headers


def _fields_of(columns: list[_Column]) -> set[str]:
    found = set()
    for column in columns:
        if column.kind == "field":
            found.add(column.field)
        elif column.kind == "choice":
            found.add(column.field)
            if column.carries_birth:
                found.add("birth")
    return found


def _score(columns: list[_Column]) -> int:
    found = _fields_of(columns)
    return len(found) + sum(2 for name in REQUIRED if name in found)


def _find_header(sheet: _Sheet) -> _Header | None:
    """The header: the row among the first ones naming the most fields, read together with
    the row below or above when the two make a two-row header (merged cells over sub-headers).
    """
    grid = sheet.grid
    scan = min(len(grid), HEADER_SCAN_ROWS)
    best: _Header | None = None
    found: dict[int, int] = {}  # row -> number of fields its cells name on their own
    for r in range(scan):
        texts = [_text(v) if isinstance(v, str) else "" for v in grid[r]]
        if not any(texts):
            continue
        columns = _single_row(texts)
        found[r] = len(_fields_of(columns))
        score = _score(columns)
        if score and (best is None or score > best.score):
            best = _Header(r, r + 1, columns, score)
    if best is None:
        return None
    r = best.top
    for top in (r - 1, r):
        if top < 0 or top + 1 >= len(grid):
            continue
        merged = {c: first for (row, c), first in sheet.spans.items() if row == top}
        pair = _two_rows(grid[top], grid[top + 1], merged)
        if pair is None:
            continue
        columns, only_sub_headers = pair
        score = _score(columns)
        # Two rows read together when they name more fields, or as many when the lower row
        # holds only sub-headers (blank or merged down elsewhere) under a header-like upper
        # row: "Năm sinh" over "Nam" | "Nữ", "Ngày sinh" over "Ngày" | "Tháng" | "Năm". A
        # title above the header names no field, so it is never read with it.
        if score > best.score or (
            score == best.score and only_sub_headers and found.get(top, 0) >= 1
        ):
            best = _Header(top, top + 2, columns, score)
    return best


# --- Converting cells -----------------------------------------------------------------------


def _show(value: object) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime.datetime | datetime.date):
        return value.strftime("%d/%m/%Y")
    return clean(str(value))


_LETTER = re.compile(r"[^\W\d_]")
_DIGIT = re.compile(r"\d")
_ODD_NAME = re.compile(r"[\d,:]")
_DMY = re.compile(r"(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})(?:[ T][\d:.]*)?")
_YMD = re.compile(r"(\d{4})[/.\-](\d{1,2})[/.\-](\d{1,2})(?:[ T][\d:.]*)?")
_MY = re.compile(r"(\d{1,2})[/.\-](\d{4})")
_NUMBER = re.compile(r"\d+(?:[.,]0+)?")
_EXCEL_EPOCH = datetime.date(1899, 12, 30).toordinal()

# fmt: off
_GENDERS = {
    "nam": "male", "m": "male", "male": "male", "nam gioi": "male", "trai": "male",
    "nu": "female", "f": "female", "female": "female", "nu gioi": "female", "gai": "female",
}
# fmt: on
# fmt: off
_YES_NO = {
    "co": True, "x": True, "1": True, "yes": True, "true": True, "✓": True, "✔": True,
    "v": True, "y": True, "da co": True, "co su dung": True, "c": True,
    "khong": False, "0": False, "no": False, "false": False, "k": False, "ko": False,
    "n": False, "chua": False, "chua co": False, "khong co": False, "khong su dung": False,
}
# fmt: on
_MARKS = frozenset({"x", "v", "✓", "✔", "*", "+", "1", "co", "yes", "true"})


def _plain_text(value: object) -> str:
    if isinstance(value, str):
        return clean(value)
    return _show(value)


def _key(value: object) -> str:
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, str):
        return clean(value)
    return _show(value)


def _name(value: object) -> str:
    text = clean(value) if isinstance(value, str) else _show(value)
    if not text:
        return ""
    if not _LETTER.search(text):
        raise _Invalid(_("The name “%(value)s” has no letters.") % {"value": text})
    if _DIGIT.search(text):
        raise _Invalid(_("The name “%(value)s” contains digits.") % {"value": text})
    return text


def _birth_converter(today: datetime.date) -> Callable[[object], int | None]:
    this_year = today.year
    today_serial = today.toordinal() - _EXCEL_EPOCH

    def year_of(year: int, value: object) -> int:
        if year < 1900:
            raise _Invalid(_("Birth year %(year)s is before 1900.") % {"year": _show(value)})
        if year > this_year:
            raise _Invalid(_("Birth year %(year)s is in the future.") % {"year": _show(value)})
        return year

    def invalid(value: object) -> _Invalid:
        return _Invalid(_("Birth date “%(value)s” is not valid.") % {"value": _show(value)})

    def of_date(day: int, month: int, year: int, value: object) -> int:
        try:
            born = datetime.date(year, month, day)
        except ValueError:
            raise invalid(value) from None
        if born > today:
            raise _Invalid(_("Birth date %(value)s is in the future.") % {"value": _show(value)})
        return year_of(year, value)

    def of_number(number: float, value: object) -> int:
        if number < 3000:  # a year, written as a number
            if not number.is_integer():
                raise invalid(value)
            return year_of(int(number), value)
        # An Excel date serial: a date cell without a date format, or typed as a number.
        if number > today_serial:
            if number < 2_958_466:
                raise _Invalid(
                    _("Birth date %(value)s is in the future.")
                    % {"value": _show(datetime.date.fromordinal(_EXCEL_EPOCH + int(number)))}
                )
            raise invalid(value)
        return year_of(datetime.date.fromordinal(_EXCEL_EPOCH + int(number)).year, value)

    def convert(value: object) -> int | None:
        kind = type(value)
        if kind is float or kind is int:
            return of_number(value, value)  # type: ignore[arg-type]
        if kind is datetime.date:
            return of_date(value.day, value.month, value.year, value)  # type: ignore[attr-defined]
        if kind is datetime.datetime:
            return of_date(value.day, value.month, value.year, value)  # type: ignore[attr-defined]
        if kind is not str:
            raise invalid(value)
        text = value.strip()  # type: ignore[attr-defined]
        if not text:
            return None
        if len(text) == 4 and text.isdigit():
            return year_of(int(text), text)
        if _NUMBER.fullmatch(text):
            return of_number(float(text.replace(",", ".")), text)
        if found := _DMY.fullmatch(text):
            return of_date(int(found[1]), int(found[2]), int(found[3]), text)
        if found := _YMD.fullmatch(text):
            return of_date(int(found[3]), int(found[2]), int(found[1]), text)
        if found := _MY.fullmatch(text):
            return of_date(1, int(found[1]), int(found[2]), text)
        raise invalid(text)

    return convert


def _gender(value: object) -> str:
    if isinstance(value, str):
        key = choice_key(value)
        if not key and not value.strip():
            return ""
        if key in _GENDERS:
            return _GENDERS[key]
    raise _Invalid(
        _("Gender “%(value)s” is not understood: write Nam or Nữ.") % {"value": _show(value)}
    )


def _phone(value: object) -> str:
    if isinstance(value, float):
        # A number cell: Excel dropped the leading zero, which normalize_phone puts back.
        text = str(int(value)) if value.is_integer() else repr(value)
    else:
        text = value if isinstance(value, str) else _show(value)
    if len(text) == 10 and text[0] == "0" and text.isdigit():
        return text  # already national: what normalize_phone would return, for less work
    try:
        return normalize_phone(text)
    except InvalidPhone:
        raise _Invalid(
            _("Phone number “%(value)s” is not valid.") % {"value": clean(text)}
        ) from None


def _yes_no(value: object) -> bool | None:
    if isinstance(value, bool):
        return value
    if isinstance(value, float | int):
        if value in (0, 1):
            return bool(value)
    elif isinstance(value, str):
        key = value.strip().lower()
        if not key:
            return None
        if key not in _YES_NO:
            key = choice_key(value) or key
        if key in _YES_NO:
            return _YES_NO[key]
    raise _Invalid(_("“%(value)s” is not understood: write Có or Không.") % {"value": _show(value)})


def _is_mark(value: object) -> bool:
    if value is True or (isinstance(value, float | int) and value == 1):
        return True
    if not isinstance(value, str):
        return False
    return value.strip().lower() in _MARKS or choice_key(value) in _MARKS


def _converters(today: datetime.date) -> dict[str, Callable[[object], object]]:
    return {
        "household_key": _key,
        "group": _plain_text,
        "address": _plain_text,
        "full_name": _name,
        "birth": _birth_converter(today),
        "gender": _gender,
        "relation": _plain_text,
        "phone": _phone,
        "household_phone": _phone,
        "has_smartphone": _yes_no,
        "has_internet": _yes_no,
    }


# --- Rows that are not residents --------------------------------------------------------------

_TOTAL = re.compile(r"(tong|cong)( cong| so| hop| ho| nhan khau| \d|$)")
# fmt: off
_SIGNATURES = (
    "nguoi lap", "to truong", "truong thon", "truong khu pho", "truong ban", "truong to",
    "xac nhan", "ky ten", "ky ghi ro", "tm", "t m", "kt", "chu tich", "can bo", "ghi chu",
    "bi thu", "nguoi kiem tra", "nguoi duyet", "thu truong", "dai dien",
)
# fmt: on
_SIGNATURE = words_pattern(_SIGNATURES)  # matched at the start of the cell
_DATE_LINE = re.compile(r"\bngay (\d+ )?thang (\d+ )?nam \d{4}\b")
# First words (lower case, NFC or folded) that make a cell worth a closer look.
# fmt: off
_SUSPECT_FIRST_WORDS = (
    "tổng", "cộng", "người", "tổ", "trưởng", "xác", "ký", "kí", "chủ", "cán", "ghi", "bí",
    "thủ", "đại", "tm", "t/m", "kt", "họ", "tên",
)
# fmt: on
_NFC = partial(unicodedata.normalize, "NFC")
_SUSPECT_WORDS = frozenset(
    word for phrase in _SUSPECT_FIRST_WORDS for word in (phrase, fold(phrase))
)
# A name as most are written: words of letters (precomposed) separated by single spaces, the
# first not one that opens a total or a signature. It needs no more than NFC.
_SUSPECT_ALTERNATIVES = "|".join(
    sorted((re.escape(word) for word in _SUSPECT_WORDS), key=len, reverse=True)
)
_PLAIN_NAME = re.compile(
    r"(?!(?:" + _SUSPECT_ALTERNATIVES + r")(?![^\W\d_]))[^\W\d_]+(?: [^\W\d_]+)*",
    re.IGNORECASE,
)


def _special_row(text: str, header_keys: frozenset[str]) -> str | None:
    """Say "total", "signature" or "header" when a cell shows its row holds no resident.

    `header_keys` are the folded headers of the name, household and ordinal columns: a cell
    repeating one of them is a header repeated on a later page.
    """
    key = header_key(text)
    if not key:
        return None
    if _TOTAL.match(key):
        return "total"
    if _SIGNATURE.match(key) or _DATE_LINE.search(key):
        return "signature"
    if key in header_keys:
        return "header"
    return None


def _is_number_row(cells: tuple) -> bool:
    """The row of column numbers under the header: 1 2 3 ... or (1) (2) (3) ..."""
    last, count = 0, 0
    for value in cells:
        if value == "":
            continue
        if type(value) is float or type(value) is int:
            if not float(value).is_integer():
                return False
            number = int(value)
        elif isinstance(value, str):
            text = value.strip().strip("()[]").strip()
            if not text:
                continue
            if not text.isdigit():
                return False
            number = int(text)
        else:
            return False
        if number <= last:
            return False
        last, count = number, count + 1
    return count >= 2


def _nameless(
    raw: list, cells: tuple, used: list[int], keys_of: dict, header_keys: frozenset[str]
) -> str | None:
    """Why a row without a name is no resident: blank, column numbers, a repeated header, or
    totals and signatures written in another column. None when it is a resident row with a
    problem to report."""
    if all(type(value) is str and not value.strip() for value in cells):
        return "blank"
    if _is_number_row(cells):
        return "numbers"
    repeats = 0
    for c in used:
        value = raw[c]
        if isinstance(value, str) and value.strip():
            if special := _special_row(value, header_keys):
                return special
            repeats += header_key(value) in keys_of[c]
    return "header" if repeats >= 2 else None


# --- The list --------------------------------------------------------------------------------


# ResidentRow's fields, by the slot of the field they come from; rows are built positionally
# in the dataclass's own order.
_ROW_FIELDS = {
    "household_key": "household_key",
    "group": "group",
    "address": "address",
    "full_name": "full_name",
    "birth_year": "birth",
    "gender": "gender",
    "relation": "relation",
    "phone": "phone",
    "household_phone": "household_phone",
    "has_smartphone": "has_smartphone",
    "has_internet": "has_internet",
}
_ROW_ORDER = tuple(f.name for f in fields(ResidentRow))
if set(_ROW_ORDER) != {"row_number", "is_head", *_ROW_FIELDS}:  # pragma: no cover
    raise ImportError("ResidentRow's fields changed: update _ROW_FIELDS in reading.py")

_HEAD_WORDS = frozenset({"chu ho", "ch", "chu ho gia dinh"})


@dataclass
class _Household:
    group: str
    group_row: int
    address: str
    address_row: int
    head_row: int = 0


def _plan(header: _Header) -> tuple[dict[str, str], list[str], list[str], list[_Column], dict]:
    """Map the header's columns to fields: mapping, ignored, refused, plain and choice columns."""
    mapping: dict[str, str] = {}
    ignored: list[str] = []
    refused: list[str] = []
    plain: list[_Column] = []
    choices: dict[str, list[_Column]] = {}
    for column in header.columns:
        if column.kind == "blank":
            continue
        if column.kind == "refused":
            refused.append(column.text)
        elif column.kind == "field" and column.field not in mapping:
            mapping[column.field] = column.text
            plain.append(column)
        elif column.kind == "choice":
            choices.setdefault(column.field, []).append(column)
        else:
            ignored.append(column.text)
    for field_name, columns in choices.items():
        joined = ", ".join(column.text for column in columns)
        mapping.setdefault(field_name, joined)
        if any(column.carries_birth for column in columns):
            mapping.setdefault("birth", joined)
    return mapping, ignored, refused, plain, choices


def parse_resident_list(data: bytes, filename: str, *, max_rows: int) -> ParsedList:
    """Read a resident list from the bytes of an .xlsx or .csv file and check every row.

    The format is decided from the content, not from `filename`. Raises `ImportFileError`
    (with a message for the officer) when the file as a whole cannot be used: not a
    spreadsheet, no header with a household code and a name, or more than `max_rows` rows.
    Problems of single rows are returned in `ParsedList.errors`; those rows are left out.
    """
    with paused_collection():
        return _parse(data, max_rows)


def _parse(data: bytes, max_rows: int) -> ParsedList:
    sheet = _read(data, max_rows)
    grid = sheet.grid
    stop = len(grid)
    while stop and all(v == "" or (isinstance(v, str) and v.isspace()) for v in grid[stop - 1]):
        stop -= 1
    if not stop:
        raise ImportFileError(_("The file has no rows."))
    header = _find_header(sheet)
    mapping, ignored, refused, plain, choices = _plan(header) if header else ({}, [], [], [], {})
    missing = [name for name in REQUIRED if name not in {c.field for c in plain}]
    if header is None or missing:
        raise ImportFileError(
            _(
                "No column was found for: %(fields)s. The header row of the list must name "
                "them, for example “Mã hộ” and “Họ và tên”."
            )
            % {"fields": ", ".join(_field_label(name) for name in missing or REQUIRED)}
        )
    if stop - header.data_start > max_rows:
        raise _too_many_rows(max_rows)
    parsed = ParsedList(
        header_row=header.top + 1,
        mapping=mapping,
        ignored_columns=ignored,
        refused_columns=refused,
    )
    kept, slow, parsed.skipped_rows = _resident_rows(grid, header, plain, choices, stop)
    columns, problems = _convert_columns(grid, kept, slow, plain, choices)
    parsed.rows = _check_rows(kept, columns, problems, mapping, parsed.errors)
    parsed.errors.sort(key=lambda error: error.row_number)
    return parsed


def _resident_rows(
    grid: list[list], header: _Header, plain: list[_Column], choices: dict, stop: int
) -> tuple[list[int], set[int], int]:
    """The 0-based rows below the header that hold residents, the positions among them of
    the names to check closely, and how many rows were skipped: blank rows, column numbers,
    repeated headers, totals and signatures.

    Only the columns mapped to a field (and the ordinal column) are looked at.
    """
    key_col = next(c.index for c in plain if c.field == "household_key")
    name_col = next(c.index for c in plain if c.field == "full_name")
    ordinal_cols = [c.index for c in header.columns if c.kind == "ordinal"]
    used = sorted(
        {c.index for c in plain}
        | {c.index for columns in choices.values() for c in columns}
        | set(ordinal_cols)
    )
    keys_of = {c.index: c.keys for c in header.columns if c.index in used}
    header_keys = frozenset().union(
        *(
            keys_of[c.index]
            for c in header.columns
            if c.kind == "ordinal" or c.index in (key_col, name_col)
        )
    )
    width = used[-1] + 1
    cells_of = itemgetter(*used)
    probes = [c for c in dict.fromkeys([used[0], *ordinal_cols[:1], key_col]) if c != name_col]
    start = header.data_start
    rows = grid[start:stop]
    if rows and min(map(len, rows)) < width:
        for raw in rows:
            if len(raw) < width:  # a short CSV record
                raw.extend([""] * (width - len(raw)))
    # Most rows have a plain name (letters, single spaces, no word that opens a total or a
    # signature): one regex decides them. The others are looked at closely.
    names = list(map(itemgetter(name_col), rows))
    plain_name = _PLAIN_NAME.fullmatch
    suspect_words = _SUSPECT_WORDS
    nfc = unicodedata.normalize
    letter, odd_name = _LETTER.search, _ODD_NAME.search
    kept: list[int] = []
    slow: set[int] = set()
    skipped = 0
    in_signature = False
    for index, name in zip(range(start, stop), names, strict=True):
        if type(name) is str and plain_name(name) is not None:
            if not in_signature:
                kept.append(index)
                continue
            special = None
            named = True
        else:
            raw = grid[index]
            named = type(name) is str and letter(name) is not None
            special = None
            if not named:
                special = _nameless(raw, cells_of(raw), used, keys_of, header_keys)
            else:
                for value in (name, *(raw[c] for c in probes)):
                    if type(value) is str:
                        words = value.split(None, 1)
                        if (
                            words
                            and nfc("NFC", words[0].lower().strip(":.,-")) in suspect_words
                            and (special := _special_row(value, header_keys))
                        ):
                            break
                if special is None and odd_name(name):
                    special = _special_row(name, header_keys)
            if special is None:
                slow.add(len(kept))
        if special is not None:
            skipped += 1
            in_signature = in_signature or special == "signature"
            continue
        if in_signature:
            # Below a signature line only complete rows are residents: the rest is names of
            # signatories, stamps and notes.
            if not named or not _text(grid[index][key_col]):
                skipped += 1
                slow.discard(len(kept))
                continue
            in_signature = False
        kept.append(index)
    return kept, slow, skipped


def _convert_columns(
    grid: list[list], kept: list[int], slow: set[int], plain: list[_Column], choices: dict
) -> tuple[list, dict[int, list[RowError]]]:
    """Convert the cells of the kept rows column by column: each distinct value of a column is
    converted once. Returns a list of values per field slot (a repeat of the default for
    fields the list lacks) and the problems found, by position in `kept`."""
    convert = _converters(datetime.date.today())
    columns: list = [repeat(default) for default in _DEFAULTS]
    problems: dict[int, list[RowError]] = {}
    if not kept:
        for column in plain:
            columns[SLOT[column.field]] = []
        return columns, problems
    if kept[-1] - kept[0] + 1 == len(kept):
        rows = grid[kept[0] : kept[-1] + 1]
    else:
        rows = [grid[index] for index in kept]
    # One pass along the rows, in the order the cells lie in memory, turns them into columns.
    transposed = zip(*map(itemgetter(*(c.index for c in plain)), rows), strict=True)
    for column, cells in zip(plain, transposed, strict=True):
        slot = SLOT[column.field]
        failed = False
        if column.field == "full_name":
            # Plain names only need NFC; the others go through the whole check.
            if slow:
                cells = list(cells)
                for position in slow:
                    cells[position] = ""
            values = list(map(_NFC, cells))
            for position in slow:
                name = grid[kept[position]][column.index]
                if name != "":
                    values[position] = _convert_one(_name, name)
                    failed = failed or type(values[position]) is _Invalid
        elif column.field == "phone":  # nearly all distinct: no use remembering them
            values = []
            append = values.append
            for value in cells:
                if type(value) is str and len(value) == 10 and value[0] == "0" and value.isdigit():
                    append(value)
                elif value == "":
                    append("")
                else:
                    append(_convert_one(_phone, value))
                    failed = failed or type(values[-1]) is _Invalid
        else:
            seen = _Memo(convert[column.field], _DEFAULTS[slot])
            values = list(map(seen.__getitem__, cells))
            failed = seen.failed
        if failed:
            for position, value in enumerate(values):
                if type(value) is _Invalid:
                    problems.setdefault(position, []).append(
                        RowError(kept[position] + 1, column.text, value.message)
                    )
                    values[position] = _DEFAULTS[slot]
        columns[slot] = values
    if choices:
        _read_choices(grid, kept, choices, columns, problems, convert["birth"])
    return columns, problems


class _Memo(dict):
    """The converted value of each distinct cell of a column, converted on first sight: a
    lookup of a known value stays in C, so a column costs one pass."""

    def __init__(self, step: Callable[[object], object], blank: object) -> None:
        super().__init__({"": blank})
        self.step = step
        self.failed = False

    def __missing__(self, value: object) -> object:
        converted = self[value] = _convert_one(self.step, value)
        if type(converted) is _Invalid:
            self.failed = True
        return converted


def _convert_one(step: Callable[[object], object], value: object) -> object:
    """The converted value, or the `_Invalid` saying why it cannot be."""
    try:
        return step(value)
    except _Invalid as exc:
        return exc


def _read_choices(
    grid: list[list],
    kept: list[int],
    choices: dict[str, list[_Column]],
    columns: list,
    problems: dict[int, list[RowError]],
    birth: Callable[[object], object],
) -> None:
    """Fields given by which of several columns is filled ("Nam" | "Nữ", "Có" | "Không").
    A plain column of the same field, when filled, wins."""
    for name, group in choices.items():
        slot = SLOT[name]
        if isinstance(columns[slot], repeat):
            columns[slot] = [_DEFAULTS[slot]] * len(kept)
        if any(c.carries_birth for c in group) and isinstance(columns[BIRTH], repeat):
            columns[BIRTH] = [None] * len(kept)
        values, years = columns[slot], columns[BIRTH]
        for position, index in enumerate(kept):
            raw = grid[index]
            marked = [c for c in group if _text(raw[c.index])]
            if not marked:
                continue
            if len(marked) > 1:
                problems.setdefault(position, []).append(
                    RowError(
                        index + 1,
                        marked[1].text,
                        _("Both “%(first)s” and “%(second)s” are filled in: keep one.")
                        % {"first": marked[0].text, "second": marked[1].text},
                    )
                )
                continue
            column = marked[0]
            value = raw[column.index]
            if column.carries_birth and not _is_mark(value):
                try:
                    year = birth(value)
                except _Invalid as exc:
                    problems.setdefault(position, []).append(
                        RowError(index + 1, column.text, exc.message)
                    )
                else:
                    if years[position] is None:
                        years[position] = year
            if values[position] == "" or values[position] is None:
                values[position] = column.choice


def _check_rows(
    kept: list[int],
    columns: list,
    problems: dict[int, list[RowError]],
    mapping: dict[str, str],
    errors: list[RowError],
) -> list[ResidentRow]:
    """Check the rows across the list and build them: a household code and a name on each,
    one group and address per household, no resident listed twice, one head per household.

    A blank household code continues the household above (a merged cell saved as CSV keeps
    its value on the first row only); blank group and address take the household's.
    """
    key_header, name_header = mapping["household_key"], mapping["full_name"]
    group_header = mapping.get("group", "")
    address_header = mapping.get("address", "")
    relation_header = mapping.get("relation", "")
    keys, groups, addresses, names = columns[KEY], columns[GROUP], columns[ADDRESS], columns[NAME]
    count = len(kept)
    row_numbers = [index + 1 for index in kept]

    # What each row needs on its own: a household code (or the one above) and a name.
    found: dict[int, list[RowError]] = {p: list(e) for p, e in problems.items()}
    if "" in keys:
        previous_key = ""
        for position, key in enumerate(keys):
            if key:
                previous_key = key
            elif previous_key:
                keys[position] = previous_key
            else:
                found.setdefault(position, []).append(
                    RowError(row_numbers[position], key_header, _("The household code is missing."))
                )
    if "" in names:
        for position, name in enumerate(names):
            if not name and not any(e.column == name_header for e in found.get(position, ())):
                found.setdefault(position, []).append(
                    RowError(row_numbers[position], name_header, _("The name is missing."))
                )
    if "relation" in mapping:
        heads = _Memo(lambda relation: choice_key(relation) in _HEAD_WORDS, False)
        is_head = list(map(heads.__getitem__, columns[RELATION]))
    else:
        is_head = [False] * count  # set below on each household's first row
    rejected = set(found)

    households: dict[str, _Household] = {}
    # (household, birth year) -> position of the first resident, or a list of (position,
    # folded name) once several share it: names are folded only then.
    same_year: dict[tuple[str, int | None], int | list] = {}
    unfilled: list[int] = []  # rows whose blank group or address a later row may fill
    no_relation = "relation" not in mapping
    fill_group, fill_address = isinstance(groups, list), isinstance(addresses, list)
    for position, key, group, address, birth_year, head in zip(
        range(count), keys, groups, addresses, columns[BIRTH], is_head, strict=False
    ):
        if rejected and position in rejected:
            continue
        household = households.get(key)
        row_number = row_numbers[position]
        if household is None:  # a household's first row: nothing to compare with yet
            households[key] = _Household(
                group,
                row_number if group else 0,
                address,
                row_number if address else 0,
                row_number if head or no_relation else 0,
            )
            if no_relation:
                is_head[position] = True
            same_year[(key, birth_year)] = position
            if (fill_group and not group) or (fill_address and not address):
                unfilled.append(position)
            continue
        conflicts = []
        if group != household.group and group:
            if not household.group:
                household.group, household.group_row = group, row_number
            elif fold(group) != fold(household.group):
                conflicts.append(
                    RowError(
                        row_number,
                        group_header,
                        _("Household %(key)s is in group “%(group)s” on row %(row)s.")
                        % {"key": key, "group": household.group, "row": household.group_row},
                    )
                )
        if address != household.address and address:
            if not household.address:
                household.address, household.address_row = address, row_number
            elif fold(address) != fold(household.address):
                conflicts.append(
                    RowError(
                        row_number,
                        address_header,
                        _("Household %(key)s has the address “%(address)s” on row %(row)s.")
                        % {"key": key, "address": household.address, "row": household.address_row},
                    )
                )
        if head:
            if household.head_row:
                conflicts.append(
                    RowError(
                        row_number,
                        relation_header,
                        _("Household %(key)s already has a head on row %(row)s.")
                        % {"key": key, "row": household.head_row},
                    )
                )
            else:
                household.head_row = row_number
        year_key = (key, birth_year)
        twins = same_year.get(year_key)
        if twins is not None:
            if type(twins) is int:
                twins = same_year[year_key] = [(twins, fold(names[twins]))]
            folded = fold(names[position])
            for twin, twin_name in twins:
                if twin_name == folded:
                    conflicts.append(
                        RowError(
                            row_number,
                            name_header,
                            _("Same resident as row %(row)s.") % {"row": row_numbers[twin]},
                        )
                    )
                    break
            else:
                twins.append((position, folded))
        if conflicts:
            # The row is left out; what it set on its household is taken back.
            if household.group_row == row_number:
                household.group, household.group_row = "", 0
            if household.address_row == row_number:
                household.address, household.address_row = "", 0
            if household.head_row == row_number:
                household.head_row = 0
            if twins is not None and twins[-1][0] == position:
                twins.pop()
            errors.extend(conflicts)
            rejected.add(position)
            continue
        if twins is None:
            same_year[year_key] = position
        if (fill_group and not group) or (fill_address and not address):
            unfilled.append(position)
    for position_errors in found.values():
        errors.extend(position_errors)

    for position in unfilled:
        household = households[keys[position]]
        if fill_group and not groups[position]:
            groups[position] = household.group
        if fill_address and not addresses[position]:
            addresses[position] = household.address

    by_field = {
        "row_number": row_numbers,
        "is_head": is_head,
        **{name: columns[SLOT[field_name]] for name, field_name in _ROW_FIELDS.items()},
    }
    ordered = [by_field[name] for name in _ROW_ORDER]
    if rejected:
        keep = [position for position in range(count) if position not in rejected]
        if not keep:
            return []
        pick = itemgetter(*keep) if len(keep) > 1 else lambda values: (values[keep[0]],)
        ordered = [pick(values) if isinstance(values, list) else values for values in ordered]
    # One C-level pass: building 100,000 frozen rows one call at a time costs twice as much.
    return list(map(ResidentRow, *ordered))
