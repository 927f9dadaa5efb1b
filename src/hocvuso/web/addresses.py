"""The client's address, for throttles, the audit log and the login lockout.

`X-Forwarded-For` is believed only when the direct peer is one of our own proxies
(`HOCVUSO_TRUSTED_PROXIES`): anyone else can write any address there, and would then dodge
every throttle and sign the audit log with someone else's address.
"""

import ipaddress
from collections.abc import Callable
from functools import lru_cache

from django.conf import settings
from django.http import HttpRequest, HttpResponse

Address = ipaddress.IPv4Address | ipaddress.IPv6Address
Network = ipaddress.IPv4Network | ipaddress.IPv6Network


def client_address(request: HttpRequest) -> str | None:
    """REMOTE_ADDR, or behind trusted proxies the first hop from the right they did not add."""
    peer = _parse(request.META.get("REMOTE_ADDR", ""))
    if peer is None:
        return None
    closest = peer
    if _trusted(peer):
        for hop in reversed(request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")):
            address = _parse(hop)
            if address is None:
                # Not an address: whoever wrote it was not one of ours; keep the hop that
                # passed it on, which ours did see.
                break
            closest = address
            if not _trusted(address):
                break
    return str(closest)


class UntrustedProxyHeadersMiddleware:
    """Forget X-Forwarded-Proto unless one of our proxies sent it, so that nobody reaching
    the server directly can pass plain HTTP off as HTTPS (SECURE_PROXY_SSL_HEADER)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        peer = _parse(request.META.get("REMOTE_ADDR", ""))
        if peer is None or not _trusted(peer):
            request.META.pop("HTTP_X_FORWARDED_PROTO", None)
        return self.get_response(request)


def _parse(text: str) -> Address | None:
    text = text.strip()
    if text.startswith("["):  # "[2001:db8::1]:443"
        text = text[1:].partition("]")[0]
    elif text.count(":") == 1:  # "203.0.113.7:51234"
        text = text.partition(":")[0]
    try:
        address = ipaddress.ip_address(text)
    except ValueError:
        return None
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
        return address.ipv4_mapped
    return address


def _trusted(address: Address) -> bool:
    return any(address in network for network in _networks(tuple(settings.TRUSTED_PROXIES)))


@lru_cache(maxsize=8)
def _networks(proxies: tuple[str, ...]) -> tuple[Network, ...]:
    return tuple(ipaddress.ip_network(proxy, strict=False) for proxy in proxies)
