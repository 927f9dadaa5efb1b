"""Background work of campaigns, run by the task worker (`manage.py db_worker`)."""

from django_tasks import task

from hocvuso.campaigns.reports import build_report
from hocvuso.campaigns.snapshots import take_snapshot
from hocvuso.places.models import Ward


@task()
def build_report_task(report_id: int) -> str:
    return build_report(report_id).status


@task()
def snapshot_task() -> int:
    """Today's figures for every active ward."""
    return take_snapshot(list(Ward.objects.filter(is_active=True).values_list("pk", flat=True)))
