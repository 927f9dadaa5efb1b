"""The address of the request being served, so services can log it without a request."""

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.http import HttpRequest, HttpResponse

from hocvuso.web.addresses import client_address

_ip: ContextVar[str | None] = ContextVar("hocvuso_request_ip", default=None)
# The device token a request came with (`{"id", "name"}`), so its writes name the phone.
_device: ContextVar[dict | None] = ContextVar("hocvuso_request_device", default=None)


def current_ip() -> str | None:
    return _ip.get()


def current_device() -> dict | None:
    return _device.get()


@contextmanager
def acting_device(device: dict) -> Iterator[None]:
    """Name `device` in every audit event written inside the block."""
    token = _device.set(device)
    try:
        yield
    finally:
        _device.reset(token)


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
