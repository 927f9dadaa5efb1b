"""An uploaded list as a grid of cells: .xlsx through calamine, with merged cells filled,
or .csv in the encodings and separators Vietnamese offices save it with."""

import csv
import io
import re
from dataclasses import dataclass
from itertools import islice

from django.utils.translation import gettext as _
from python_calamine import CalamineWorkbook, SheetTypeEnum, SheetVisibleEnum

from hocvuso.people.importing.archive import check_xlsx, too_many_rows
from hocvuso.people.importing.header_rows import HEADER_SCAN_ROWS, find_header
from hocvuso.people.importing.rows import ImportFileError

_ZIP = b"PK\x03\x04"
_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # .xls and .doc of Office 97-2003
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_DELIMITERS = (",", ";", "\t")


@dataclass
class Sheet:
    """Cells by 0-based row ("" when empty): row i is the officer's row i + 1, in Excel as in
    CSV (one record a row). `spans` maps (row, col) of a cell merged across columns, on the
    merge's bottom row, to the merge's first column."""

    grid: list[list]
    spans: dict[tuple[int, int], int]


def _not_a_spreadsheet() -> ImportFileError:
    return ImportFileError(_("The file is not an Excel (.xlsx) or CSV spreadsheet."))


def _read_xlsx(data: bytes, max_rows: int) -> Sheet:
    # The reader builds the whole rectangle of cells in memory: measure it first.
    check_xlsx(data, max_rows=max_rows, scan_rows=HEADER_SCAN_ROWS + 1)
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
        if sheet.end is None:
            raise ImportFileError(_("The first sheet of the workbook is empty."))
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
    return Sheet(grid, {key: first for key, first in spans.items() if first >= 0})


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


def _read_csv(data: bytes, max_rows: int) -> Sheet:
    text = _decode(data)
    # Excel writes "sep=;" on a first line of its own; it is not a row the officer sees.
    first, _newline, rest = text.partition("\n")
    first = first.rstrip("\r")
    # Reading stops one row past the limit: enough to know the list is too long.
    most = max_rows + HEADER_SCAN_ROWS + 2
    if first.lower() in ("sep=,", "sep=;", "sep=\t"):
        return _limited(_csv_rows(rest, first[4], most), most, max_rows)
    best, best_rank = ",", (-1, -1)
    for delimiter in _DELIMITERS:
        head = _csv_rows(text, delimiter, HEADER_SCAN_ROWS + 2)
        found = find_header(Sheet(head, {}))
        widest = max((len(row) for row in head), default=0)
        rank = (found.score if found else 0, widest)
        if rank > best_rank:
            best, best_rank = delimiter, rank
    return _limited(_csv_rows(text, best, most), most, max_rows)


def _limited(rows: list[list[str]], most: int, max_rows: int) -> Sheet:
    if len(rows) >= most:
        raise too_many_rows(max_rows)
    return Sheet(rows, {})


def read_sheet(data: bytes, *, max_rows: int) -> Sheet:
    """The first visible sheet of an .xlsx, or the rows of a .csv; a clear error otherwise."""
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
    return _read_csv(data, max_rows)
