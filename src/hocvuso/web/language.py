"""Vietnamese unless the person chose otherwise: the browser's own language is not asked.

Django's LocaleMiddleware would follow Accept-Language, and many phones in Vietnam are set
to English; the people using them still read Vietnamese best. The switcher's cookie wins.
"""

from django.conf import settings
from django.http import HttpRequest
from django.middleware.locale import LocaleMiddleware
from django.utils import translation


class ChosenLanguageMiddleware(LocaleMiddleware):
    def process_request(self, request: HttpRequest) -> None:
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
        language = chosen if chosen in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()
