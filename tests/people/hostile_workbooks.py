"""Hostile .xlsx files, built as an attacker would: valid archives whose parts unpack to far
more than they weigh, or whose few cells make a reader build a huge rectangle. Used by the
import's tests and by `bench/hostile_import.py`."""

import io
import zipfile

_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
_DOC = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
    'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-'
    'officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.'
    'openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    '<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-'
    'officedocument.spreadsheetml.sharedStrings+xml"/></Types>'
)
_ROOT_RELS = (
    f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{_RELS}">'
    f'<Relationship Id="rId1" Type="{_DOC}/officeDocument" Target="xl/workbook.xml"/>'
    "</Relationships>"
)
_WORKBOOK = (
    f'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="{_MAIN}" xmlns:r="{_DOC}">'
    '<sheets><sheet name="Danh sach" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
_WORKBOOK_RELS = (
    f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{_RELS}">'
    f'<Relationship Id="rId1" Type="{_DOC}/worksheet" Target="worksheets/sheet1.xml"/>'
    f'<Relationship Id="rId2" Type="{_DOC}/sharedStrings" Target="sharedStrings.xml"/>'
    "</Relationships>"
)
HEADER = ("Mã hộ", "Họ và tên", "Địa chỉ")
_CHUNK = 1 << 20


def _write_repeated(
    archive: zipfile.ZipFile, name: str, head: str, unit: str, size: int, tail: str
):
    """Write `head`, then whole copies of `unit` up to about `size` bytes, then `tail`."""
    per_block = max(1, _CHUNK // len(unit))
    block = unit.encode() * per_block
    copies = size // len(unit.encode())
    with archive.open(name, "w", force_zip64=True) as part:
        part.write(head.encode())
        while copies > 0:
            part.write(block if copies >= per_block else unit.encode() * copies)
            copies -= per_block
        part.write(tail.encode())


def cells(row: int, values: tuple[str, ...]) -> str:
    return "".join(
        f'<c r="{chr(65 + col)}{row}" t="inlineStr"><is><t>{value}</t></is></c>'
        for col, value in enumerate(values)
    )


def workbook(
    sheet_rows: str = "",
    *,
    strings: tuple[str, ...] = ("x",),
    repeated_row: str = "",
    repeated_bytes: int = 0,
    long_string_bytes: int = 0,
) -> bytes:
    """A workbook with a header row (Mã hộ, Họ và tên, Địa chỉ) then `sheet_rows`, optionally
    followed by `repeated_row` written until the sheet holds `repeated_bytes` more, and a first
    shared string of `long_string_bytes` letters."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", _TYPES)
        archive.writestr("_rels/.rels", _ROOT_RELS)
        archive.writestr("xl/workbook.xml", _WORKBOOK)
        archive.writestr("xl/_rels/workbook.xml.rels", _WORKBOOK_RELS)
        opening = f'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="{_MAIN}">'
        rest = "".join(f"<si><t>{text}</t></si>" for text in strings) + "</sst>"
        if long_string_bytes:
            _write_repeated(
                archive,
                "xl/sharedStrings.xml",
                opening + "<si><t>",
                "A",
                long_string_bytes,
                "</t></si>" + rest,
            )
        else:
            archive.writestr("xl/sharedStrings.xml", opening + rest)
        head = (
            f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{_MAIN}"><sheetData>'
            f'<row r="1">{cells(1, HEADER)}</row>{sheet_rows}'
        )
        _write_repeated(
            archive,
            "xl/worksheets/sheet1.xml",
            head,
            repeated_row or " ",
            repeated_bytes,
            "</sheetData></worksheet>",
        )
    return out.getvalue()


def shared_string_bomb(size: int = 300 * 1024 * 1024) -> bytes:
    """One shared string of `size` letters, in the name cell of the only resident: about
    0.3 MB on disk for 300 MB."""
    row = f'<row r="2">{cells(2, ("TM-1",))}<c r="B2" t="s"><v>0</v></c></row>'
    return workbook(row, long_string_bytes=size)


def sheet_bomb(size: int = 600 * 1024 * 1024) -> bytes:
    """`size` bytes of sheet XML in rows of one resident each: about 2 MB on disk."""
    return workbook(
        repeated_row='<row><c t="inlineStr"><is><t>TM-1</t></is></c>'
        '<c t="inlineStr"><is><t>An</t></is></c></row>',
        repeated_bytes=size,
    )


def far_cell() -> bytes:
    """Two cells, at A2 and ZZ150000: under 2 KB, and a 3 GB rectangle to a naive reader."""
    return workbook(
        f'<row r="2">{cells(2, ("TM-1", "An"))}</row>'
        '<row r="150000"><c r="ZZ150000"><v>1</v></c></row>'
    )


def wide_row_without_references() -> bytes:
    """One row of 3,000 cells without references, then 50,000 short rows."""
    return workbook(
        "<row>" + "<c><v>1</v></c>" * 3000 + "</row>",
        repeated_row="<row><c><v>1</v></c></row>",
        repeated_bytes=50_000 * 26,
    )


def shared_string_in_every_cell(rows: int = 20_000, size: int = 100_000) -> bytes:
    """A 100,000-letter shared string referenced by every address cell: small on disk, but a
    reader copying it into each cell needs rows x size bytes."""
    return workbook(
        repeated_row='<row><c t="inlineStr"><is><t>TM-1</t></is></c>'
        '<c t="inlineStr"><is><t>An</t></is></c><c t="s"><v>0</v></c></row>',
        repeated_bytes=rows * 101,
        long_string_bytes=size,
    )
