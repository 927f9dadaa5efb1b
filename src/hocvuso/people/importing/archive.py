"""An .xlsx checked as the archive it is, before anything parses it.

An .xlsx is a zip of XML parts. A file of a few kilobytes can unpack to gigabytes (a zip
bomb), and a sheet of two cells, one at A1 and one at ZZ150000, makes the spreadsheet reader
build the whole rectangle between them: 3 GB for a 1.7 KB file. So every XML part is
inflated here, as a stream, counting what it really holds (never trusting the sizes the
archive declares), and each worksheet is scanned for its rows and columns. Reading stops as
soon as a limit is passed, so a refusal costs no more than the limit itself.
"""

import io
import re
import struct
import zipfile
import zlib
from collections.abc import Iterator

from django.conf import settings
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from hocvuso.people.importing.rows import ImportFileError

MAX_PARTS = 2000
MAX_OTHER_PART_BYTES = 64 * 1024 * 1024  # shared strings, styles, the workbook itself
MAX_ROW_BYTES = 16 * 1024 * 1024  # one row's XML, or what follows the last row (merges)
MAX_COLUMNS = 256
MAX_CELLS = 10_000_000  # rows x columns of the rectangle the reader builds
_CHUNK = 1024 * 1024
_LOCAL_HEADER = struct.Struct("<4s2B4HL2L2H")
# A cell's reference ("ZZ7"); a row's is digits only. The reader's own ceiling on memory
# (isolation.py) stands behind this count for cells placed in ways it does not see.
_CELL_COLUMN = re.compile(rb'\sr="([A-Z]{1,4})\d')
_ROOT_PREFIX = re.compile(rb"<(\w{1,20}:)?worksheet\b")


def _damaged() -> ImportFileError:
    return ImportFileError(
        _("The Excel file cannot be read; it may be damaged. Open it in Excel and save it again.")
    )


def _too_big() -> ImportFileError:
    return ImportFileError(
        _(
            "The Excel file unpacks to more than %(limit)s MB. Delete what the list does not "
            "need (pictures, other sheets, formatting) or split it into several files."
        )
        % {"limit": settings.IMPORT_MAX_UNPACKED_BYTES // (1024 * 1024)}
    )


def too_many_rows(max_rows: int) -> ImportFileError:
    """The error for a list longer than the import accepts."""
    return ImportFileError(
        _("The list has more than %(limit)s rows. Split it into several files.")
        % {"limit": number_format(max_rows, force_grouping=True)}
    )


def too_many_columns(columns: int) -> ImportFileError:
    return ImportFileError(
        _("The sheet has %(columns)d columns. Delete the empty columns on the right.")
        % {"columns": columns}
    )


def check_xlsx(data: bytes, *, max_rows: int, scan_rows: int) -> None:
    """Refuse an .xlsx whose parts unpack to more than the limits allow, or whose sheets hold
    more than `max_rows` rows below the first `scan_rows`, or too wide a rectangle of cells."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        parts = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError) as exc:
        raise _damaged() from exc
    if len(parts) > MAX_PARTS:
        raise _too_big()
    unpacked = 0
    for part in parts:
        name = part.filename.lower()
        if not name.endswith((".xml", ".rels")):
            continue  # pictures and printer settings are never read
        is_sheet = name.startswith("xl/worksheets/")
        limit = settings.IMPORT_MAX_UNPACKED_BYTES if is_sheet else MAX_OTHER_PART_BYTES
        chunks = _inflate(data, part, min(limit, settings.IMPORT_MAX_UNPACKED_BYTES - unpacked))
        if is_sheet:
            unpacked += _scan_sheet(chunks, max_rows=max_rows, scan_rows=scan_rows)
        else:
            unpacked += sum(map(len, chunks))


def _inflate(data: bytes, part: zipfile.ZipInfo, limit: int) -> Iterator[bytes]:
    """The part's bytes as they unpack, in pieces; `_too_big` past `limit` bytes."""
    offset = part.header_offset
    try:
        fields = _LOCAL_HEADER.unpack_from(data, offset)
    except struct.error as exc:
        raise _damaged() from exc
    # typeshed leaves out zipfile's header constants, which the module has had since 2.x.
    if fields[0] != zipfile.stringFileHeader:  # type: ignore[attr-defined]
        raise _damaged()
    start = offset + _LOCAL_HEADER.size + fields[10] + fields[11]
    raw = memoryview(data)[start : start + part.compress_size]
    if part.compress_type == zipfile.ZIP_STORED:
        if len(raw) > limit:
            raise _too_big()
        for at in range(0, len(raw), _CHUNK):
            yield bytes(raw[at : at + _CHUNK])
        return
    if part.compress_type != zipfile.ZIP_DEFLATED:
        raise _damaged()
    inflater = zlib.decompressobj(-zlib.MAX_WBITS)
    total = 0
    try:
        for at in range(0, len(raw), 64 * 1024):
            pending = bytes(raw[at : at + 64 * 1024])
            while pending:
                # At most one chunk out per call: a bomb's few bytes never become gigabytes
                # in memory at once.
                piece = inflater.decompress(pending, _CHUNK)
                pending = inflater.unconsumed_tail
                total += len(piece)
                if total > limit:
                    raise _too_big()
                if piece:
                    yield piece
    except zlib.error as exc:
        raise _damaged() from exc


def _scan_sheet(chunks: Iterator[bytes], *, max_rows: int, scan_rows: int) -> int:
    """Count a worksheet's rows and columns as it unpacks; returns its size in bytes."""
    tags: _Tags | None = None
    carry = b""
    size = 0
    shape = [0, 0]  # the highest row number, the widest row
    for chunk in chunks:
        size += len(chunk)
        if tags is None:
            prefix = _ROOT_PREFIX.search(chunk[:4096])
            tags = _Tags(prefix.group(1) or b"" if prefix else b"")
        # Whole rows are counted; the last one may go on in the next chunk.
        buffer = carry + chunk
        cut = buffer.rfind(tags.row)
        if cut > 0:
            tags.count(buffer[:cut], shape)
            carry = buffer[cut:]
        else:
            carry = buffer
        if len(carry) > MAX_ROW_BYTES:
            raise _too_big()
        _check_shape(shape, max_rows=max_rows, scan_rows=scan_rows)
    if tags is not None:
        tags.count(carry, shape)
        _check_shape(shape, max_rows=max_rows, scan_rows=scan_rows)
    return size


def _check_shape(shape: list[int], *, max_rows: int, scan_rows: int) -> None:
    last_row, widest = shape
    if widest > MAX_COLUMNS:
        raise too_many_columns(widest)
    if last_row - scan_rows > max_rows:
        raise too_many_rows(max_rows)
    if last_row * widest > MAX_CELLS:
        raise ImportFileError(
            _(
                "The sheet is too large: %(rows)s rows by %(columns)d columns. Delete the empty "
                "columns on the right, or split it into several files."
            )
            % {"rows": number_format(last_row, force_grouping=True), "columns": widest}
        )


class _Tags:
    """A sheet's row and cell tags (with the namespace prefix its XML uses), and how to count
    the rows and columns of a run of whole rows with them: a few passes of C over the bytes,
    and a look at single rows only where cells come without references."""

    def __init__(self, prefix: bytes) -> None:
        self.row = b"<" + prefix + b"row"
        self.cell = b"<" + prefix + b"c"
        self.row_number = re.compile(re.escape(self.row) + rb'\s[^>]*?\br="(\d{1,10})"')
        self.referenced_cell = self.cell + b' r="'
        # A reference that is not one letter up to column n (the pattern at index n): two
        # letters or more, a letter past the n-th, or no letter at all. A literal start keeps
        # the search in C's fast scan.
        start = re.escape(self.referenced_cell)
        self.past_column = [
            re.compile(start + rb"(?:[A-Z]{2}|[^A-Z]|[%c-Z])" % (65 + n)) for n in range(26)
        ] + [re.compile(start + rb"(?:[A-Z]{2}|[^A-Z])")]

    def count(self, text: bytes, shape: list[int]) -> None:
        if not self._count_plain(text, shape):
            self._count_any(text, shape)

    def _count_plain(self, text: bytes, shape: list[int]) -> bool:
        """Count rows as nearly every writer saves them, each row numbered and each cell's
        reference its first attribute, in about six passes of C; False for anything else
        (`<rowBreaks>` and `<cols>` included), which `_count_any` then counts."""
        rows = text.count(self.row)
        if not rows:
            return True
        numbers = self.row_number.findall(text)
        if len(numbers) != rows or text.count(self.cell) != text.count(self.referenced_cell):
            return False
        widest = shape[1]
        while widest <= 26:
            found = self.past_column[widest].search(text)
            if found is None:
                shape[0] = max(shape[0], max(map(int, numbers)))
                shape[1] = widest
                return True
            letter = found.group()[len(self.referenced_cell) :]
            if len(letter) != 1 or not letter.isalpha():
                break  # two letters or none: `_count_any` reads every reference
            widest = letter[0] - 64  # the widest so far; look again for one past it
        return False

    def _count_any(self, text: bytes, shape: list[int]) -> None:
        rows = text.count(self.row + b" ") + text.count(self.row + b">")
        if not rows:
            return
        numbers = self.row_number.findall(text)
        # A row without a number follows the one before it: counting each such row after the
        # highest number gives a bound the reader never passes.
        highest = max(map(int, numbers), default=0)
        shape[0] = max(shape[0], highest) + rows - len(numbers)
        cells = sum(text.count(self.cell + end) for end in (b" ", b">", b"/"))
        references = _CELL_COLUMN.findall(text)
        if references:
            shape[1] = max(shape[1], *(_column_number(letters) for letters in set(references)))
        if cells > len(references):
            # Cells without a reference take the next column: count them row by row.
            for row in text.split(self.row):
                shape[1] = max(shape[1], sum(row.count(self.cell + end) for end in (b" ", b">")))


def _column_number(letters: bytes) -> int:
    number = 0
    for letter in letters:
        number = number * 26 + letter - 64
    return number
