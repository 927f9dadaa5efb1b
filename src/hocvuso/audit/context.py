"""The address of the request being served, so services can log it without a request."""

from collections.abc import Callable
from contextvars import ContextVar

from django.http import HttpRequest, HttpResponse

from hocvuso.web.addresses import client_address

_ip: ContextVar[str | None] = ContextVar("hocvuso_request_ip", default=None)


def current_ip() -> str | None:
    return _ip.get()


class RequestAddressMiddleware:
    """Remember the client's address for the audit log while a request is served."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        token = _ip.set(client_address(request))
        try:
            return self.get_response(request)
        finally:
            _ip.reset(token)
