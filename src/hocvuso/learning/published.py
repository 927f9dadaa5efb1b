"""The published curriculum (a course, its lessons, its quiz), read once by each web worker
and kept in its memory: it changes only when the curriculum is loaded or edited in the admin,
and a learner's every page and answer needs it.

Every save or delete of a course, lesson, question or choice draws a new version in the
shared cache, at once and again when its transaction commits, and every use reads the
version (one cache read, where the reads it spares were three queries): a change shows at once
in every worker. `load_curriculum` saves every course it loads inside its one transaction, so
what it hides in bulk shows on its commit too; whatever happens, a kept course is read again
after `FRESH_SECONDS`, as the public pages are. Nothing personal is kept here: what a learner
did is read on each request. What is kept is shared by the worker's threads: never change it.

The quiz's form as first seen, none picked, is kept once rendered, per language, and so is
its review on the result page, with each learner's choices marked in afterwards. A lesson
page is kept too, once rendered, for every learner who sees it in the same state (done or
not, locked or not, which lesson comes next): it shows nothing else of them. Only for a
plain GET with no query string and no staff login; it is kept without the messages waiting
(those are put in where web/base.html shows them), its CSRF token cut out and each
learner's own put back, as web/public_pages.py does for anonymous visitors.
"""

import re
import time
from collections.abc import Callable, Hashable
from typing import Any, TypeVar

from django.contrib.messages import get_messages
from django.db import DEFAULT_DB_ALIAS
from django.db.models.signals import post_delete, post_save
from django.http import Http404, HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.html import format_html_join
from django.utils.safestring import SafeString, mark_safe

from hocvuso.learning.models import Choice, Course, Lesson, Question
from hocvuso.web import stamps

FRESH_SECONDS = 60
MAX_KEPT = 2000  # courses, quizzes and pages; past it the worker starts again from nothing
VERSION_KEY = "learning:curriculum-version"
SHOWN = (Course, Lesson, Question, Choice)

T = TypeVar("T")
_kept: dict[tuple[Hashable, ...], tuple[str, float, object]] = {}


def _kept_or_read(key: tuple[Hashable, ...], read: Callable[[], T]) -> T:
    version, now = stamps.read(VERSION_KEY), time.monotonic()
    kept = _kept.get(key)
    if kept is not None and kept[0] == version and now - kept[1] < FRESH_SECONDS:
        return kept[2]  # type: ignore[return-value]
    value = read()
    if value is not None:  # an address that names nothing is not kept: anyone may type one
        # Labelled with the version read before it: a change in between reads it again.
        _keep(key, (version, now, value))
    return value


def _keep(key: tuple[Hashable, ...], entry: tuple[str, float, object]) -> None:
    if len(_kept) >= MAX_KEPT:
        _kept.clear()
    _kept[key] = entry


def course_lessons(slug: str) -> tuple[Course, list[Lesson]]:
    """The published course `slug` (404 if none) and its published lessons in order, each
    lesson's `course` being that course."""
    found = _kept_or_read(("course", slug), lambda: _read_course(slug))
    if found is None:
        raise Http404
    return found


def _read_course(slug: str) -> tuple[Course, list[Lesson]] | None:
    course = Course.objects.filter(is_published=True, slug=slug).first()
    if course is None:
        return None
    lessons = list(course.lessons.filter(is_published=True).order_by("position"))
    return course, lessons


def questions(course: Course) -> list[Question]:
    """The course's quiz in order, each question with its choices."""
    return _kept_or_read(
        ("quiz", course.pk), lambda: list(course.questions.prefetch_related("choices"))
    )


_TOKEN = re.compile(rb'(name="csrfmiddlewaretoken" value=")[^"]*(")')
_PLACEHOLDER = b"@csrf@"


def page(
    request: HttpRequest,
    template_name: str,
    context: dict[str, Any],
    *,
    state: Hashable,
    address: str | None = None,
    own: dict[str, str] | None = None,
) -> HttpResponse:
    """The page rendered from `template_name`, or as it was rendered before for this address,
    language and `state`: everything it shows of the learner, but `own`.

    `address`: keep it under this name rather than the request's path, which, wherever the
    page shows it, is cut out of the kept page and put back.
    `own`: placeholders in `context` (comments, which no escaped text can make) -> this
    learner's own HTML, put in each time."""
    own_bytes = {mark.encode(): html.encode() for mark, html in (own or {}).items()}

    def rendered(context: dict[str, Any]) -> bytes:
        return render_to_string(template_name, context, request).encode()

    def served(content: bytes) -> HttpResponse:
        for mark, html in own_bytes.items():
            content = content.replace(mark, html)
        return HttpResponse(content)

    if not _keepable(request):
        return served(rendered(context))
    path = request.path.encode()
    key = ("page", translation.get_language(), request.get_host(), address or path, state)
    version, now = stamps.read(VERSION_KEY), time.monotonic()
    kept = _kept.get(key)
    if kept is not None and kept[0] == version and now - kept[1] < FRESH_SECONDS:
        content = kept[2]
    else:
        # Kept without the messages waiting for this learner; they are put in below.
        content = rendered({**context, "messages": ()})
        content = _TOKEN.sub(rb"\1" + _PLACEHOLDER + rb"\2", content)
        if b"csrf" in content.replace(b"csrfmiddlewaretoken", b"").replace(_PLACEHOLDER, b""):
            return served(rendered(context))  # a token somewhere else: never kept
        if address is not None:
            content = content.replace(path, _PATH)
        _keep(key, (version, now, content))
    assert isinstance(content, bytes)
    if len(get_messages(request)):
        if _MAIN not in content:  # a page with nowhere to put them: rendered whole
            return served(rendered(context))
        content = content.replace(_MAIN, _MAIN + _messages_html(request), 1)
    if address is not None:
        content = content.replace(_PATH, path)
    if _PLACEHOLDER in content:
        content = content.replace(_PLACEHOLDER, get_token(request).encode())
    return served(content)


_PATH = b"<!--path-->"


# Where web/base.html shows the messages waiting, and how (tests/learning compare the two).
_MAIN = b'<main id="main" tabindex="-1">\n'


def _messages_html(request: HttpRequest) -> bytes:
    """The messages waiting, as web/base.html shows them; reading them marks them shown."""
    shown = format_html_join(
        "", '<p class="message {}">{}</p>', ((m.tags, m) for m in get_messages(request))
    )
    return f'\n  <div class="messages" role="status">\n  {shown}\n  </div>\n'.encode()


def _keepable(request: HttpRequest) -> bool:
    user = getattr(request, "user", None)
    return (
        request.method in ("GET", "HEAD")
        and not request.META.get("QUERY_STRING")
        and not (user is not None and user.is_authenticated)
    )


def quiz_form(course: Course, questions: list[Question]) -> SafeString:
    """The quiz's questions and choices as a learner first sees them, none picked: the same
    for everyone, so rendered once per language."""

    def render() -> SafeString:
        context = {"questions": questions, "picked": {}, "missing": []}
        return mark_safe(render_to_string("learning/partials/quiz_questions.html", context))  # noqa: S308

    return _kept_or_read(("quiz-form", course.pk, translation.get_language()), render)


_PICK = re.compile(r"<!--pick (\d+) (\d+)-->(.*?)<!--/pick-->", re.DOTALL)
Review = tuple[tuple[str, tuple[int, int] | None, str], ...]


def quiz_review(
    course: Course, questions: list[Question], picked: set[tuple[int, int]]
) -> SafeString:
    """The quiz's questions with every choice, the right ones marked, as the result page
    shows them, and "your choice" by each (question id, choice id) in `picked`. Rendered
    once per language with a mark by every choice; each learner's page keeps only theirs."""

    def render() -> Review:
        context = {"questions": questions}
        html = render_to_string("learning/partials/quiz_review.html", context)
        parts: list[tuple[str, tuple[int, int] | None, str]] = []
        start = 0
        for found in _PICK.finditer(html):
            pair = (int(found[1]), int(found[2]))
            parts.append((html[start : found.start()], pair, found[3]))
            start = found.end()
        parts.append((html[start:], None, ""))
        return tuple(parts)

    review = _kept_or_read(("quiz-review", course.pk, translation.get_language()), render)
    return mark_safe(  # noqa: S308 - the template's own escaped output, cut at its marks
        "".join(text + (mark if pair in picked else "") for text, pair, mark in review)
    )


def forget(*, using: str = DEFAULT_DB_ALIAS, **_: object) -> None:
    """Read the curriculum again in every worker: now, and once the change is committed."""
    stamps.bump(VERSION_KEY, using=using)


def connect_signals() -> None:
    for model in SHOWN:
        label = model._meta.label
        post_save.connect(forget, sender=model, dispatch_uid=f"published:{label}:save")
        post_delete.connect(forget, sender=model, dispatch_uid=f"published:{label}:delete")
