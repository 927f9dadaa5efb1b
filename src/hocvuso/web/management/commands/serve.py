"""Serve hocvuso: the web server and a task worker, started and stopped together."""

import os
import sys

from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Serve the site with granian and run the background task worker beside it."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)
        # Two web processes at least, so that one slow request never holds up the others.
        parser.add_argument("--workers", type=int, default=2)

    def handle(self, *args, host: str, port: int, workers: int, **options) -> None:
        # This process has loaded the management commands, not the site: it becomes the
        # launcher instead, which loads the site once and forks the workers that share it
        # (web/launcher.py).
        os.execv(  # noqa: S606
            sys.executable,
            [sys.executable, "-m", "hocvuso.web.launcher", "--host", host, "--port", str(port),
             "--workers", str(workers)],
        )  # fmt: skip
