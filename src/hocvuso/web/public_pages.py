"""Public pages that are the same for every anonymous visitor, rendered once and kept.

The home page, a ward's mobile points, news and help form, the course list and the privacy
notice are a campaign's busiest pages and the same for everyone who has not signed in. A
view marked `@shared_page` is rendered once per language and address, kept in each web
worker's memory (the `pages` cache), and served again until it is `FRESH_SECONDS` old or
one of the models in `SHOWN` is saved or deleted, whichever comes first: a change made on the
site shows at once, one that comes with time (a scheduled article, a new day) within a
minute.

Never shared: anything but GET or HEAD, a request with a query string (what a resident
typed, such as a question to the assistant, is never kept), or with any cookie other than the
language and the CSRF cookie (a signed-in user's session, messages waiting to be shown, a
learner's device: their pages are their own), or an answer other than a plain 200. Forms
keep working: each CSRF token is cut out before the page is kept and a fresh one, bound to
the visitor's own cookie, is put back in every time it is served.
"""

import re
from collections.abc import Callable
from functools import wraps

from django.apps import apps
from django.conf import settings
from django.core.cache import cache, caches
from django.core.cache.backends.base import BaseCache
from django.db.models.signals import post_delete, post_save
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.utils import translation
from django.utils.cache import patch_vary_headers

FRESH_SECONDS = 60
# What the shared pages show: saving or deleting any of these renders them all again.
SHOWN = (
    "places.Ward",
    "places.ResidentialGroup",
    "places.WardContact",
    "teams.CommunityTeam",
    "teams.MobilePoint",
    "teams.OpeningHours",
    "teams.Shift",
    "outreach.Article",
    "outreach.NewsCategory",
    "learning.Course",
    "learning.Lesson",
    "learning.Question",
    "learning.Choice",
    "assistant.FaqEntry",
)
GENERATION_KEY = "public-pages:generation"
_TOKEN = re.compile(rb'(name="csrfmiddlewaretoken" value=")[^"]*(")')
_PLACEHOLDER = rb"\1@csrf@\2"
_HARMLESS_COOKIES = {settings.CSRF_COOKIE_NAME, settings.LANGUAGE_COOKIE_NAME}
# Set on a response that is the same for every visitor, token and all: web/kept_pages.py may
# keep it whole.
WHOLE = "_hocvuso_whole"

View = Callable[..., HttpResponse]


def shared_page(view: View) -> View:
    """Serve `view` from the pages cache to anonymous visitors (see the module's docstring)."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
        if not shareable(request):
            return view(request, *args, **kwargs)
        generation = cache.get(GENERATION_KEY, 0)
        language = translation.get_language()
        key = f"{generation}:{language}:{request.scheme}://{request.get_host()}{request.path}"
        kept = store().get(key)
        if kept is not None:
            return _served(request, *kept)
        response = view(request, *args, **kwargs)
        if keepable(response):
            content = _TOKEN.sub(_PLACEHOLDER, response.content)
            if b"csrf" not in content.replace(b"csrfmiddlewaretoken", b"").replace(b"@csrf@", b""):
                headers = [(k, v) for k, v in response.items() if k.lower() != "content-length"]
                store().set(key, (content, headers), FRESH_SECONDS)
                setattr(response, WHOLE, b"@csrf@" not in content)
        return response

    return wrapped


def store() -> BaseCache:
    """Each worker's own memory where settings name a `pages` cache, else the shared one."""
    return caches["pages"] if "pages" in settings.CACHES else cache


def shareable(request: HttpRequest) -> bool:
    return (
        request.method in ("GET", "HEAD")
        and not request.META.get("QUERY_STRING")
        and set(request.COOKIES) <= _HARMLESS_COOKIES
    )


def keepable(response: HttpResponse) -> bool:
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and "no-store" not in response.get("Cache-Control", "")
    )


def _served(request: HttpRequest, content: bytes, headers: list[tuple[str, str]]) -> HttpResponse:
    """The kept page with a fresh CSRF token for this visitor in each form."""
    whole = b"@csrf@" not in content  # no token: the same for everyone
    if not whole:
        content = re.sub(rb"@csrf@", lambda _: get_token(request).encode(), content)
    response = rebuilt(content, headers)
    patch_vary_headers(response, ("Cookie",))
    setattr(response, WHOLE, whole)
    return response


def rebuilt(content: bytes, headers: list[tuple[str, str]]) -> HttpResponse:
    """A response again from the content and headers kept of it."""
    response = HttpResponse(content)
    for name, value in headers:
        response[name] = value
    return response


def forget_all(**_: object) -> None:
    """Render every shared page again on its next visit (in every worker: the generation
    lives in the shared cache)."""
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:
        cache.set(GENERATION_KEY, 1, None)


def connect_signals() -> None:
    for label in SHOWN:
        model = apps.get_model(label)
        post_save.connect(forget_all, sender=model, dispatch_uid=f"public-pages:{label}:save")
        post_delete.connect(forget_all, sender=model, dispatch_uid=f"public-pages:{label}:del")
