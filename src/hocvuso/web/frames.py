"""A staff page's frame, rendered once per process for each user, page and menu.

`web/base.html` around a page's content (the head, the menu, the footer) cost a staff page
most of a millisecond, while for one user on one page it changes only with what its key
holds: the page's template, the language, the address, the user's name, the menu drawn for
their scope and the page's own title. `render_framed` renders that frame once with marks
where the content, the CSRF token and the address (with its query) go, keeps it in this
process's memory, bounded, and puts the three in on every request. A request with messages
waiting, or with no signed-in user, gets its page rendered whole. The frame is kept under its
user's own key, in the memory of the process that drew it for them, and never holds the
content, which each view renders anew.
"""

import copy
import re
import threading
from collections import OrderedDict
from collections.abc import Mapping

from django.contrib.messages import get_messages
from django.http import HttpRequest, HttpResponse, QueryDict
from django.middleware.csrf import get_token
from django.shortcuts import render
from django.template import Context, Engine, Template
from django.template.context_processors import csrf
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.html import escape
from django.utils.safestring import SafeString

from hocvuso.web.context import navigation

_BODY, _TOKEN, _ADDRESS = "\x00body\x00", "\x00token\x00", "\x00address\x00"
_CUT = re.compile("(\x00(?:body|token|address)\x00)")
_MARK = re.compile("(\x00[a-z_]+\x00)")
_QUERY = "framed"
MAX_KEPT = 1000  # frames a process keeps, the least lately used dropped first

_kept: "OrderedDict[tuple, tuple[Template, list[str]]]" = OrderedDict()
_lock = threading.Lock()


def render_framed(
    request: HttpRequest,
    template_name: str,
    body: str,
    frame: Mapping[str, str] | None = None,
    status: int = 200,
) -> HttpResponse:
    """`template_name` (whose content block is `{{ body }}`) with `body` in it. `frame`
    holds the strings the template shows around the body, such as its title."""
    frame = dict(frame or {})
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or len(get_messages(request)):
        return render(request, template_name, {**frame, "body": body}, status=status)
    parts = _frame(request, template_name, frame)
    put = {
        _BODY: body,
        _TOKEN: escape(get_token(request)),
        _ADDRESS: escape(request.get_full_path()),
    }
    return HttpResponse("".join(put.get(part, part) for part in parts), status=status)


def render_body(template_name: str, context: Mapping[str, object], request: HttpRequest) -> str:
    """A page's content: `template_name` with `context`, the request (for `{% querystring %}`)
    and the CSRF token, but none of the context processors the frame alone reads."""
    template = Engine.get_default().get_template(template_name)
    full = Context({**csrf(request), "request": request, **context})
    full.request = request  # type: ignore[attr-defined]
    return SafeString(template.render(full))


def render_kept(
    template_name: str,
    key: tuple,
    context: Mapping[str, object],
    request: HttpRequest,
    put: Mapping[str, str],
) -> str:
    """A page's content kept as drawn: `template_name` with `context`, kept in this process
    under `key`, which must hold every value the template shows but those named in `put`
    (drawn once as marks and put in on each request, as given) and the CSRF token (put in
    fresh)."""
    template = Engine.get_default().get_template(template_name)
    full_key = ("kept", template_name, translation.get_language(), key)
    with _lock:
        kept = _kept.get(full_key)
        if kept is not None and kept[0] is template:
            _kept.move_to_end(full_key)
    if kept is None or kept[0] is not template:
        marks = {name: SafeString(f"\x00{name}\x00") for name in put}
        html = render_body(template_name, {**context, **marks, "csrf_token": _TOKEN}, request)
        kept = (template, _MARK.split(html))
        _keep(full_key, kept)
    values = {f"\x00{name}\x00": value for name, value in put.items()}
    values[_TOKEN] = escape(get_token(request))
    return SafeString("".join(values.get(part, part) for part in kept[1]))


def _keep(key: tuple, kept: tuple[Template, list[str]]) -> None:
    with _lock:
        _kept[key] = kept
        while len(_kept) > MAX_KEPT:
            _kept.popitem(last=False)


def _frame(request: HttpRequest, template_name: str, frame: dict[str, str]) -> list[str]:
    template = Engine.get_default().get_template(template_name)  # new once templates reload
    menu = navigation(request)
    key = (
        template_name,
        translation.get_language(),
        request.path,
        request.user.pk,
        str(request.user),
        tuple(
            (name, tuple((i.url, str(i.label), i.current) for i in items))
            if isinstance(items, list)
            else (name, items)
            for name, items in sorted(menu.items())
        ),
        tuple(sorted(frame.items())),
    )
    with _lock:
        kept = _kept.get(key)
        if kept is not None and kept[0] is template:
            _kept.move_to_end(key)
            return kept[1]
    blank = copy.copy(request)
    blank.GET = QueryDict()
    blank.META = {**request.META, "QUERY_STRING": _QUERY}
    address = escape(blank.get_full_path())
    context = {**frame, "body": SafeString(_BODY), "csrf_token": _TOKEN}
    html = render_to_string(template_name, context, blank)
    parts = _CUT.split(html.replace(address, _ADDRESS))
    _keep(key, (template, parts))
    return parts


def forget_all() -> None:
    """Draw every frame again (tests)."""
    with _lock:
        _kept.clear()
