"""`manage.py work`, with one function made to stop the worker mid-task, for a test to kill it.

PAUSE_AT names the function ("module:name"); once called, it writes the file PAUSED_FILE and
waits forever (for SIGKILL). Further arguments go to `work`. Run by tests/web/test_faults.py.
"""

import importlib
import os
import sys
import time
from pathlib import Path

import django

django.setup()

from django.core.management import call_command  # noqa: E402


def pause_at(target: str, paused_file: Path) -> None:
    module_name, _, name = target.partition(":")
    module = importlib.import_module(module_name)
    original = getattr(module, name)

    def paused(*args, **kwargs):
        paused_file.write_text(str(os.getpid()))
        while True:
            time.sleep(1)
        return original(*args, **kwargs)

    setattr(module, name, paused)


if __name__ == "__main__":
    pause_at(os.environ["PAUSE_AT"], Path(os.environ["PAUSED_FILE"]))
    call_command("work", *sys.argv[1:])
