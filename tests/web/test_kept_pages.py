"""A public page the same for everyone is kept whole, as the site sent it, and the next
visitor gets it before sessions, authentication and the view run: with the same content and
headers, a fresh request id, a change on the site shown at once, and never to anyone whose
page is their own."""

import re

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from hocvuso.outreach import news
from hocvuso.outreach.models import Article
from hocvuso.web import public_pages
from hocvuso.web.language import ChosenLanguageMiddleware

PAGES = ["/", "/learn/", "/privacy/", "/ask/"]
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


@pytest.fixture
def inner(monkeypatch):
    """How many requests got past the kept pages to the middleware inside."""
    seen: list[str] = []
    real = ChosenLanguageMiddleware.process_request

    def counted(self, request):
        seen.append(request.path)
        return real(self, request)

    monkeypatch.setattr(ChosenLanguageMiddleware, "process_request", counted)
    return seen


def sent(response) -> dict[str, str]:
    return {k: v for k, v in response.items() if k not in ("X-Request-ID", "Content-Length")}


@pytest.mark.parametrize("url", [*PAGES, "/points/{ward}/", "/news/{ward}/"])
def test_the_next_visitor_gets_the_page_whole_as_the_site_sent_it(world, inner, url):
    url = url.format(ward=world.ward.pk)
    first = Client().get(url)
    assert first.status_code == 200 and inner == [url]
    again = Client().get(url)
    assert again.status_code == 200 and inner == [url]  # the view and its middleware: not run
    assert again.content == first.content and sent(again) == sent(first)
    assert again["X-Request-ID"] != first["X-Request-ID"]
    for header in ("Content-Security-Policy", "X-Content-Type-Options", "Referrer-Policy"):
        assert again[header] == first[header]
    assert "Cookie" in again["Vary"] and not again.cookies


def test_each_language_is_kept_apart(world, inner):
    english = Client()
    english.cookies["django_language"] = "en"
    for _ in range(2):
        assert "Learn" in english.get("/learn/").content.decode()
        assert "Học" in Client().get("/learn/").content.decode()
    assert inner == ["/learn/", "/learn/"]


def test_a_page_with_a_form_that_posts_gets_each_visitor_their_own_token(world, inner):
    url = reverse("help_request", args=[world.ward.pk])
    responses = [Client().get(url) for _ in range(3)]
    tokens = [TOKEN.search(r.content.decode()).group(1) for r in responses]
    assert len(set(tokens)) == 3 and inner == [url] * 3
    # Never offered to be kept whole, even served from the shared copy with a token put in.
    assert not any(getattr(r, public_pages.WHOLE, False) for r in responses)


@pytest.mark.parametrize(
    "how",
    ["signed in", "a query", "another cookie", "a post"],
)
def test_no_kept_page_for_anyone_whose_page_may_be_their_own(world, inner, how):
    client = Client()
    client.get("/privacy/")  # kept
    if how == "signed in":
        client.force_login(world.officer)
        assert reverse("accounts:logout") in client.get("/privacy/").content.decode()
    elif how == "a query":
        client.get("/privacy/?x=1")
    elif how == "another cookie":
        client.cookies["messages"] = "x"
        client.get("/privacy/")
    else:
        client.post("/privacy/")
    assert inner == ["/privacy/", "/privacy/"]


def test_a_new_article_shows_at_once(world, inner):
    url = reverse("news_list", args=[world.ward.pk])
    assert "Lịch tiêm chủng tháng 12" not in Client().get(url).content.decode()
    news.article_save(
        user=world.officer,
        article=Article(
            ward=world.ward, title="Lịch tiêm chủng tháng 12", publish_at=timezone.now()
        ),
    )
    assert "Lịch tiêm chủng tháng 12" in Client().get(url).content.decode()
