"""Keeping Python's cyclic garbage collector out of the way of large imports."""

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def paused_collection() -> Iterator[None]:
    """Pause the cyclic garbage collector while a list is read or written.

    A 100,000-row list is a million live objects; the collector would walk them again and
    again while rows are built, doubling the time. Nothing here makes reference cycles.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
