"""The assistant's page as each visitor sees it: a visitor who has not signed in gets the rest
of the page each process keeps per language, with their own answer, token and address; it is
the page rendered whole, it holds nothing typed, and its language switch works."""

import re
from urllib.parse import urlencode

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from hocvuso.assistant import page
from hocvuso.assistant.views import AskForm
from hocvuso.learning.curriculum import load_curriculum

TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


@pytest.fixture
def guides(db):
    load_curriculum()


def ask(client, question, **query):
    response = client.get(reverse("assistant:ask"), {"q": question, **query})
    return response.status_code, response.content.decode()


def untokened(html):
    return TOKEN.sub("", html)


@pytest.mark.parametrize("language", ["vi", "en"])
@pytest.mark.parametrize("question", ["cài VNeID", "thoi tiet ha noi", "x" * 301])
def test_a_visitor_gets_the_page_rendered_whole(guides, world, language, question, monkeypatch):
    monkeypatch.setattr(page, "_kept", {})
    visitor, whole = Client(), Client()
    for client in (visitor, whole):
        client.cookies["django_language"] = language
    whole.cookies["seen"] = "1"  # any other cookie: the page is rendered whole
    asked = ask(visitor, question, ward=world.ward.pk)
    assert page._kept  # the visitor's came from the rest kept
    rendered = ask(whole, question, ward=world.ward.pk)
    assert asked[0] == rendered[0] and untokened(asked[1]) == untokened(rendered[1])
    assert ("Ngôn ngữ · Language" in asked[1]) == (language == "vi")


def test_the_rest_kept_holds_nothing_typed(client, guides):
    question = "làm sao cài ứng dụng định danh điện tử"
    status, html = ask(client, question)
    assert status == 200 and question in html
    kept = "".join("".join(parts) for _template, parts in page._kept.values())
    assert "định danh" not in kept and "dinh" not in kept.lower()
    assert "%C4%91%E1%BB%8Bnh" not in kept  # nor the address that holds it


def test_each_visitor_s_language_switch_keeps_their_own_question(guides):
    for question in ("cài VNeID", "quên mật khẩu VNeID"):
        visitor = Client(enforce_csrf_checks=True)
        asked = f"{reverse('assistant:ask')}?{urlencode({'q': question})}"
        assert visitor.get(asked).status_code == 200
        switched = visitor.get(
            reverse("language", args=["en"]), HTTP_REFERER=f"http://testserver{asked}"
        )
        assert switched.status_code == 302 and switched["Location"] == f"http://testserver{asked}"
        english = visitor.get(asked).content.decode()
        assert "Ask the assistant" in english and question in english


def test_a_signed_in_user_sees_their_own_menu(client, guides, world):
    client.force_login(world.officer)
    status, html = ask(client, "cài VNeID")
    assert status == 200 and reverse("learning:classes") in html and "Lớp học số" in html
    client.logout()
    assert reverse("learning:classes") not in ask(client, "cài VNeID")[1]


def test_the_question_box_is_the_one_django_renders(client, guides):
    question = 'cài <b>"VNeID"</b> & iHanoi'
    form = AskForm({"q": question})
    assert form.is_valid()
    _status, html = ask(client, question)
    with translation.override("vi"):
        assert str(form["q"]) in html
        assert f'<label for="id_q">{form["q"].label}</label>' in html
        assert f'<p class="helptext">{form["q"].help_text}</p>' in html
    empty = client.get(reverse("assistant:ask")).content.decode()
    with translation.override("vi"):
        assert str(AskForm()["q"]) in empty


def test_the_same_words_are_answered_from_memory_until_a_guide_changes(client, guides, monkeypatch):
    from hocvuso.assistant import retrieval
    from hocvuso.learning.models import Lesson

    question = "quên mật khẩu VNeID"
    searched = []
    real = retrieval.answer
    monkeypatch.setattr(retrieval, "answer", lambda *a: searched.append(a) or real(*a))
    first = ask(client, question)
    again = ask(client, question)
    assert untokened(first[1]) == untokened(again[1]) and first[0] == again[0] == 200
    assert "Quên mật khẩu VNeID</h2>" in first[1]
    assert len(searched) == 1  # the second visitor's answer came from memory
    assert ask(client, question + " ")[0] == 200 and len(searched) == 2  # other words: searched
    with translation.override("en"):
        client.cookies["django_language"] = "en"
        english = ask(client, question)[1]
    assert "Ask the assistant" in english and len(searched) == 3  # each language its own
    del client.cookies["django_language"]

    lesson = Lesson.objects.get(course__slug="vneid", slug="quen-mat-khau")
    lesson.title = "Lấy lại mật khẩu VNeID"
    lesson.save(update_fields=["title"])
    status, html = ask(client, question)
    assert status == 200 and "Lấy lại mật khẩu VNeID</h2>" in html and len(searched) == 4


def test_an_answer_from_memory_still_counts_toward_the_address_s_limit(client, guides):
    from hocvuso.assistant.views import ASK_LIMIT

    limit, _window = ASK_LIMIT
    statuses = [ask(client, "cài VNeID")[0] for _ in range(limit + 1)]
    assert statuses == [200] * limit + [429]
