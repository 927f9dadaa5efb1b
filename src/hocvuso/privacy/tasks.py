"""The retention periods, applied by the task worker (web/schedule.py)."""

from django_tasks import task


@task()
def retention_task() -> int:
    """Personal data past its period (privacy/retention.py), erased or deleted."""
    from hocvuso.privacy.retention import apply_retention

    return sum(outcome.count for outcome in apply_retention())
