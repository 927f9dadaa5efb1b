"""What a stranger types into a public form (no login) is kept as text: never a server error,
never markup or template code in any page that shows it later (the officer's view of a help
request, the status page, the assistant's answer, a certificate), and an oversize answer
gets a plain Vietnamese error."""

import re
import unicodedata
from http.cookies import SimpleCookie

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils.html import escape

from hocvuso.support.models import HelpRequest
from hocvuso.text.folding import clean

PAYLOADS = {
    "script": "<script>alert(1)</script>",
    "attribute": '"><img src=x onerror=alert(1)>',
    "javascript-url": "javascript:alert(1)",
    "sql": "' OR 1=1 --",
    "template-variable": "{{7*7}}",
    "template-tag": "{% debug %}",
    "rtl-override": "An \u202egnoH\u202c",
    "nfd": unicodedata.normalize("NFD", "Nguyễn Văn Ân"),
    "path": "../../etc/passwd",
}
MARKUP = "<>\"'"
TOO_LONG = "a" * 10_000


@pytest.fixture(autouse=True)
def _isolated_files():
    """Instead of tests/conftest.py's: the town's files stay where it was built."""
    cache.clear()


@pytest.fixture
def stranger(town, one_client, db):
    one_client.cookies = SimpleCookie()
    return one_client


def shown_safely(html: str, payload: str) -> None:
    """The payload is on the page as text: escaped where it holds markup, and template code
    left as written."""
    if any(ch in payload for ch in MARKUP):
        assert payload not in html
    # Stored as the registry stores text: NFC, without the controls that reverse it.
    assert escape(payload) in html or escape(clean(payload)) in html


def _file(client, payload: str) -> HelpRequest:
    page = client.post(
        reverse("help_request", args=[313]),
        {
            "name": f"Lan {payload}",
            "phone": "0912345678",
            "address": payload,
            "need": payload,
            "convenient_time": payload,
        },
    )
    assert page.status_code == 200, page.content.decode()[:2000]
    return HelpRequest.objects.latest("pk")


@pytest.mark.parametrize("payload", PAYLOADS.values(), ids=PAYLOADS.keys())
def test_a_help_request_shows_what_was_typed_as_text_to_the_officer(town, stranger, payload):
    filed = _file(stranger, payload)
    assert filed.need == clean(payload)
    stranger.force_login(town.world.officer)
    for url in (reverse("support:request", args=[filed.pk]), reverse("support:requests")):
        page = stranger.get(url)
        assert page.status_code == 200
        shown_safely(page.content.decode(), payload)


@pytest.mark.parametrize("payload", PAYLOADS.values(), ids=PAYLOADS.keys())
def test_the_status_page_shows_a_typed_code_as_text(stranger, payload):
    page = stranger.post(reverse("help_status"), {"reference": payload, "phone": payload})
    assert page.status_code == 200
    html = page.content.decode()
    assert "<script>alert(1)" not in html and "onerror=alert(1)>" not in html
    if len(payload) <= 12:
        shown_safely(html, payload)


def test_the_status_page_of_a_request_shows_no_markup(town, stranger):
    filed = _file(stranger, PAYLOADS["attribute"])
    page = stranger.post(
        reverse("help_status"), {"reference": filed.reference, "phone": "0912345678"}
    )
    assert filed.reference in page.content.decode()
    assert PAYLOADS["attribute"] not in page.content.decode()


@pytest.mark.parametrize("payload", PAYLOADS.values(), ids=PAYLOADS.keys())
def test_the_assistant_answers_a_question_written_as_code_with_text(stranger, payload):
    page = stranger.get(reverse("assistant:ask"), {"q": payload})
    assert page.status_code == 200
    html = page.content.decode()
    shown_safely(html, payload)
    asked = re.search(r'<textarea name="q"[^>]*>\s*(.*?)</textarea>', html, re.S)
    assert asked is not None and asked.group(1).strip() == escape(payload).strip()


@pytest.mark.parametrize("payload", PAYLOADS.values(), ids=PAYLOADS.keys())
def test_a_certificate_number_typed_as_code_is_shown_as_text(stranger, payload):
    page = stranger.get(reverse("verify_lookup"), {"code": payload}, follow=True)
    assert page.status_code in (200, 404)
    html = page.content.decode()
    assert "<SCRIPT>" not in html and "<IMG" not in html


def test_a_certificate_number_with_a_slash_is_not_found(stranger):
    page = stranger.get(reverse("verify_lookup"), {"code": "1/2"}, follow=True)
    assert page.status_code == 404


@pytest.mark.parametrize("payload", PAYLOADS.values(), ids=PAYLOADS.keys())
def test_a_name_on_a_certificate_is_printed_as_text(town, stranger, payload):
    course = town.course
    for lesson in course.lessons.order_by("position"):
        stranger.post(reverse("learning:lesson_done", args=[course.slug, lesson.slug]))
    answers = {
        f"q{q.pk}": [c.pk for c in q.choices.all() if c.is_correct] for q in course.questions.all()
    }
    stranger.post(reverse("learning:quiz", args=[course.slug]), answers)
    claimed = stranger.post(
        reverse("learning:certificate_claim", args=[course.slug]), {"name": f"Lan {payload}"}
    )
    assert claimed.status_code == 302, claimed.content.decode()[:2000]
    shown_safely(stranger.get(claimed["Location"]).content.decode(), payload)


LEARNER_FORMS = [
    ("learning:account_create", {"full_name": "{p}", "phone": "{p}", "password": "{p}"}),
    ("learning:account_login", {"phone": "{p}", "password": "{p}"}),
    ("learning:household_code", {"code": "{p}"}),
    ("learning:class_join", {"code": "{p}", "name": "{p}"}),
    ("accounts:login", {"username": "{p}", "password": "{p}"}),
]


@pytest.mark.parametrize(("name", "fields"), LEARNER_FORMS, ids=[n for n, _f in LEARNER_FORMS])
@pytest.mark.parametrize("payload", [*PAYLOADS.values(), "Lan\x00"], ids=[*PAYLOADS, "nul"])
def test_a_sign_up_join_or_log_in_form_keeps_what_was_typed_as_text(
    stranger, name, fields, payload
):
    page = stranger.post(reverse(name), {k: v.format(p=payload) for k, v in fields.items()})
    assert page.status_code in (200, 302, 400)
    html = page.content.decode()
    assert "<script>alert(1)" not in html and "onerror=alert(1)>" not in html


def test_a_class_code_in_a_link_is_shown_as_text(stranger):
    page = stranger.get(reverse("learning:class_join"), {"code": PAYLOADS["attribute"]})
    assert page.status_code == 200
    assert PAYLOADS["attribute"] not in page.content.decode()


def test_a_nul_byte_gets_a_vietnamese_error(stranger):
    page = stranger.post(
        reverse("help_request", args=[313]),
        {"name": "Lan\x00", "phone": "0912345678", "need": "Cài VNeID"},
    )
    assert page.status_code == 200
    assert "Không được có ký tự rỗng (NUL)." in page.content.decode()
    assert not HelpRequest.objects.filter(phone="0912345678").exclude(reference="TEST0001")


@pytest.mark.parametrize(
    ("url", "method", "data"),
    [
        ("/help/313/", "post", {"name": TOO_LONG, "phone": "0912345678", "need": TOO_LONG}),
        ("/help/status/", "post", {"reference": TOO_LONG, "phone": TOO_LONG}),
        ("/ask/", "get", {"q": TOO_LONG}),
        ("/learn/account/new/", "post", {"full_name": TOO_LONG, "phone": "0912345678"}),
        ("/learn/join/", "post", {"code": TOO_LONG, "name": TOO_LONG}),
    ],
    ids=["help", "status", "ask", "sign-up", "join"],
)
def test_an_oversize_answer_gets_a_plain_vietnamese_error(stranger, url, method, data):
    page = getattr(stranger, method)(url, data)
    assert page.status_code in (200, 400)
    assert re.search(r"chỉ có tối đa \d+ kí tự \(hiện có 10000\)", page.content.decode())
    assert not HelpRequest.objects.filter(need=TOO_LONG).exists()
