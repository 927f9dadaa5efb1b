"""What the task worker does on a schedule, beside the tasks pages queue.

Each job is a task enqueued once per period: the worker checks between tasks which are due.
The claim is a cache key living one period, so several workers sharing a cache (Redis, on
several servers) enqueue each job once; with a cache of its own each worker enqueues its own,
which every job here tolerates (a snapshot of today is taken again, retention finds nothing
left to do).
"""

import datetime
import logging
from dataclasses import dataclass

from django.core.cache import cache
from django_tasks.base import Task

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Job:
    name: str
    every: datetime.timedelta
    task: Task


def jobs() -> tuple[Job, ...]:
    from hocvuso.campaigns.tasks import snapshot_task
    from hocvuso.privacy.tasks import retention_task

    return (
        # The campaign's daily figures: at start, then every half hour, so the last snapshot
        # of a day is at most 30 minutes before midnight.
        Job("snapshot", datetime.timedelta(minutes=30), snapshot_task),
        # Personal data past its retention period (privacy/retention.py).
        Job("retention", datetime.timedelta(days=1), retention_task),
    )


def enqueue_due() -> list[str]:
    """Enqueue every job whose period has passed since it was last enqueued; their names."""
    due = []
    for job in jobs():
        if cache.add(f"schedule:{job.name}", True, timeout=int(job.every.total_seconds())):
            job.task.enqueue()
            due.append(job.name)
    if due:
        logger.info("scheduled: %s", ", ".join(due))
    return due
