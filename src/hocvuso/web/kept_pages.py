"""Public pages kept whole, as they left the site, and served before most of the middleware.

A page that `@shared_page` serves the same to everyone (web/public_pages.py) and that holds
no CSRF token (no form that posts) is kept here as it was sent: its content and every header
the middleware gave it (security, CSP, Vary, Content-Language, caching). The next visitor
who could have been given the same page (GET, no query, no cookie but the language and the
CSRF ones) gets it from here, before sessions, CSRF, authentication, messages, the URL
resolver and the view run: a campaign's link opened by a whole ward costs each visit little
more than its log line. What stays outside, and runs for every request: the figures for
Prometheus (but the per-view ones, which the view alone gives), the request's id and log
line, the check of proxy headers and the security middleware (its HTTPS redirect). Static
files are answered before it, so they cost no look here.

Kept in the `pages` cache under the same generation and freshness as `public_pages`: a change
that renders the shared pages again renders these again, in every worker, and none is older
than `FRESH_SECONDS`.
"""

from collections.abc import Callable

from django.core.cache import cache
from django.core.exceptions import DisallowedHost
from django.http import HttpRequest, HttpResponse

from hocvuso.web import language, public_pages

_NOT_KEPT = {"content-length", "set-cookie", "x-request-id"}
MAX_PATH = 200  # longer than any public page's: not looked for (nor a key that long made)


class KeptPagesMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        key = _key(request)
        if key is not None:
            kept = public_pages.store().get(key)
            if kept is not None:
                return public_pages.rebuilt(*kept)
        response = self.get_response(request)
        if key is not None and getattr(response, public_pages.WHOLE, False) and _whole(response):
            headers = [(k, v) for k, v in response.items() if k.lower() not in _NOT_KEPT]
            kept = (response.content, headers)
            public_pages.store().set(key, kept, public_pages.FRESH_SECONDS)
        return response


def _key(request: HttpRequest) -> str | None:
    """Where the page for this request is kept, if it may be served from there."""
    if (
        request.method != "GET"
        or len(request.path) > MAX_PATH
        or not public_pages.shareable(request)
    ):
        return None
    try:
        host = request.get_host()
    except DisallowedHost:
        return None  # the middleware inside answers it
    generation = cache.get(public_pages.GENERATION_KEY, 0)
    return f"whole:{generation}:{language.chosen(request)}:{request.scheme}://{host}{request.path}"


def _whole(response: HttpResponse) -> bool:
    return public_pages.keepable(response) and "private" not in response.get("Cache-Control", "")
