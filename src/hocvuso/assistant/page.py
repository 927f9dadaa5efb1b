"""The assistant's page: its body (the question and the answer) rendered for each question,
in the rest of the page (the menu, the footer), which each process renders once per language.

The rest is the same for every visitor who has not signed in, but where it would show a
CSRF token or the page's address, which holds the question. So a visitor with no cookie but
the language and the CSRF ones (no session, no message waiting, as for
`web/public_pages.py`) gets it from `_kept`, with the body, and a token of their own and
their address where the rest has them; anyone else gets the page rendered whole. The rest is
rendered from a copy of the request that holds nothing typed (no query, a fixed address): what
is kept never holds a question.

A body that answered a question is kept too, beside the index that answered it, for whoever
asks the very same words next (`kept_body`): a campaign's link to "cài VNeID" is opened by
hundreds. It lives in the worker's memory only, is shown only to someone who typed the same
question, and goes with its index when a guide changes, or when `KEPT_ANSWERS` newer
questions push it out.
"""

import copy
import re
import threading
from collections import OrderedDict
from weakref import WeakKeyDictionary

from django.conf import settings
from django.http import HttpRequest, HttpResponse, QueryDict
from django.middleware.csrf import get_token
from django.template import Engine, Template
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.html import escape
from django.utils.safestring import SafeString

PAGE = "assistant/ask.html"
BODY = "assistant/partials/ask_body.html"
_HARMLESS_COOKIES = {settings.CSRF_COOKIE_NAME, settings.LANGUAGE_COOKIE_NAME}
# Where the body, the token and the address go; the address the rest is rendered with.
_BODY, _TOKEN, _ADDRESS = "\x00body\x00", "\x00token\x00", "\x00address\x00"
_QUERY = "kept"
_CUT = re.compile("(\x00(?:body|token|address)\x00)")

KEPT_ANSWERS = 256  # per index: the questions asked most recently

# Per language: the page's template, as loaded, and the rest cut where the three go.
_kept: dict[str, tuple[Template, list[str]]] = {}
# Per index: the bodies of the questions it answered, by language and question as typed.
_answered: WeakKeyDictionary[object, OrderedDict[tuple[str, str], str]] = WeakKeyDictionary()
_lock = threading.Lock()


def render_body(context: dict) -> str:
    return render_to_string(BODY, context)  # safe: rendered with escaping


def kept_body(index: object, question: str) -> str | None:
    """The body `index` answered `question` with, word for word, in this language."""
    key = (translation.get_language(), question)
    with _lock:
        bodies = _answered.get(index)
        if bodies is None or key not in bodies:
            return None
        bodies.move_to_end(key)
        return bodies[key]


def keep_body(index: object, question: str, body: str) -> None:
    with _lock:
        bodies = _answered.setdefault(index, OrderedDict())
        bodies[(translation.get_language(), question)] = body
        while len(bodies) > KEPT_ANSWERS:
            bodies.popitem(last=False)


def render_ask(request: HttpRequest, body: str, status: int = 200) -> HttpResponse:
    if not _anonymous(request):
        return HttpResponse(render_to_string(PAGE, {"body": body}, request), status=status)
    parts = _rest(request)
    put = {_BODY: body, _ADDRESS: _address(request)}
    if _TOKEN in parts:  # only a form that posts needs one, and sets the visitor's cookie
        put[_TOKEN] = escape(get_token(request))
    return HttpResponse("".join(put.get(part, part) for part in parts), status=status)


def _anonymous(request: HttpRequest) -> bool:
    return set(request.COOKIES) <= _HARMLESS_COOKIES and not request.user.is_authenticated


def _address(request: HttpRequest) -> str:
    """What the page's `{{ request.get_full_path }}` renders."""
    return escape(request.get_full_path())


def _rest(request: HttpRequest) -> list[str]:
    """The page without its body, token and address, in the active language."""
    language = translation.get_language()
    template = Engine.get_default().get_template(PAGE)  # a new one once templates reload
    kept = _kept.get(language)
    if kept is not None and kept[0] is template:
        return kept[1]
    blank = copy.copy(request)
    blank.GET = QueryDict()
    blank.META = {**request.META, "QUERY_STRING": _QUERY}
    context = {"body": SafeString(_BODY), "csrf_token": _TOKEN}
    html = render_to_string(PAGE, context, blank).replace(_address(blank), _ADDRESS)
    parts = _CUT.split(html)
    _kept[language] = (template, parts)
    return parts
