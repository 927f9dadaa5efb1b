"""The task worker, with the scheduled jobs: one process for all background work."""

import logging
import time

from django.core.management.base import BaseCommand, CommandParser
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult

from hocvuso.web.health import worker_heartbeat
from hocvuso.web.launcher import stop_with_parent
from hocvuso.web.recovery import new_worker_id, requeue_lost
from hocvuso.web.schedule import enqueue_due

logger = logging.getLogger(__name__)

# Seconds between two heartbeats (/healthz): a cache write each half-second round would cost
# the demo a file write twice a second.
BEAT_EVERY = 10.0

# Seconds between two looks for tasks a dead worker left running (web/recovery.py).
RECOVER_EVERY = 60.0


class ScheduledWorker(Worker):
    """Runs what is queued and, between rounds, enqueues the jobs that are due."""

    def __init__(self, *, once: bool, **kwargs: object) -> None:
        super().__init__(batch=True, **kwargs)  # type: ignore[arg-type]
        self.once = once
        self.last_recovery = -RECOVER_EVERY
        self.last_beat = 0.0

    def beat(self) -> None:
        if time.time() - self.last_beat >= BEAT_EVERY:
            self.last_beat = worker_heartbeat()

    def run_task(self, db_task_result: DBTaskResult) -> None:
        super().run_task(db_task_result)
        self.beat()  # a long queue still shows the worker alive between its tasks

    def run(self) -> None:
        while self.running:
            try:
                self.beat()
                self.recover()
                enqueue_due()
            except Exception:
                # A passing fault (a locked database, the cache restarting) must not stop
                # every background task: the next round tries again.
                logger.exception("the worker's housekeeping failed; trying again next round")
            super().run()  # returns when the queue is empty
            if self.once:
                return
            time.sleep(self.interval)

    def recover(self) -> None:
        """At start, then every minute: queue again what a dead worker left running."""
        if time.monotonic() - self.last_recovery >= RECOVER_EVERY:
            requeue_lost(current_worker_id=self.worker_id)
            self.last_recovery = time.monotonic()


class Command(BaseCommand):
    # The system checks import every view, 10 MB this process never uses. `serve` and
    # `migrate` check, and a task imports what it needs when it runs.
    requires_system_checks = []
    help = (
        "Run the background tasks: what pages queue (imports, reports, messages) and the "
        "scheduled jobs (today's snapshot every 30 minutes, retention daily). `serve` runs "
        "one; run one or more on each server."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--interval", type=float, default=1.0, help="seconds to wait when nothing is queued"
        )
        parser.add_argument(
            "--once", action="store_true", help="enqueue what is due, run everything, then stop"
        )

    def handle(self, *args: object, interval: float, once: bool, **options: object) -> None:
        stop_with_parent()  # started by `serve`: stops when it dies, even by SIGKILL
        worker = ScheduledWorker(
            once=once,
            queue_names=["*"],
            interval=interval,
            backend_name="default",
            startup_delay=False,
            max_tasks=None,
            worker_id=new_worker_id(),
            excluded_queue_names=[],
        )
        worker.configure_signals()
        worker.run()
