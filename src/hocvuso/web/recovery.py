"""Tasks a dead worker left behind: queued again once, or failed the second time.

django-tasks-db marks a task RUNNING when a worker claims it; a worker killed mid-task (SIGKILL,
the machine's memory killer, a power cut) leaves it RUNNING forever. Every worker looks at
start and then every minute for such tasks: one whose worker ran on this machine and is gone,
or one that has run longer than `LOST_AFTER` (its worker was on another machine). What the
task had written in its transaction was rolled back with the dead process; the domain object
it was working on is put back where the task can take it up again (`interrupted` below), and
the task runs once more. Lost a second time, it is marked failed, and so is its object.
"""

import datetime
import logging
import os
import socket
from collections.abc import Callable

from django.db import transaction
from django.utils import timezone
from django.utils.crypto import get_random_string
from django_tasks_db.models import DBTaskResult

logger = logging.getLogger(__name__)

# Longer than any task runs (an import of 200,000 rows takes about a minute).
LOST_AFTER = datetime.timedelta(hours=1)
LOST_REASON = "The worker running this task stopped (killed, or its machine restarted)."


def new_worker_id() -> str:
    """`host:pid:random`: whether the worker lives can be told from its machine."""
    return f"{socket.gethostname()[:40]}:{os.getpid()}:{get_random_string(8)}"


def interrupted() -> dict[str, Callable[..., None]]:
    """For each task that works on a domain object, how to put the object back after its
    worker died: called with the task's arguments and `again` (False: it will run once more;
    True: it has been lost twice and is given up)."""
    from hocvuso.campaigns.tasks import build_report_task, report_interrupted
    from hocvuso.outreach.tasks import deliver_task, delivery_interrupted
    from hocvuso.people.tasks import (
        import_interrupted,
        read_import_task,
        read_interrupted,
        run_import_task,
    )

    return {
        read_import_task.module_path: read_interrupted,
        run_import_task.module_path: import_interrupted,
        build_report_task.module_path: report_interrupted,
        deliver_task.module_path: delivery_interrupted,
    }


def requeue_lost(*, current_worker_id: str = "") -> list[str]:
    """Queue again, once, every task whose worker is gone; returns their ids."""
    now = timezone.now()
    requeued = []
    for result in DBTaskResult.objects.running():
        if not _is_lost(result, current_worker_id=current_worker_id, now=now):
            continue
        again = len(result.worker_ids) > 1  # claimed once already before this run
        with transaction.atomic():
            # Only if nobody else took it in the meantime (another worker recovering too).
            taken = DBTaskResult.objects.filter(
                pk=result.pk, status="RUNNING", started_at=result.started_at
            )
            if again:
                changed = taken.update(
                    status="FAILED", finished_at=now, traceback=LOST_REASON,
                    exception_class_path="hocvuso.web.recovery.WorkerLost",
                )  # fmt: skip
            else:
                changed = taken.update(status="READY", run_after=now)
            if not changed:
                continue
            reset = interrupted().get(result.task_path)
            if reset is not None:
                reset(*result.args_kwargs["args"], again=again, **result.args_kwargs["kwargs"])
        logger.warning(
            "task %s (%s) lost with its worker %s: %s", result.pk, result.task_path,
            result.worker_ids[-1:], "failed" if again else "queued again",
        )  # fmt: skip
        requeued.append(str(result.pk))
    return requeued


def _is_lost(result: DBTaskResult, *, current_worker_id: str, now: datetime.datetime) -> bool:
    worker = result.worker_ids[-1] if result.worker_ids else ""
    if worker == current_worker_id:
        return False
    host, _, rest = worker.partition(":")
    pid = rest.partition(":")[0]
    too_long = result.started_at is None or result.started_at < now - LOST_AFTER
    if host == socket.gethostname()[:40] and pid.isdigit():
        # Our own pid under another id is a worker that ran before us (a container's pid 1).
        return int(pid) == os.getpid() or not _alive(int(pid)) or too_long
    return too_long


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    try:  # a killed child its parent has not reaped yet is dead too
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().rpartition(")")[2].split()[0] != "Z"
    except OSError:
        return True
