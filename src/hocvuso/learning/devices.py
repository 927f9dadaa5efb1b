"""Which learner this device is: a signed cookie holding the learner's id, so a resident
learns with no account at all and their progress stays on the phone until they claim it."""

import datetime

from django.conf import settings
from django.core import signing
from django.http import HttpRequest, HttpResponse
from django.utils import timezone

from hocvuso.learning import statements
from hocvuso.learning.models import Learner

COOKIE = "hocvuso_learner"
_SALT = "hocvuso.learning.device"
MAX_AGE = 400 * 24 * 3600  # the longest a browser keeps a cookie
_ATTR = "_hocvuso_learner"


def learner_of(request: HttpRequest) -> Learner | None:
    """The device's learner, or None before it has learned anything."""
    if hasattr(request, _ATTR):
        return getattr(request, _ATTR)
    learner = None
    value = request.COOKIES.get(COOKIE)
    if value:
        try:
            public_id = signing.loads(value, salt=_SALT)
        except signing.BadSignature:
            public_id = None
        if public_id:
            # Every learner's page asks this: one statement written once (statements.py).
            learner = statements.learner_by_public_id(public_id)
    setattr(request, _ATTR, learner)
    return learner


def use(request: HttpRequest, learner: Learner) -> None:
    """From now on this request (and, once `remember` runs, the device) is `learner`."""
    setattr(request, _ATTR, learner)
    # A flag for this request alone, read back by `remember`.
    request._hocvuso_learner_changed = True  # type: ignore[attr-defined]


def remember(request: HttpRequest, response: HttpResponse) -> HttpResponse:
    """Write the cookie for the request's learner (or drop it if there is none)."""
    learner = getattr(request, _ATTR, None)
    if learner is None:
        if COOKIE in request.COOKIES:
            response.delete_cookie(COOKIE)
        return response
    if getattr(request, "_hocvuso_learner_changed", False) or _stale(learner):
        response.set_cookie(
            COOKIE,
            signing.dumps(str(learner.public_id), salt=_SALT),
            max_age=MAX_AGE,
            httponly=True,
            samesite="Lax",
            secure=settings.SESSION_COOKIE_SECURE,
        )
    return response


def _stale(learner: Learner) -> bool:
    """Touch the learner at most daily: the campaign counts active learners."""
    now = timezone.now()
    if learner.last_seen_at and now - learner.last_seen_at < datetime.timedelta(days=1):
        return False
    learner.last_seen_at = now
    learner.save(update_fields=["last_seen_at"])
    return True


def forget(request: HttpRequest) -> None:
    """This device stops being anyone; `remember` then drops the cookie."""
    setattr(request, _ATTR, None)
