"""/metrics: Prometheus figures (django-prometheus: requests, latencies, statuses per view),
never for the public.

Served to a scraper on this machine or on one of our proxies' addresses that asks directly,
or to anyone with the bearer token `HOCVUSO_METRICS_TOKEN`. A request a proxy forwarded
(it carries X-Forwarded-For) is someone else's, however near the proxy: it needs the token.
The nginx example refuses /metrics outright as well.
"""

import hmac
import ipaddress

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.views.decorators.cache import never_cache
from django_prometheus.exports import ExportToDjangoView

from hocvuso.web.addresses import client_address

FORWARDING_HEADERS = ("HTTP_X_FORWARDED_FOR", "HTTP_X_REAL_IP", "HTTP_FORWARDED")


@never_cache
def metrics(request: HttpRequest) -> HttpResponse:
    if not (_has_token(request) or _asked_directly_from_inside(request)):
        return HttpResponse("Forbidden\n", status=403, content_type="text/plain")
    return ExportToDjangoView(request)


def _has_token(request: HttpRequest) -> bool:
    token = settings.METRICS_TOKEN
    offered = request.headers.get("Authorization", "")
    return bool(token) and hmac.compare_digest(offered.encode(), f"Bearer {token}".encode())


def _asked_directly_from_inside(request: HttpRequest) -> bool:
    if any(request.META.get(header) for header in FORWARDING_HEADERS):
        return False
    address = client_address(request)
    if address is None:
        return False
    peer = ipaddress.ip_address(address)
    return peer.is_loopback or any(
        peer in ipaddress.ip_network(proxy, strict=False) for proxy in settings.TRUSTED_PROXIES
    )
