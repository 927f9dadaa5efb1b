"""The JSON API (OpenAPI 3 at /api/docs). Each app adds its router; all of it is scoped."""

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.utils import translation
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, ValidationError
from ninja.security import django_auth

from hocvuso.people.api import MAX_LIMIT, MAX_OFFSET
from hocvuso.people.api import router as people_router
from hocvuso.web.refusals import Refused

DESCRIPTION = f"""The ward's registry, read through the same scoped reads as the pages: you see
only the wards and residential groups you work in. Log in at /accounts/login/ first.

Lists come a page at a time: `limit` people (50 by default, at most {MAX_LIMIT}) from
`offset` (at most {MAX_OFFSET:,}). Every list page read here is written to the ward's audit
log like an export, naming you, the ward, how many people and the filter.

A parameter out of its bounds gets a 422, a residential group that is not yours (or does not
exist) a 404, search text that cannot be searched a 400; every error body has `detail`, in
Vietnamese, and `detail_en`, in English."""

api = NinjaAPI(
    title="hocvuso",
    version="1",
    description=DESCRIPTION,
    auth=django_auth,
    urls_namespace="api",
)
api.add_router("/registry/", people_router)


def error(request: HttpRequest, status: int, message: str | Promise, **extra: Any) -> HttpResponse:
    """Every error body: the message in Vietnamese (`detail`) and English (`detail_en`)."""
    with translation.override("vi"):
        detail = str(message)
    with translation.override("en"):
        detail_en = str(message)
    body = {"detail": detail, "detail_en": detail_en, **extra}
    return api.create_response(request, body, status=status)


@api.exception_handler(AuthenticationError)
def unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    return error(request, 401, _("Log in first."))


@api.exception_handler(ValidationError)
def invalid(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    message = _("A parameter is not valid or out of its bounds; see “errors”.")
    return error(request, 422, message, errors=exc.errors)


@api.exception_handler(Refused)
def refused(request: HttpRequest, exc: Refused) -> HttpResponse:
    return error(request, exc.status, exc.message)


@api.exception_handler(Http404)
def not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return error(request, 404, _("Not found, or not yours to see."))
