"""The demo's shared cache keeps every throttle count however many other entries it holds:
a cache that dropped entries at random would let a guesser start counting again."""

import pytest
from diskcache import DjangoCache
from django.core.cache import caches, close_caches

from hocvuso.web.throttling import allow


@pytest.fixture
def demo_cache(settings, tmp_path):
    from hocvuso import settings as project

    config = dict(project.CACHES["default"])
    if config["BACKEND"] != "hocvuso.web.shared_cache.SharedDiskCache":
        pytest.skip("a shared cache (REDIS_URL) is configured instead")
    settings.CACHES = {**settings.CACHES, "default": {**config, "LOCATION": str(tmp_path)}}
    yield caches["default"]
    DjangoCache.close(caches["default"])


def test_a_throttle_count_survives_a_full_cache(demo_cache):
    for _ in range(5):
        assert allow("help:203.0.113.7", limit=5, window=3600)
    for number in range(1000):  # far past the 300 entries where Django's file cache culls
        demo_cache.set(f"page:{number}", "x" * 100, 3600)
    assert not allow("help:203.0.113.7", limit=5, window=3600)


def test_the_cache_stays_open_from_one_request_to_the_next(demo_cache):
    demo_cache.set("a", 1)
    shard = demo_cache._cache._shards[0]
    opened = shard._con
    close_caches()  # what Django runs when each request finishes
    assert demo_cache.get("a") == 1
    assert shard._con is opened


def test_a_count_is_one_write_shared_by_every_process_and_expires_with_its_window(
    demo_cache, tmp_path
):
    import time

    from hocvuso.web.shared_cache import SharedDiskCache

    other = SharedDiskCache(str(tmp_path), {})  # another process's connections to the same files
    try:
        assert [demo_cache.count("ask:x", 600), other.count("ask:x", 600)] == [1, 2]
        assert demo_cache.count("ask:x", 600) == 3
        value, expires = demo_cache._cache.get(demo_cache.make_key("ask:x"), expire_time=True)
        assert value == 3 and time.time() + 590 < expires <= time.time() + 600
        assert demo_cache.count("ask:y", 1) == 1
        time.sleep(1.1)
        assert other.count("ask:y", 1) == 1  # a window past: counting starts again
    finally:
        DjangoCache.close(other)
