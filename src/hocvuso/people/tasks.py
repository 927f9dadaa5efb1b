"""Background work of the registry, run by the task worker (`manage.py db_worker`)."""

from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks import task

from hocvuso.people.importing.batches import read_upload, run_import
from hocvuso.people.models import ImportBatch


@task()
def read_import_task(batch_id: int) -> str:
    return read_upload(batch_id).status


@task()
def run_import_task(batch_id: int) -> str:
    return run_import(batch_id).status


def read_interrupted(batch_id: int, *, again: bool) -> None:
    """The worker reading a list died: reading again is harmless, so it just runs again; lost
    a second time (the file itself may kill its reader), the list is refused."""
    if again:
        ImportBatch.objects.filter(pk=batch_id, status=ImportBatch.Status.READING).update(
            status=ImportBatch.Status.REFUSED,
            finished_at=timezone.now(),
            result={"reason": _("Reading the file was interrupted twice; it was not read.")},
        )


def import_interrupted(batch_id: int, *, again: bool) -> None:
    """The worker writing a list died: its transaction wrote nothing, so the list goes back
    to the queue (web/recovery.py), or, lost a second time, is given up."""
    running = ImportBatch.objects.filter(pk=batch_id, status=ImportBatch.Status.RUNNING)
    if not again:
        running.update(status=ImportBatch.Status.QUEUED)
        return
    running.update(
        status=ImportBatch.Status.FAILED,
        finished_at=timezone.now(),
        result={"reason": _("The import was interrupted twice; nothing was written.")},
    )
