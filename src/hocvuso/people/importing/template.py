"""The workbooks the import hands out: the template that explains the columns, and the list
of every error found in an upload."""

import io
from collections.abc import Sequence

from django.utils.translation import gettext as _

from hocvuso.people.importing.rows import RowError


def field_labels() -> dict[str, str]:
    """What each field the import reads is called on screen, in the active language."""
    return {
        "household_key": _("Household code"),
        "group": _("Residential group"),
        "address": _("Address"),
        "full_name": _("Full name"),
        "birth": _("Birth year"),
        "gender": _("Gender"),
        "relation": _("Relation to the head"),
        "phone": _("Phone"),
        "household_phone": _("Household phone"),
        "has_smartphone": _("Has a smartphone"),
        "has_internet": _("Has internet"),
    }


def template_columns() -> list[tuple[str, str, str]]:
    """(header, example, explanation) for each column of the template."""
    return [
        (
            _("Household code"),
            "TM-0001",
            _("Required. The ward's code of the household; the same for every member."),
        ),
        (
            _("Residential group"),
            "Tổ dân phố số 11",
            _("The group's name or number; leave it out if you choose the group on upload."),
        ),
        (_("Address"), "Số 12, ngõ 168 Trương Định", _("House number, alley and street.")),
        (_("Full name"), "Nguyễn Văn An", _("Required. With diacritics as on the ID card.")),
        (_("Birth year"), "1956", _("A year (1956) or a date (12/03/1956).")),
        (_("Gender"), "Nam", _("Nam or Nữ.")),
        (
            _("Relation to the head"),
            "Chủ hộ",
            _("Chủ hộ for the head; Vợ, Chồng, Con... for the others."),
        ),
        (
            _("Phone"),
            "0912 345 678",
            _("The resident's own mobile, if any. Spaces, dots or +84 are fine."),
        ),
        (_("Has a smartphone"), "Có", _("Có or Không, for the household.")),
        (_("Has internet"), "Có", _("Có or Không, for the household.")),
    ]


def template_workbook() -> io.BytesIO:
    import xlsxwriter  # loaded by the processes that write a workbook, only

    out = io.BytesIO()
    workbook = xlsxwriter.Workbook(out, {"in_memory": True})
    sheet = workbook.add_worksheet(_("Residents"))
    notes = workbook.add_worksheet(_("How to fill in"))
    bold = workbook.add_format(
        {"bold": True, "text_wrap": True, "bg_color": "#DDEBF7", "border": 1}
    )
    wrap = workbook.add_format({"text_wrap": True, "valign": "top"})
    columns = template_columns()
    for col, (header, example, _explanation) in enumerate(columns):
        sheet.write_string(0, col, header, bold)
        sheet.write_string(1, col, example)
        sheet.set_column(col, col, max(14, len(header) + 4))
    sheet.freeze_panes(1, 0)
    notes.set_column(0, 0, 26)
    notes.set_column(1, 1, 80)
    notes.write_string(0, 0, _("Column"), bold)
    notes.write_string(0, 1, _("What to write"), bold)
    for row, (header, _example, explanation) in enumerate(columns, start=1):
        notes.write_string(row, 0, header, wrap)
        notes.write_string(row, 1, explanation, wrap)
    advice = [
        _("One row per resident. Members of a household share its household code."),
        _("Title rows above the header, merged cells and a totals row at the end are fine."),
        _("Never add ID-card (CCCD) numbers, passwords or OTP codes: they are not read."),
        _("Importing the same list again updates it and adds no duplicates."),
    ]
    for offset, line in enumerate(advice, start=len(columns) + 2):
        notes.write_string(offset, 1, line, wrap)
    workbook.close()
    out.seek(0)
    return out


def errors_workbook(errors: Sequence[RowError]) -> io.BytesIO:
    import xlsxwriter  # loaded by the processes that write a workbook, only

    out = io.BytesIO()
    workbook = xlsxwriter.Workbook(out, {"in_memory": True, "strings_to_formulas": False})
    sheet = workbook.add_worksheet(_("Errors"))
    bold = workbook.add_format({"bold": True})
    for col, (title, width) in enumerate(((_("Row"), 8), (_("Column"), 24), (_("Problem"), 80))):
        sheet.write_string(0, col, title, bold)
        sheet.set_column(col, col, width)
    for row, error in enumerate(errors, start=1):
        sheet.write_number(row, 0, error.row_number)
        sheet.write_string(row, 1, error.column)
        sheet.write_string(row, 2, error.message)
    sheet.freeze_panes(1, 0)
    workbook.close()
    out.seek(0)
    return out
