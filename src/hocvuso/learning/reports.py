"""A digital classroom's progress report as an .xlsx workbook for the coach."""

import tempfile

from django.utils import timezone
from django.utils.translation import gettext as _

from hocvuso.learning.queries import ClassReport
from hocvuso.people.exporting import defuse


def class_report_xlsx(report: ClassReport) -> tempfile.SpooledTemporaryFile:
    """One row per learner; per assigned course, a column per lesson (the day it was done),
    then the best quiz score, passed, and the certificate's code."""
    import xlsxwriter  # loaded by the processes that write a workbook, only

    out = tempfile.SpooledTemporaryFile(max_size=8 * 1024 * 1024)  # noqa: SIM115
    workbook = xlsxwriter.Workbook(
        out, {"strings_to_formulas": False, "strings_to_urls": False, "strings_to_numbers": False}
    )
    sheet = workbook.add_worksheet(_("Progress"))
    bold = workbook.add_format({"bold": True, "text_wrap": True, "valign": "top"})
    title = workbook.add_format({"bold": True, "font_size": 14})
    date = workbook.add_format({"num_format": "dd/mm/yyyy"})
    sheet.write_string(0, 0, defuse(report.classroom.name), title)
    sheet.write_string(
        1, 0, _("Progress on %(date)s") % {"date": timezone.localdate().strftime("%d/%m/%Y")}
    )
    header = [_("Learner"), _("Residential group")]
    summary_columns = [_("Quiz score (%)"), _("Passed"), _("Certificate")]
    for assignment in report.assignments:
        course = assignment.course
        columns = [lesson.title for lesson in report.lessons.get(course.pk, [])] + summary_columns
        header += [f"{course.title} · {column}" for column in columns]
    for col, text in enumerate(header):
        sheet.write_string(3, col, text, bold)
    sheet.set_row(3, 60)
    sheet.set_column(0, 0, 28)
    sheet.set_column(1, len(header), 14)
    for row_index, row in enumerate(report.rows, start=4):
        sheet.write_string(row_index, 0, defuse(row.name))
        sheet.write_string(row_index, 1, defuse(row.group))
        col = 2
        for assignment in report.assignments:
            cell = row.cells[assignment.course_id]
            for lesson in report.lessons.get(assignment.course_id, []):
                done_at = cell.lessons_done.get(lesson.pk)
                if done_at:
                    sheet.write_datetime(
                        row_index, col, timezone.localtime(done_at).replace(tzinfo=None), date
                    )
                col += 1
            if cell.best_score is not None:
                sheet.write_number(row_index, col, cell.best_score)
            sheet.write_string(row_index, col + 1, _("Yes") if cell.passed else _("No"))
            sheet.write_string(row_index, col + 2, cell.certificate)
            col += 3
    sheet.freeze_panes(4, 1)
    workbook.close()
    out.seek(0)
    return out
