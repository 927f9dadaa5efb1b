"""What `manage.py serve` becomes: it starts granian and the task worker, waits, and stops
both together.

This process only waits, so it imports no Django: `serve` replaces itself with it
(`os.execv`) and it holds about 10 MB instead of the 200 MB of a process with every app
loaded. Run it as `python -m hocvuso.web.launcher --host … --port … --workers …`.
"""

import argparse
import os
import signal
import subprocess
import sys


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="hocvuso.web.launcher")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument("--workers", type=int, default=2)
    options = parser.parse_args(argv)
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": os.environ.get("DJANGO_SETTINGS_MODULE", "hocvuso.settings"),
    }
    # Every background task, and the scheduled ones (today's snapshot every half hour,
    # retention daily): web/schedule.py.
    worker = subprocess.Popen(
        [sys.executable, "-m", "django", "work", "--interval", "0.5"], env=env
    )
    server = subprocess.Popen(  # noqa: S603
        [sys.executable, "-m", "granian", "--interface", "wsgi",
         "--host", options.host, "--port", str(options.port),
         "--workers", str(options.workers), "--blocking-threads", "4",
         "hocvuso.wsgi:application"],
        env=env,
    )  # fmt: skip
    # Stopped by a service manager (SIGTERM) as by Ctrl+C: stop both children first.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    print(f"hocvuso: http://{options.host}:{options.port}/  (Ctrl+C to stop)", flush=True)
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
    return server.returncode or 0


if __name__ == "__main__":
    sys.exit(main())
