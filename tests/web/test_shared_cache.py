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
