"""Background work of outreach, run by the task worker (`manage.py db_worker`)."""

from django.utils.translation import gettext as _
from django_tasks import task

from hocvuso.outreach.messaging import deliver
from hocvuso.outreach.models import Delivery


@task()
def deliver_task(delivery_id: int) -> str:
    return deliver(delivery_id)


def delivery_interrupted(delivery_id: int, *, again: bool) -> None:
    """The worker sending died mid-send: whether the provider got the message is unknown, so
    it is sent again under the same key, which the provider drops if it has it already
    (web/recovery.py); lost a second time, it is failed, for staff to retry or copy."""
    sending = Delivery.objects.filter(pk=delivery_id, status=Delivery.Status.SENDING)
    if not again:
        sending.update(status=Delivery.Status.RETRYING)
    else:
        sending.update(
            status=Delivery.Status.FAILED,
            last_error=_("Sending stopped twice: retry it, or copy it."),
        )
