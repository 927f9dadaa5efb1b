"""Counting attempts per person and time window, for the public forms that need no login."""

import time

from django.core.cache import cache
from django.http import HttpRequest

from hocvuso.web.addresses import client_address


def allow(key: str, *, limit: int, window: int) -> bool:
    """Count one attempt for `key` in the current window of `window` seconds; False once the
    count passes `limit`. Lives in the shared cache, so every web process counts together."""
    bucket = f"throttle:{key}:{int(time.time() // window)}"
    cache.add(bucket, 0, window)
    try:
        count = cache.incr(bucket)
    except ValueError:  # expired between add and incr
        cache.set(bucket, 1, window)
        count = 1
    return count <= limit


def client_key(request: HttpRequest) -> str:
    """Whom to count: the client's address as web/addresses.py finds it."""
    return client_address(request) or "unknown"
