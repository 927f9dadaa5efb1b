"""/api/v1: the device API the offline volunteer app syncs with (docs/api.md).

Every endpoint reads and writes through the same scoped reads and services as the pages;
a device token acts as its person. Writes through a token name the device in the audit log.
"""

import functools
from typing import Any

from django.core import signing
from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as RuleBroken
from django.http import Http404, HttpRequest, HttpResponse
from django.utils import translation
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from ninja import Field, NinjaAPI, Schema
from ninja.errors import AuthenticationError, HttpError, Throttled, ValidationError
from ninja.security import HttpBearer, django_auth
from ninja.throttling import AuthRateThrottle

from hocvuso.accounts.http import AuthenticatedHttpRequest
from hocvuso.audit.context import acting_device
from hocvuso.devices import downloads, services
from hocvuso.devices.models import DeviceToken
from hocvuso.places.models import Ward
from hocvuso.web.refusals import Refused

MAX_LIMIT = 500
DEFAULT_LIMIT = 100
MAX_BATCH = 200
_PAGE_SALT = "hocvuso.devices.page"

DESCRIPTION = f"""The device API of the volunteer app: read what you may see, send what you
recorded offline. Authenticate with `Authorization: Bearer hv1_…` (a device token, issued at
/devices/ or by `POST /api/v1/devices/pair`); the logged-in session works for reading too.
A token reaches exactly what its person's pages reach. Lists come `limit` items at a time
({DEFAULT_LIMIT} by default, at most {MAX_LIMIT}) with an opaque `cursor`. Every error body is
`{{"detail": Vietnamese, "detail_en": English, "code": machine code}}`. See docs/api.md."""


class DeviceBearer(HttpBearer):
    """A device token: its person becomes `request.user`, the token `request.device`."""

    def authenticate(self, request: HttpRequest, token: str) -> DeviceToken:
        device = services.authenticate(token)
        request.user = device.person
        # Ninja hands a plain HttpRequest; the token rides on it for the audit log.
        request.device = device  # type: ignore[attr-defined]
        return device


device_auth = DeviceBearer()
api_v1 = NinjaAPI(
    title="hocvuso device API",
    version="1",
    description=DESCRIPTION,
    auth=[device_auth, django_auth],
    urls_namespace="api-v1",
    throttle=[AuthRateThrottle("600/m")],
)


# Errors ------------------------------------------------------------------------------------


class ErrorOut(Schema):
    detail: str
    detail_en: str
    code: str


class InvalidOut(ErrorOut):
    errors: list[dict]


ERRORS: dict[int, Any] = {
    400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: InvalidOut, 429: ErrorOut,
}  # fmt: skip


def error(
    request: HttpRequest, status: int, code: str, message: str | Promise, **extra: Any
) -> HttpResponse:
    with translation.override("vi"):
        detail = str(message)
    with translation.override("en"):
        detail_en = str(message)
    body = {"detail": detail, "detail_en": detail_en, "code": code, **extra}
    return api_v1.create_response(request, body, status=status)


TOKEN_MESSAGES = {
    "token_invalid": _("This device is not paired, or its token is wrong: pair it again."),
    "token_revoked": _(
        "This device's access was withdrawn by the ward officer: nothing more was stored. "
        "Log in and pair the device again."
    ),
    "token_expired": _("This device's access has expired: log in and pair the device again."),
}


@api_v1.exception_handler(services.TokenRefused)
def token_refused(request: HttpRequest, exc: services.TokenRefused) -> HttpResponse:
    return error(request, 401, exc.code, TOKEN_MESSAGES[exc.code])


@api_v1.exception_handler(AuthenticationError)
def unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    return error(request, 401, "token_invalid", TOKEN_MESSAGES["token_invalid"])


@api_v1.exception_handler(ValidationError)
def invalid(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    message = _("A parameter is not valid or out of its bounds; see “errors”.")
    return error(request, 422, "invalid", message, errors=exc.errors)


@api_v1.exception_handler(Refused)
def refused(request: HttpRequest, exc: Refused) -> HttpResponse:
    code = "not_found" if exc.status == 404 else "refused"
    return error(request, exc.status, code, exc.message)


@api_v1.exception_handler(Http404)
def not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return error(request, 404, "not_found", _("Not found, or not yours to see."))


@api_v1.exception_handler(PermissionDenied)
def forbidden(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
    return error(request, 403, "forbidden", _("This is not yours to change."))


@api_v1.exception_handler(Throttled)
def throttled(request: HttpRequest, exc: Throttled) -> HttpResponse:
    return error(request, 429, "throttled", _("Too many requests: wait a minute and try again."))


@api_v1.exception_handler(HttpError)
def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    # The one ninja raises itself: the session's CSRF check on pairing.
    message = _("The security check failed: reload the page and try again.")
    return error(request, exc.status_code, "csrf" if exc.status_code == 403 else "refused", message)


@api_v1.exception_handler(RuleBroken)
def rule_broken(request: HttpRequest, exc: RuleBroken) -> HttpResponse:
    # The services' messages are translated when raised: say it again in each language.
    return error(request, 422, "refused", " ".join(exc.messages))


@api_v1.exception_handler(downloads.BadCursor)
def bad_cursor(request: HttpRequest, exc: downloads.BadCursor) -> HttpResponse:
    message = _("This cursor is not valid any more: start the download again without one.")
    return error(request, 400, "cursor_invalid", message)


def refusal(request: HttpRequest, attempt) -> HttpResponse:
    """422 with the service's own message in both languages: `attempt` raises it again
    (without writing anything) under each language."""
    texts = []
    for language in ("vi", "en"):
        with translation.override(language):
            try:
                attempt()
            except RuleBroken as exc:
                texts.append(" ".join(exc.messages))
    detail, detail_en = [*texts, "", ""][:2]
    body = {"detail": detail, "detail_en": detail_en, "code": "refused"}
    return api_v1.create_response(request, body, status=422)


def audited(view):
    """Run a write with the device named in every audit event it writes."""

    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        device = getattr(request, "device", None)
        if device is None:
            return view(request, *args, **kwargs)
        with acting_device({"id": device.pk, "name": device.device_name}):
            return view(request, *args, **kwargs)

    return wrapper


def home_ward(request: AuthenticatedHttpRequest) -> Ward:
    """The ward a request works in: the token's, else the person's first."""
    device = getattr(request, "device", None)
    if device is not None:
        return device.ward
    ward_id = services.ward_of(request.user)
    if ward_id is None:
        raise PermissionDenied
    return Ward.objects.get(pk=ward_id)


# Pages -------------------------------------------------------------------------------------


class PageQuery(Schema):
    limit: int = Field(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT)
    cursor: str = Field(
        "", max_length=2000, pattern=r"^[A-Za-z0-9_:.-]*$", description="From the last page."
    )


def page_of(queryset, paging: PageQuery) -> tuple[list, str | None]:
    """A bounded page of `queryset` and the cursor of the next one."""
    offset = 0
    if paging.cursor:
        try:
            offset = int(signing.loads(paging.cursor, salt=_PAGE_SALT)["offset"])
        except (signing.BadSignature, KeyError, TypeError, ValueError):
            raise downloads.BadCursor from None
    rows = list(queryset[offset : offset + paging.limit + 1])
    more = len(rows) > paging.limit
    following = offset + paging.limit
    return rows[: paging.limit], (
        signing.dumps({"offset": following}, salt=_PAGE_SALT) if more else None
    )


from hocvuso.devices import endpoints  # noqa: E402, F401  (registers the operations)
