"""Reading an uploaded list in a child process with a ceiling on its memory and time.

The spreadsheet reader is native code: a workbook can make it ask for gigabytes in ways no
check of the archive foresees (one long shared string in every cell, say). The child is
forked, so it starts at once with everything loaded, gets an address-space and CPU-time
limit, and sends back the parsed list (or its parts as they are read, `stream_limited`) or
the officer's message. If it runs out of memory or time, it dies alone, and the task worker
that started it goes on.
"""

import faulthandler
import gc
import multiprocessing
import os
import resource
import time
import traceback
from collections.abc import Callable, Generator, Iterator
from contextlib import closing
from multiprocessing.connection import Connection
from typing import Any

from django.utils.translation import gettext as _

from hocvuso.people.importing.memory import paused_collection
from hocvuso.people.importing.rows import ImportFileError


def _too_complex() -> ImportFileError:
    return ImportFileError(
        _(
            "The file needs more memory or time to read than the import allows. Delete what "
            "the list does not need (pictures, other sheets, formatting, very long notes) or "
            "split it into several files."
        )
    )


def _address_space() -> int:
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[0]) * resource.getpagesize()


def _child(
    pipe: Connection,
    function: Callable,
    args: tuple,
    kwargs: dict,
    memory: int,
    seconds: int,
    parts: bool,
) -> None:
    # Native code that cannot allocate aborts the child: expected here, so no crash report.
    faulthandler.disable()
    # The child lives for one list and makes no reference cycles worth collecting; the
    # collector would walk the list's million objects again and again.
    gc.disable()
    # The child starts with its parent's address space; the ceiling is on what it adds.
    ceiling = _address_space() + memory
    resource.setrlimit(resource.RLIMIT_AS, (ceiling, ceiling))
    resource.setrlimit(resource.RLIMIT_CPU, (seconds, seconds + 1))
    try:
        if parts:
            for part in function(*args, **kwargs):
                pipe.send(("part", part))
            outcome: tuple[str, Any] = ("ok", None)
        else:
            outcome = ("ok", function(*args, **kwargs))
    except ImportFileError as error:
        outcome = ("refused", str(error))
    except MemoryError:
        outcome = ("too-complex", None)
    except Exception:
        outcome = ("error", traceback.format_exc())
    try:
        pipe.send(outcome)
    except MemoryError:
        pipe.send(("too-complex", None))
    pipe.close()
    # Leave without freeing the list object by object: the parent waits for this exit.
    os._exit(0)


def run_limited(
    function: Callable[..., Any], *args: Any, memory: int, seconds: int, **kwargs: Any
) -> Any:
    """`function(*args, **kwargs)` run in a forked child that may add at most `memory` bytes
    and use `seconds` of CPU. Raises `ImportFileError` with the child's message, or with
    "too large to read" when the child ran out of either or died."""
    with closing(_limited(function, args, kwargs, memory=memory, seconds=seconds)) as outcome:
        return next(outcome)


def stream_limited(
    function: Callable[..., Iterator[Any]], *args: Any, memory: int, seconds: int, **kwargs: Any
) -> Generator[Any, None, None]:
    """The values `function(*args, **kwargs)` yields, each as soon as a forked child with the
    limits of `run_limited` has made it; the child's failure is raised where it happens. Close
    the iterator when done: that stops the child if it is still reading."""
    return _limited(function, args, kwargs, memory=memory, seconds=seconds, parts=True)


def _limited(
    function: Callable, args: tuple, kwargs: dict, *, memory: int, seconds: int, parts: bool = False
) -> Generator[Any, None, None]:
    context = multiprocessing.get_context("fork")
    receiving, sending = context.Pipe(duplex=False)
    child = context.Process(
        target=_child,
        args=(sending, function, args, kwargs, memory, seconds, parts),
        daemon=True,
    )
    child.start()
    sending.close()
    # Wall time a little past the CPU limit, for a child waiting on the disk; counted only
    # while waiting for the child, not while the caller uses what it sent.
    patience = seconds * 2 + 5.0
    status = ""
    try:
        while True:
            waiting = time.monotonic()
            if not receiving.poll(patience):
                raise _too_complex()
            patience -= time.monotonic() - waiting
            with paused_collection():
                status, value = receiving.recv()
            if status != "part":
                break
            yield value
    except (EOFError, OSError) as exc:
        raise _too_complex() from exc
    finally:
        receiving.close()
        if status in ("", "part"):  # the caller stopped early, or the child failed: stop it
            child.kill()
        child.join(timeout=5)
        if child.is_alive():
            child.kill()
            child.join()
    if status == "refused":
        raise ImportFileError(value)
    if status == "error":
        raise RuntimeError(f"reading the list failed in the child process:\n{value}")
    if status != "ok":
        raise _too_complex()
    if not parts:
        yield value
