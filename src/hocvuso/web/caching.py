"""One policy for what browsers and proxies may keep: nothing that shows personal data.

Staff see residents on every page they open, so every response to a logged-in user is
personal (the registry, exports, PDFs, the API). A resident's own pages are too: their
learning account, their household's card, their help request's status, and whatever a form
sends back. Everything else (the home page, mobile points, lessons, news, static files) stays
cacheable; static files never reach this middleware (WhiteNoise answers them first).
"""

from collections.abc import Callable
from functools import cache

from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.cache import add_never_cache_headers

# The resident's own pages, with everything under them.
PERSONAL_PAGES = (
    "learning:account",
    "learning:household_code",
    "learning:self_check_result",
    "help_status",
)


class PersonalPagesNotCachedMiddleware:
    """Mark personal responses `no-store`, so no browser, proxy or shared phone keeps them."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if is_personal(request):
            add_never_cache_headers(response)
        return response


def is_personal(request: HttpRequest) -> bool:
    user = getattr(request, "user", None)
    return (
        (user is not None and user.is_authenticated)
        or request.method not in ("GET", "HEAD")
        or request.path.startswith(_personal_paths())
    )


@cache
def _personal_paths() -> tuple[str, ...]:
    return tuple(reverse(name) for name in PERSONAL_PAGES)
