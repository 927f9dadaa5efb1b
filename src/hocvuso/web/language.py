"""Vietnamese unless the person chose otherwise: the browser's own language is not asked.

Django's LocaleMiddleware would follow Accept-Language, and many phones in Vietnam are set
to English; the people using them still read Vietnamese best. The switcher's cookie wins.

The switcher is a link in every page's footer, the same on every page, rather than Django's
form: that form needed a CSRF token, a different one for each visitor, so no public page was
the same for everyone and none could be kept whole (web/kept_pages.py). A link is also one
tap for someone new to a phone. It leads back to the page it was tapped on (the Referer, when
it is one of this site's, else the home page). What another site can do with it is switch a
visitor's language, which the next tap switches back.
"""

from urllib.parse import urlsplit

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.middleware.locale import LocaleMiddleware
from django.urls import reverse
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_safe


class ChosenLanguageMiddleware(LocaleMiddleware):
    def process_request(self, request: HttpRequest) -> None:
        translation.activate(chosen(request))
        request.LANGUAGE_CODE = translation.get_language()


def chosen(request: HttpRequest) -> str:
    """The language the visitor chose with the switcher, else Vietnamese."""
    cookie = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
    return cookie if cookie in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE


@require_safe
def choose(request: HttpRequest, code: str) -> HttpResponse:
    """Switch the site to `code` and go back to the page the link was tapped on."""
    if code not in dict(settings.LANGUAGES):
        raise Http404
    back = request.META.get("HTTP_REFERER", "")
    host = request.get_host()
    if urlsplit(back).netloc != host or not url_has_allowed_host_and_scheme(
        back, allowed_hosts={host}, require_https=request.is_secure()
    ):  # a browser's Referer is a whole address: anything else leads home
        back = reverse("web:home")
    response = HttpResponseRedirect(back)
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        code,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        path=settings.LANGUAGE_COOKIE_PATH,
        domain=settings.LANGUAGE_COOKIE_DOMAIN,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
    )
    return response
