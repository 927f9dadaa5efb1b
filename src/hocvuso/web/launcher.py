"""What `manage.py serve` becomes: granian's main process, which starts the web workers, with
the task worker beside them; both stop together.

This process only watches over the others, so it imports no Django: `serve` replaces itself
with it (`os.execv`) and it holds about 30 MB, granian included, instead of the 200 MB of a
process with every app loaded. Run it as
`python -m hocvuso.web.launcher --host … --port … --workers …`.
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
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hocvuso.settings")
    # Every background task, and the scheduled ones (today's snapshot every half hour,
    # retention daily): web/schedule.py.
    worker = subprocess.Popen([sys.executable, "-m", "django", "work", "--interval", "0.5"])
    # Granian in this process rather than in a child of it: one waiting process, not two.
    from granian import Granian
    from granian.constants import Interfaces

    server = Granian(
        "hocvuso.wsgi:application",
        address=options.host,
        port=options.port,
        interface=Interfaces.WSGI,
        workers=options.workers,
        blocking_threads=4,
    )
    print(f"hocvuso: http://{options.host}:{options.port}/  (Ctrl+C to stop)", flush=True)
    try:
        server.serve()  # until Ctrl+C or SIGTERM, which stop the web workers
    finally:
        if worker.poll() is None:
            worker.send_signal(signal.SIGTERM)
        try:
            worker.wait(timeout=10)
        except subprocess.TimeoutExpired:
            worker.kill()
    return 0


if __name__ == "__main__":
    sys.exit(main())
