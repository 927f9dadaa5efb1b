"""What `manage.py serve` becomes: granian's main process, which starts the web workers, with
the task worker beside them; all stop together.

This process loads Django and the site once, then forks the task worker and granian's web
workers from itself (`preload`): the pages of the code they all run are shared until one of
them writes to them, so the four processes of `make run` hold about as much as two did when
each imported everything on its own (bench/serve_memory.py). It opens no database
connection and starts no thread before forking. Run it as
`python -m hocvuso.web.launcher --host … --port … --workers …`.

SIGTERM or SIGINT (Ctrl+C) stops granian's workers, then the task worker, then this process.
If this process dies without stopping them (SIGKILL, a crash), each of them gets SIGTERM from
the kernel and stops too, rather than go on serving with nobody watching over it.
"""

import argparse
import gc
import multiprocessing
import os
import signal
import sys
import threading
import time
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from django.core.handlers.wsgi import WSGIHandler

# Set in the environment of the processes this one starts: this process's id, which each of
# them watches (stop_with_parent). Each takes it out, so that what they start does not watch.
PARENT_VARIABLE = "HOCVUSO_LAUNCHER_PID"

PR_SET_PDEATHSIG = 1  # linux/prctl.h

# Seconds a web worker has to finish its requests once asked to stop.
KILL_AFTER = 5


def stop_with_parent() -> None:
    """Stop this process when the launcher that started it says so, or dies.

    It leaves the terminal's process group, so that Ctrl+C reaches the launcher alone, which
    stops each process once: a granian worker signalled twice at once can hang (granian 2.8).
    If the launcher dies, this process gets SIGTERM: from the kernel on Linux (prctl's
    PR_SET_PDEATHSIG), elsewhere from a thread that looks every second. Does nothing in a
    process the launcher did not start itself.
    """
    parent = os.environ.pop(PARENT_VARIABLE, "")
    if not parent.isdigit():
        return
    if hasattr(os, "setpgid"):
        os.setpgid(0, 0)
        signal.signal(signal.SIGTTOU, signal.SIG_IGN)  # still write to the terminal
    if sys.platform.startswith("linux"):
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGTERM, 0, 0, 0)
    else:
        threading.Thread(target=_watch_parent, args=(int(parent),), daemon=True).start()
    if os.getppid() != int(parent):  # it died before we asked
        os.kill(os.getpid(), signal.SIGTERM)


def _watch_parent(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(1)
    os.kill(os.getpid(), signal.SIGTERM)


def web_application() -> "WSGIHandler":
    """Granian's factory, called in each web worker: the site, stopped with the launcher."""
    stop_with_parent()
    from hocvuso.wsgi import application

    return application


def preload() -> None:
    """Load what the web workers run, in this process, before they are forked from it."""
    import django

    django.setup()
    # The task worker, forked now, has the apps and models but not the views and templates,
    # which it never uses.
    _freeze()


def preload_site() -> None:
    from django.db import connections
    from django.urls import get_resolver

    import hocvuso.wsgi  # noqa: F401 - the application and its middleware

    get_resolver().url_patterns  # noqa: B018 - every view module
    connections.close_all()  # none should be open; a forked one would be shared by all
    _freeze()


def _freeze() -> None:
    """Keep the collector off the objects loaded so far: its bookkeeping writes to every
    object it looks at, which would copy each shared page into every process."""
    gc.collect()
    gc.freeze()


def run_task_worker() -> None:
    """The task worker, in a process forked from this one (`manage.py work`)."""
    from django.core.management import call_command

    call_command("work", interval=0.5)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="hocvuso.web.launcher")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument("--workers", type=int, default=2)
    options = parser.parse_args(argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hocvuso.settings")
    os.environ[PARENT_VARIABLE] = str(os.getpid())
    preload()
    # Every background task, and the scheduled ones (today's snapshot every half hour,
    # retention daily): web/schedule.py. It calls stop_with_parent too (commands/work.py).
    worker = multiprocessing.get_context("fork").Process(target=run_task_worker, name="work")
    worker.start()
    preload_site()
    # Granian in this process rather than in a child of it: one waiting process, not two.
    # It forks its workers (multiprocessing's default on Linux), which find the site loaded.
    from granian import Granian
    from granian.constants import Interfaces

    server = Granian(
        "hocvuso.web.launcher:web_application",
        factory=True,
        address=options.host,
        port=options.port,
        interface=Interfaces.WSGI,
        workers=options.workers,
        blocking_threads=4,
        # A worker still running this many seconds after it was asked to stop is killed.
        workers_kill_timeout=KILL_AFTER,
    )
    print(f"hocvuso: http://{options.host}:{options.port}/  (Ctrl+C to stop)", flush=True)
    try:
        server.serve()  # until Ctrl+C or SIGTERM, which stop the web workers
    finally:
        if worker.is_alive():
            worker.terminate()  # SIGTERM
        worker.join(timeout=10)
        if worker.is_alive():
            worker.kill()
            worker.join()
    return 0


if __name__ == "__main__":
    sys.exit(main())
