"""One worker runs every background task and the scheduled jobs: today's snapshot and the
retention periods, each enqueued once a period however often the worker wakes."""

import datetime

import pytest
from django.core.management import call_command
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from hocvuso.campaigns.models import Snapshot
from hocvuso.support.models import HelpRequest


@pytest.mark.django_db(transaction=True)
def test_the_worker_takes_todays_snapshot_and_applies_retention_once_a_period(world, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    old = HelpRequest.objects.create(
        reference="OLDREQ01", ward=world.ward, name="Bà Lan", phone="0911222333",
        address="Ngõ 168", need="Cài VNeID", status="resolved",
    )  # fmt: skip
    HelpRequest.objects.filter(pk=old.pk).update(
        resolved_at=timezone.now() - datetime.timedelta(days=400)
    )

    call_command("work", once=True)

    assert Snapshot.objects.filter(day=timezone.localdate(), ward=world.ward).exists()
    old.refresh_from_db()
    assert "0911222333" not in (old.phone, old.name)  # past its period: the person is gone
    assert DBTaskResult.objects.filter(status="SUCCESSFUL").count() == 2

    call_command("work", once=True)  # within the period: nothing is enqueued again
    assert DBTaskResult.objects.count() == 2


@pytest.mark.django_db(transaction=True)
def test_a_failing_schedule_does_not_stop_the_queued_tasks(world, settings, monkeypatch):
    """A locked database or a restarting cache while enqueuing the jobs is logged, and the
    tasks pages queued still run."""
    from hocvuso.campaigns.tasks import snapshot_task
    from hocvuso.web.management.commands import work

    def broken() -> list[str]:
        raise RuntimeError("database is locked")

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    monkeypatch.setattr(work, "enqueue_due", broken)
    snapshot_task.enqueue()

    call_command("work", once=True)

    assert DBTaskResult.objects.get().status == "SUCCESSFUL"
