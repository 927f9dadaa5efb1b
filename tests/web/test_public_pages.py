"""Public pages are rendered once for every anonymous visitor, yet show a change at once (or,
for one that comes with time, within a minute), keep each visitor's forms working, and never
share a page that is someone's own."""

import datetime
import re
import time

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from hocvuso.learning import services
from hocvuso.outreach import news
from hocvuso.outreach.models import Article
from hocvuso.support.models import HelpRequest
from hocvuso.teams.models import MobilePoint
from hocvuso.teams.services import session_add
from hocvuso.web.public_pages import FRESH_SECONDS
from tests.learning.conftest import course, sample_root  # noqa: F401 (fixtures)
from tests.support.test_help_requests import FORM

T = datetime.time
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


@pytest.fixture
def point(world):
    return MobilePoint.objects.create(
        ward=world.ward, name="Nhà văn hoá tổ 11", address="Số 2 ngõ 168 Trương Định"
    )


def later(monkeypatch, seconds: float) -> None:
    """Move the clock on, for the page cache and for what the pages show."""
    real_time, real_now = time.time, timezone.now
    monkeypatch.setattr(time, "time", lambda: real_time() + seconds)
    monkeypatch.setattr(timezone, "now", lambda: real_now() + datetime.timedelta(seconds=seconds))


def page(client: Client, name: str, *args: object) -> str:
    response = client.get(reverse(name, args=args))
    assert response.status_code == 200
    return response.content.decode()


def test_new_hours_of_a_mobile_point_show_at_once(client, world, point, django_assert_num_queries):
    session_add(point=point, date=timezone.localdate(), starts=T(8), ends=T(11))
    assert "08:00–11:00" in page(client, "public_points", world.ward.pk)
    with django_assert_num_queries(0):  # kept: the second visitor costs no query
        assert "08:00–11:00" in page(Client(), "public_points", world.ward.pk)
    session_add(point=point, date=timezone.localdate(), starts=T(14), ends=T(16, 30))
    assert "14:00–16:30" in page(Client(), "public_points", world.ward.pk)


def test_a_new_article_shows_at_once_and_a_scheduled_one_within_a_minute(
    client, world, monkeypatch
):
    news.article_save(
        user=world.officer,
        article=Article(ward=world.ward, title="Lịch trực tuần này", publish_at=timezone.now()),
    )
    assert "Lịch trực tuần này" in page(client, "news_list", world.ward.pk)
    soon = timezone.now() + datetime.timedelta(seconds=20)
    news.article_save(
        user=world.officer,
        article=Article(ward=world.ward, title="Cài VNeID tại nhà văn hoá", publish_at=soon),
    )
    assert "Cài VNeID tại nhà văn hoá" not in page(client, "news_list", world.ward.pk)
    later(monkeypatch, FRESH_SECONDS + 1)
    assert "Cài VNeID tại nhà văn hoá" in page(client, "news_list", world.ward.pk)


def test_a_change_made_behind_the_site_s_back_shows_within_a_minute(
    client, world, point, monkeypatch
):
    session_add(point=point, date=timezone.localdate(), starts=T(8), ends=T(11))
    assert "Nhà văn hoá tổ 11" in page(client, "public_points", world.ward.pk)
    MobilePoint.objects.filter(pk=point.pk).update(name="Điểm hỗ trợ chợ Mơ")  # no signal
    later(monkeypatch, FRESH_SECONDS + 1)
    assert "Điểm hỗ trợ chợ Mơ" in page(client, "public_points", world.ward.pk)


def test_each_visitor_of_a_kept_form_gets_a_token_of_their_own_that_works(world):
    first, second = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)
    first_page = page(first, "help_request", world.ward.pk)
    second_page = page(second, "help_request", world.ward.pk)
    first_token, second_token = TOKEN.search(first_page)[1], TOKEN.search(second_page)[1]
    assert first_token != second_token
    assert "@csrf@" not in second_page
    response = second.post(
        reverse("help_request", args=[world.ward.pk]),
        {**FORM, "csrfmiddlewaretoken": second_token},
    )
    assert response.status_code == 200
    assert HelpRequest.objects.count() == 1
    stolen = Client(enforce_csrf_checks=True)
    stolen.get(reverse("help_request", args=[world.ward.pk]))
    refused = stolen.post(
        reverse("help_request", args=[world.ward.pk]),
        {**FORM, "csrfmiddlewaretoken": first_token},
    )
    assert refused.status_code == 403


def test_a_signed_in_officer_and_a_visitor_each_see_their_own_home_page(client, world):
    logout = reverse("accounts:logout")
    assert logout not in page(Client(), "web:home")
    client.force_login(world.officer)
    mine = client.get("/")
    assert logout in mine.content.decode()
    assert "no-store" in mine["Cache-Control"]
    assert logout not in page(Client(), "web:home")


def test_a_learner_s_progress_is_never_shared(world, course):  # noqa: F811
    assert "<progress" not in page(Client(), "learning:catalogue")
    phone = Client()
    lesson = services.published_lessons(course)[0]
    phone.get(reverse("learning:lesson", args=[course.slug, lesson.slug]))
    phone.post(reverse("learning:lesson_done", args=[course.slug, lesson.slug]))
    assert "<progress" in page(phone, "learning:catalogue"), "their own progress"
    assert "<progress" not in page(Client(), "learning:catalogue"), "nobody else's"


def test_a_question_to_the_assistant_is_never_kept(client, world):
    question = "làm sao cài ứng dụng định danh điện tử"
    client.get(reverse("assistant:ask"), {"q": question})
    kept = b"".join(value for value in cache._cache.values())
    assert question.encode() not in kept
    assert "định danh".encode() not in kept
