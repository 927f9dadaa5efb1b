"""The weekly and end-of-campaign reports a ward sends up: .xlsx and PDF from the same
figures (the snapshots of the "as of" day), written by the task worker."""

import io
import logging

from django.core.files.base import ContentFile
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from hocvuso.campaigns.models import Report
from hocvuso.campaigns.queries import WardDashboard, ward_dashboard
from hocvuso.people.exporting import defuse

logger = logging.getLogger(__name__)

# The columns of the per-group table in the PDF: what fits on a landscape A4 page.
PDF_GROUP_COLUMNS = [
    "vneid_level2",
    "households_reached",
    "vulnerable_visited",
    "help_given",
    "learners",
    "certificates",
]


def fmt(value: float | None, kind: str) -> str:
    """A figure as a Vietnamese reader writes it: "12,5%", "3.000"; no figure (a share of
    nothing, a median of nothing) says so in words rather than showing 0."""
    if value is None:
        return _("no figures yet")
    if kind == "share":
        return f"{value:.1f}%".replace(".", ",")
    if kind == "median":
        return f"{value:.1f}".replace(".", ",")
    return f"{value:,.0f}".replace(",", ".")


def report_xlsx(board: WardDashboard) -> bytes:
    import xlsxwriter  # loaded by the processes that write a workbook, only

    out = io.BytesIO()
    book = xlsxwriter.Workbook(out, {"strings_to_formulas": False, "strings_to_urls": False})
    bold = book.add_format({"bold": True, "text_wrap": True, "valign": "top"})
    title = book.add_format({"bold": True, "font_size": 14})
    wrap = book.add_format({"text_wrap": True, "valign": "top"})
    share = book.add_format({"num_format": "0.0"})

    summary = book.add_worksheet(_("Summary"))
    summary.write_string(0, 0, f"{board.ward.name} · {board.campaign.name}", title)
    summary.write_string(1, 0, _("Figures as of %(day)s") % {"day": board.day.strftime("%d/%m/%Y")})
    header = [
        _("Indicator"),
        _("Value"),
        _("Numerator"),
        _("Denominator"),
        _("Target"),
        _("Share of target (%)"),
        _("Since the campaign began"),
        _("Definition"),
    ]
    for col, text in enumerate(header):
        summary.write_string(3, col, text, bold)
    for row, figure in enumerate(board.figures, start=4):
        summary.write_string(row, 0, defuse(figure.name), wrap)
        if figure.value is not None:
            summary.write_number(row, 1, round(figure.value, 2), share)
            summary.write_number(row, 2, figure.numerator)
        if figure.denominator is not None:
            summary.write_number(row, 3, figure.denominator)
        if figure.target is not None:
            summary.write_number(row, 4, figure.target)
        if figure.progress is not None:
            summary.write_number(row, 5, round(100 * figure.progress, 1), share)
        if figure.since_start is not None:
            summary.write_number(row, 6, figure.since_start)
        summary.write_string(row, 7, defuse(_definition(figure)), wrap)
    summary.set_column(0, 0, 36)
    summary.set_column(1, 6, 13)
    summary.set_column(7, 7, 70)

    groups = book.add_worksheet(_("By residential group"))
    codes = [
        f.code
        for f in board.figures
        if f.definition is not None and getattr(f.definition, "by_group", False)
    ]
    names = {f.code: f.name for f in board.figures}
    groups.write_string(0, 0, _("Residential group"), bold)
    for col, code in enumerate(codes, start=1):
        groups.write_string(0, col, names[code], bold)
    for row, group_row in enumerate(sorted(board.groups, key=lambda r: r.group.sort_name), start=1):
        groups.write_string(row, 0, defuse(group_row.group.name))
        for col, code in enumerate(codes, start=1):
            group_figure = group_row.figures.get(code)
            if group_figure and group_figure.value is not None:
                groups.write_number(row, col, round(group_figure.value, 2), share)
    groups.set_column(0, 0, 22)
    groups.set_column(1, len(codes), 14)
    groups.set_row(0, 60)
    groups.freeze_panes(1, 1)

    help_sheet = book.add_worksheet(_("Help by service"))
    for col, text in enumerate([_("Service"), _("Task"), _("Help given")]):
        help_sheet.write_string(0, col, text, bold)
    for row, (service, task, n) in enumerate(board.help, start=1):
        help_sheet.write_string(row, 0, service)
        help_sheet.write_string(row, 1, task)
        help_sheet.write_number(row, 2, n)
    book.close()
    return out.getvalue()


def _definition(figure) -> str:
    """The written definition; for a count entered by hand, also who entered it and when."""
    definition = figure.definition
    if definition is None:
        return ""
    if hasattr(definition, "numerator"):
        text = str(definition.numerator)
        if definition.denominator:
            text += " / " + str(definition.denominator)
        return text
    entered = figure.manual
    if entered is None:
        return definition.definition
    when = timezone.localtime(entered.entered_at).strftime("%d/%m/%Y %H:%M")
    by = _("Entered by hand by %(who)s on %(when)s.") % {"who": entered.entered_by, "when": when}
    return f"{definition.definition} {by}"


def report_pdf(board: WardDashboard, kind_label: str) -> bytes:
    figures = {f.code: f for f in board.figures}
    columns = [figures[c] for c in PDF_GROUP_COLUMNS if c in figures]
    rows = [
        (
            row.group.name,
            [
                fmt(row.figures[c.code].value if c.code in row.figures else None, c.kind)
                for c in columns
            ],
        )
        for row in sorted(board.groups, key=lambda r: r.group.sort_name)
    ]
    html = render_to_string(
        "campaigns/pdf/report.html",
        {
            "board": board,
            "kind_label": kind_label,
            "summary": [
                (
                    f,
                    fmt(f.value, f.kind),
                    fmt(f.target, f.kind) if f.target is not None else "—",
                    f"{100 * f.progress:.0f}%" if f.progress is not None else "—",
                    _definition(f),
                )
                for f in board.figures
            ],
            "columns": columns,
            "rows": rows,
            "today": timezone.localdate(),
        },
    )
    from weasyprint import HTML  # 40 MB: loaded by the processes that draw a PDF, only

    return HTML(string=html).write_pdf()


def report_stem(report: Report) -> str:
    """The name of a report's files, without the extension storage may add a suffix before."""
    return f"bao-cao-{report.ward_id}-{report.campaign_id}-{report.as_of:%Y%m%d}-{report.pk}"


def build_report(report_id: int) -> Report:
    """Write the report's files; a failure is recorded on the report, not lost."""
    report = Report.objects.select_related("campaign", "ward", "requested_by").get(pk=report_id)
    if report.status == Report.Status.READY:
        return report
    try:
        with translation.override("vi"):
            board = ward_dashboard(report.campaign, report.ward, report.requested_by, report.as_of)
            stem = report_stem(report)
            report.xlsx.save(f"{stem}.xlsx", ContentFile(report_xlsx(board)), save=False)
            report.pdf.save(
                f"{stem}.pdf", ContentFile(report_pdf(board, report.get_kind_display())), save=False
            )
        report.status = Report.Status.READY
        report.save(update_fields=["xlsx", "pdf", "status"])
    except Exception as error:  # recorded for the officer, then re-raised for the worker's log
        logger.exception("report %s failed", report_id)
        report.status = Report.Status.FAILED
        report.error = str(error)[:300]
        report.save(update_fields=["status", "error"])
        raise
    return report
