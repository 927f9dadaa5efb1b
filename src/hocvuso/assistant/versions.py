"""Version stamps in the shared cache: how every web process learns, with one cache read and
no query, that what the assistant built from the database has changed.

A stamp is a random number, replaced by `bump` after each write that changes what it stands
for (signals on the models, an explicit call where rows are written in bulk). A process keeps
what it built beside the stamp it read before building, and builds again when the stamp
differs. Random, not counted: a cache emptied or evicted never brings back an old stamp.

`bump` replaces the stamp at once, so the writing request (and a test) sees its own write,
and again when the transaction commits: a process that rebuilt in between read the rows as
they were before the commit, and must build again.
"""

import secrets

from django.core.cache import cache
from django.db import transaction

LESSONS = "assistant:lessons"  # the published lessons and their courses
WARDS = "assistant:wards"  # which wards are active


def ward(ward_id: int) -> str:
    """A ward's own guides: its points, hours, shifts, classes, news, contact, answers."""
    return f"assistant:ward:{ward_id}"


def read(key: str) -> int:
    stamp = cache.get(key)
    if stamp is None:
        cache.add(key, secrets.randbits(62), None)  # the first process to add wins
        stamp = cache.get(key)
    return stamp


def bump(key: str) -> None:
    _replace(key)
    if transaction.get_connection().in_atomic_block:
        transaction.on_commit(lambda: _replace(key))


def _replace(key: str) -> None:
    cache.set(key, secrets.randbits(62), None)
