"""The site's URLs plus views that fail each way, for the error pages' tests."""

from django.core.exceptions import PermissionDenied, SuspiciousOperation
from django.http import HttpRequest, HttpResponse
from django.urls import path

from hocvuso.urls import urlpatterns as site
from hocvuso.web.refusals import Refused
from hocvuso.web.throttling import throttled


def forbidden(request: HttpRequest) -> HttpResponse:
    raise PermissionDenied


def malformed(request: HttpRequest) -> HttpResponse:
    raise SuspiciousOperation("a malformed request")


def broken(request: HttpRequest) -> HttpResponse:
    raise RuntimeError("a bug")


def refused(request: HttpRequest) -> HttpResponse:
    raise Refused("Phường này không có.")


@throttled("error-page-test", limit=0, window=60)
def throttled_view(request: HttpRequest) -> HttpResponse:
    return HttpResponse("never")


urlpatterns = [
    path("fails/forbidden/", forbidden),
    path("fails/malformed/", malformed),
    path("fails/broken/", broken),
    path("fails/refused/", refused),
    path("fails/throttled/", throttled_view),
    *site,
]
