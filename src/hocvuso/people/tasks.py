"""Background work of the registry, run by the task worker (`manage.py db_worker`)."""

from django_tasks import task

from hocvuso.people.importing.batches import read_upload, run_import


@task()
def retention_task() -> int:
    """Personal data past its period (people/retention.py), erased or deleted."""
    from hocvuso.people.retention import apply_retention

    return sum(outcome.count for outcome in apply_retention())


@task()
def read_import_task(batch_id: int) -> str:
    return read_upload(batch_id).status


@task()
def run_import_task(batch_id: int) -> str:
    return run_import(batch_id).status
