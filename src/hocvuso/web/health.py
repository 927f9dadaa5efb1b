"""/healthz: is this server fit to serve? The database answers, the cache keeps a key, and a
task worker has finished a round lately (imports, reports, messages and the scheduled jobs
wait for it otherwise).

Cheap and public: no login, no throttle, no personal data, never cached. Monitoring polls it
and alerts on a 503; the body says which check failed.
"""

import time

from django.core.cache import cache
from django.db import connection
from django.http import HttpRequest, JsonResponse
from django.utils.crypto import get_random_string
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

HEARTBEAT_KEY = "health:worker-heartbeat"
# A worker is stale once its last round ended longer ago than this: a round lasts as long as
# its longest task, and the longest (reading an import) is cut at a minute of CPU time.
STALE_AFTER = 300.0


def worker_heartbeat() -> float:
    """Record that a task worker has just finished a round (`manage.py work` calls this)."""
    now = time.time()
    cache.set(HEARTBEAT_KEY, now, timeout=None)
    return now


@never_cache
@require_safe
def healthz(request: HttpRequest) -> JsonResponse:
    checks = {"database": _database(), "cache": _cache(), "worker": _worker()}
    healthy = all(check["ok"] for check in checks.values())
    return JsonResponse(
        {"status": "ok" if healthy else "failing", "checks": checks},
        status=200 if healthy else 503,
    )


def _database() -> dict[str, object]:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as error:  # any failure is the answer, not a crash of the probe
        return {"ok": False, "error": type(error).__name__}
    return {"ok": True}


def _cache() -> dict[str, object]:
    key, value = f"health:probe:{get_random_string(12)}", get_random_string(12)
    try:
        cache.set(key, value, timeout=30)
        kept = cache.get(key) == value
        cache.delete(key)
    except Exception as error:
        return {"ok": False, "error": type(error).__name__}
    return {"ok": kept} if kept else {"ok": False, "error": "value not kept"}


def _worker() -> dict[str, object]:
    try:
        last = cache.get(HEARTBEAT_KEY)
    except Exception as error:
        return {"ok": False, "error": type(error).__name__}
    if last is None:
        return {"ok": False, "error": "no task worker has run"}
    age = max(0, round(time.time() - float(last)))
    return {"ok": age <= STALE_AFTER, "seconds_since_last_round": age}
