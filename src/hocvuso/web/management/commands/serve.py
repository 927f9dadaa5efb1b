"""Serve hocvuso: the web server and a task worker, started and stopped together."""

import os
import signal
import subprocess
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
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": os.environ.get("DJANGO_SETTINGS_MODULE", "hocvuso.settings"),
        }
        manage = [sys.executable, "-m", "django"]
        # Every background task, and the scheduled ones (today's snapshot every half hour,
        # retention daily): web/schedule.py.
        worker = subprocess.Popen([*manage, "work", "--interval", "0.5"], env=env)  # noqa: S603
        server = subprocess.Popen(  # noqa: S603
            [
                sys.executable,
                "-m",
                "granian",
                "--interface",
                "wsgi",
                "--host",
                host,
                "--port",
                str(port),
                "--workers",
                str(workers),
                "--blocking-threads",
                "4",
                "hocvuso.wsgi:application",
            ],
            env=env,
        )
        self.stdout.write(f"hocvuso: http://{host}:{port}/  (Ctrl+C to stop)")
        try:
            server.wait()
        except KeyboardInterrupt:
            pass
        finally:
            for process in (server, worker):
                if process.poll() is None:
                    process.send_signal(signal.SIGTERM)
            for process in (server, worker):
                try:
                    process.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    process.kill()
