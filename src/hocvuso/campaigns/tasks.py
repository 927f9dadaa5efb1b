"""Background work of campaigns, run by the task worker (`manage.py db_worker`)."""

import datetime

from django.core.files.storage import default_storage
from django.utils.translation import gettext as _
from django_tasks import task

from hocvuso.campaigns.models import Report
from hocvuso.campaigns.reports import build_report, report_stem
from hocvuso.campaigns.snapshots import take_snapshot
from hocvuso.places.models import Ward


@task()
def build_report_task(report_id: int) -> str:
    return build_report(report_id).status


@task()
def history_task(ward_id: int, first: str, last: str) -> int:
    """A ward's figures for each day from `first` to `last` (ISO dates), oldest first. Days
    already taken stay as they are, so a run cut short is simply run again."""
    day, last_day = datetime.date.fromisoformat(first), datetime.date.fromisoformat(last)
    written = 0
    while day <= last_day:
        written += take_snapshot([ward_id], day)
        day += datetime.timedelta(days=1)
    return written


@task()
def snapshot_task() -> int:
    """Today's figures for every active ward."""
    return take_snapshot(list(Ward.objects.filter(is_active=True).values_list("pk", flat=True)))


def report_interrupted(report_id: int, *, again: bool) -> None:
    """The worker drawing a report died: the report never pointed at its half-written files,
    which go; it is drawn again (web/recovery.py), or, lost a second time, given up."""
    report = Report.objects.filter(pk=report_id, status=Report.Status.QUEUED).first()
    if report is None:
        return
    stem = report_stem(report)
    _folders, files = default_storage.listdir("reports")
    for name in files:
        if name.startswith((f"{stem}.", f"{stem}_")):
            default_storage.delete(f"reports/{name}")
    if again:
        report.status = Report.Status.FAILED
        report.error = _("Drawing the report was interrupted twice.")
        report.save(update_fields=["status", "error"])
