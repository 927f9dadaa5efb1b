"""Background work of outreach, run by the task worker (`manage.py db_worker`)."""

from django_tasks import task

from hocvuso.outreach.messaging import deliver


@task()
def deliver_task(delivery_id: int) -> str:
    return deliver(delivery_id)
