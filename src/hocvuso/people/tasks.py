"""Background work of the registry, run by the task worker (`manage.py db_worker`)."""

from django_tasks import task

from hocvuso.people.importing.batches import read_upload, run_import


@task()
def read_import_task(batch_id: int) -> str:
    return read_upload(batch_id).status


@task()
def run_import_task(batch_id: int) -> str:
    return run_import(batch_id).status
