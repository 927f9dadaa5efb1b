"""Counting attempts per person and time window, for the public forms that need no login."""

import time
from collections.abc import Callable
from functools import wraps

from django.core.cache import DEFAULT_CACHE_ALIAS, cache, caches
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from hocvuso.web.addresses import client_address
from hocvuso.web.shared_cache import SharedDiskCache


def allow(key: str, *, limit: int, window: int) -> bool:
    """Count one attempt for `key` in the current window of `window` seconds; False once the
    count passes `limit`. Lives in the shared cache, so every web process counts together."""
    bucket = f"throttle:{key}:{int(time.time() // window)}"
    shared = caches[DEFAULT_CACHE_ALIAS]
    if isinstance(shared, SharedDiskCache):  # one write, not two
        return shared.count(bucket, window) <= limit
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


def too_many(request: HttpRequest) -> HttpResponse:
    """The page that asks to wait: 429, in the visitor's language."""
    return render(request, "support/too_many.html", status=429)


View = Callable[..., HttpResponse]


def throttled(scope: str, *, limit: int, window: int) -> Callable[[View], View]:
    """A view that anyone may open by a code, counted per client address across every view
    of `scope`: past `limit` requests in `window` seconds it answers `too_many`, so trying
    codes one after another is slow."""

    def decorate(view: View) -> View:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
            if not allow(f"{scope}:{client_key(request)}", limit=limit, window=window):
                return too_many(request)
            return view(request, *args, **kwargs)

        return wrapped

    return decorate
