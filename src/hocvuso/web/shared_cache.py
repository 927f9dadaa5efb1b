"""The shared cache of one machine's processes when there is no Redis: diskcache, in SQLite."""

from typing import Any

from diskcache import DjangoCache


class SharedDiskCache(DjangoCache):
    """diskcache's Django cache, kept open between requests.

    Django closes every cache when a request finishes. diskcache then closes its SQLite
    connections, and the next request opens them again and runs their pragmas: one to two
    milliseconds, a quarter of what a cached public page costs. Its connections are per
    thread, so keeping them is safe for the web's threads; the task worker, which forks to
    read an import, never closed them between tasks anyway, and its children leave without
    touching the cache.
    """

    def close(self, **kwargs: Any) -> None:
        """Stay open (see the class)."""

    def count(self, key: str, timeout: int) -> int:
        """Add one to the count under `key` and return it; a count that is not there yet (or
        has expired) starts at one and lives `timeout` seconds. One write transaction, where
        `add()` then `incr()` took two: as atomic across processes."""
        key = self.make_key(key)
        fanout = self._cache  # diskcache's FanoutCache: the key's shard holds it
        shard = fanout._shards[fanout._hash(key) % fanout._count]
        with shard.transact(retry=True):
            value = shard.incr(key, 1, default=0, retry=True)
            if value == 1:
                shard.touch(key, expire=timeout, retry=True)
        return value
