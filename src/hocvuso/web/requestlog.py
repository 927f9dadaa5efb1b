"""One log line per request (logger `hocvuso.requests`): its id, method, path, status and
duration; and the request's id on every other line logged while it is served.

The id is the proxy's `X-Request-ID` when one of our proxies sent it (nginx's `$request_id`,
so its access log and ours join up), otherwise a new one; the response carries it back. The
path is logged without its query string, where searches put residents' names.
"""

import logging
import re
import time
import uuid
from collections.abc import Callable
from contextvars import ContextVar

from django.http import HttpRequest, HttpResponse

from hocvuso.web.addresses import _parse, _trusted

logger = logging.getLogger("hocvuso.requests")

current_request_id: ContextVar[str] = ContextVar("current_request_id", default="")
_WELL_FORMED_ID = re.compile(r"[A-Za-z0-9._-]{8,64}")


class RequestLogMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request_id = _incoming_id(request) or uuid.uuid4().hex
        token = current_request_id.set(request_id)
        started = time.perf_counter()
        try:
            response = self.get_response(request)
            duration_ms = round((time.perf_counter() - started) * 1000, 1)
            response["X-Request-ID"] = request_id
            logger.info(
                "%s %s %s %sms",
                request.method,
                request.path,
                response.status_code,
                duration_ms,
                extra={
                    "method": request.method,
                    "path": request.path,
                    "status": response.status_code,
                    "duration_ms": duration_ms,
                },
            )
            return response
        finally:
            current_request_id.reset(token)


class RequestIdFilter(logging.Filter):
    """Give every record the id of the request being served ("" outside a request)."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = current_request_id.get()
        return True


def _incoming_id(request: HttpRequest) -> str | None:
    offered = request.META.get("HTTP_X_REQUEST_ID", "")
    peer = _parse(request.META.get("REMOTE_ADDR", ""))
    if peer is not None and _trusted(peer) and _WELL_FORMED_ID.fullmatch(offered):
        return offered
    return None
