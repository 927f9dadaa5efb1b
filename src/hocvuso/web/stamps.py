"""Version stamps in the shared cache: how every process learns, with one cache read and no
query, that what it built from the database and keeps in its memory has changed (a user's
scope, the assistant's index, a dashboard, the published courses, the help form's fields).

A stamp is a random string, replaced by `bump` after each write that changes what it stands
for (signals on the models, an explicit call where rows are written in bulk). A process keeps
what it built beside the stamp it read *before* reading the rows, and builds again when the
stamp differs. Random, not counted: a cache emptied or evicted never brings back an old stamp.

`bump` replaces the stamp at once, so the writing request (and a test) sees its own write,
and again when the transaction commits: a process that rebuilt in between read the rows as
they were before the commit, and must build again.
"""

import uuid

from django.core.cache import cache
from django.db import DEFAULT_DB_ALIAS, transaction


def read(key: str) -> str:
    stamp = cache.get(key)
    if stamp is None:
        cache.add(key, uuid.uuid4().hex, timeout=None)  # the first process to add wins
        stamp = cache.get(key)
    # A cache that keeps nothing (a dummy one): a stamp of this call alone, so nothing is
    # ever reused.
    return str(stamp) if stamp is not None else uuid.uuid4().hex


def bump(key: str, *, using: str = DEFAULT_DB_ALIAS) -> None:
    _replace(key)
    if transaction.get_connection(using).in_atomic_block:
        transaction.on_commit(lambda: _replace(key), using=using)


def _replace(key: str) -> None:
    cache.set(key, uuid.uuid4().hex, timeout=None)
