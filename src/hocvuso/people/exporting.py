"""Export of a registry list to .xlsx or .csv, safe to open in a spreadsheet."""

import csv
import io
import tempfile
from collections.abc import Iterator

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from hocvuso.people.models import Resident

# A cell starting with one of these is read as a formula by spreadsheet programs.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def defuse(value: object) -> object:
    """Make a text cell inert: `=HYPERLINK(...)` is exported as `'=HYPERLINK(...)`."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def _header() -> list[str]:
    return [
        _("Household code"),
        _("Residential group"),
        _("Address"),
        _("Full name"),
        _("Birth year"),
        _("Gender"),
        _("Relation to the head"),
        _("Phone"),
        _("Has a smartphone"),
        _("Has internet"),
    ]


def _yes_no(value: bool | None) -> str:
    if value is None:
        return ""
    return _("Yes") if value else _("No")


def _rows(residents: QuerySet[Resident]) -> Iterator[list[object]]:
    for r in residents.select_related("household", "residential_group").iterator(chunk_size=2000):
        h = r.household
        yield [
            defuse(h.key),
            defuse(r.residential_group.name),
            defuse(h.address),
            defuse(r.full_name),
            r.birth_year if r.birth_year is not None else "",
            r.get_gender_display() if r.gender else "",
            defuse(r.relation),
            defuse(r.phone),
            _yes_no(h.has_smartphone),
            _yes_no(h.has_internet),
        ]


def residents_csv(residents: QuerySet[Resident]) -> Iterator[str]:
    """The list as CSV lines, UTF-8 with a BOM so Excel reads the Vietnamese correctly."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    buffer.write("\ufeff")
    writer.writerow(_header())
    for row in _rows(residents):
        writer.writerow(row)
        if buffer.tell() > 64 * 1024:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()


def residents_xlsx(residents: QuerySet[Resident]) -> tempfile.SpooledTemporaryFile:
    """The list as an .xlsx workbook in a file, ready to stream."""
    import xlsxwriter  # loaded by the processes that write a workbook, only

    out = tempfile.SpooledTemporaryFile(max_size=8 * 1024 * 1024)  # noqa: SIM115
    workbook = xlsxwriter.Workbook(
        out,
        {
            "constant_memory": True,
            "strings_to_formulas": False,
            "strings_to_urls": False,
            "strings_to_numbers": False,
        },
    )
    sheet = workbook.add_worksheet(_("Residents"))
    bold = workbook.add_format({"bold": True})
    for col, title in enumerate(_header()):
        sheet.write_string(0, col, title, bold)
    widths = [14, 22, 34, 28, 10, 10, 16, 14, 14, 12]
    for col, width in enumerate(widths):
        sheet.set_column(col, col, width)
    for row_index, row in enumerate(_rows(residents), start=1):
        for col, value in enumerate(row):
            if isinstance(value, int):
                sheet.write_number(row_index, col, value)
            else:
                sheet.write_string(row_index, col, str(value))
    sheet.freeze_panes(1, 0)
    workbook.close()
    out.seek(0)
    return out
