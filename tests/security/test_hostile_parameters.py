"""Numbers nothing can have, and text where a number belongs, in every id of a URL, in the
query strings and in the forms' choices: a plain 4xx, never a server error. SQLite holds
integers up to 2**63 - 1; Django passes a larger one in `pk__in` to it, which overflows."""

import re
from http.cookies import SimpleCookie

import pytest
from django.core.cache import cache
from django.urls import reverse

from hocvuso.campaigns.models import Target
from hocvuso.outreach.models import ChannelMember, Delivery
from hocvuso.teams.models import Training
from tests.security.test_route_matrix import ALL_ROUTES, arguments, url_of

HUGE = "99999999999999999999"  # past 2**63 - 1
NOT_NUMBERS = ["abc", "²", "-1", "1e5", "1.5", "\x00", HUGE]


@pytest.fixture(autouse=True)
def _isolated_files():
    """Instead of tests/conftest.py's: the town's files stay where it was built."""
    cache.clear()


@pytest.fixture
def officer(town, one_client, db):
    one_client.cookies = SimpleCookie()
    one_client.force_login(town.world.officer)
    return one_client


def _route(key: str):
    return next(route for route in ALL_ROUTES if route.key == key)


ID_ROUTES = [route for route in ALL_ROUTES if "<int:" in route.pattern]


@pytest.mark.parametrize("route", ID_ROUTES, ids=lambda route: route.key)
def test_a_number_too_large_for_the_database_in_a_url_names_nothing(town, officer, route):
    kwargs = dict(arguments(town)[route.key])
    kwargs.update(dict.fromkeys(re.findall(r"<int:(\w+)>", route.pattern), HUGE))
    taken = set(re.findall(r"<(?:\w+:)?(\w+)>", route.pattern))
    url = reverse(route.key, kwargs={k: v for k, v in kwargs.items() if k in taken})
    assert officer.get(url).status_code in (404, 405)
    assert officer.post(url).status_code in (404, 405)  # 405: a page only read


QUERIES = [
    ("people:residents", "page"), ("people:residents", "group"), ("people:export", "group"),
    ("support:record", "resident"), ("support:record", "visit"), ("support:priorities", "page"),
    ("campaigns:dashboard", "ward"), ("campaigns:dashboard", "day"), ("campaigns:drill", "group"),
    ("campaigns:drill", "page"), ("outreach:outbox", "page"), ("outreach:compose", "group"),
    ("outreach:channel_new", "group"), ("outreach:channel", "page"), ("audit:events", "page"),
    ("places:groups", "ward"), ("assistant:ask", "ward"), ("api:list_residents", "offset"),
]  # fmt: skip


@pytest.mark.parametrize(("key", "name"), QUERIES, ids=[f"{k} {n}" for k, n in QUERIES])
def test_a_query_string_number_is_refused_or_ignored_never_a_server_error(town, officer, key, name):
    url = url_of(_route(key), town)
    for value in NOT_NUMBERS:
        status = officer.get(url, {name: value}).status_code
        assert status in (200, 400, 404, 422), f"{name}={value!r}: {status}"


CHOICES = [
    ("teams:training_new", {"attendees": HUGE}),
    ("teams:shift", {"members": HUGE}),
    ("campaigns:new", {"wards": HUGE, "name": "X"}),
    ("outreach:compose", {"groups": HUGE, "kinds": "sms", "body": "X", "action": "send"}),
]


@pytest.mark.parametrize(("key", "data"), CHOICES, ids=[key for key, _data in CHOICES])
def test_a_choice_too_large_for_the_database_is_not_one_of_the_choices(town, officer, key, data):
    page = officer.post(url_of(_route(key), town), data)
    assert page.status_code in (200, 400)
    assert f"{HUGE} không phải là một trong các lựa chọn" in page.content.decode()
    assert not Training.objects.exclude(pk=town.training.pk).exists()


def test_a_list_member_named_by_anything_but_its_number_is_refused_plainly(town, officer):
    url = reverse("outreach:channel_members", args=[town.channel.pk])
    for value in ("abc", "²", "1e5", "nan"):
        page = officer.post(url, {"member": value, "opt": "out"})
        assert page.status_code == 400
        assert "Mỗi mục của danh sách được chỉ bằng số của nó." in page.content.decode()
    assert officer.post(url, {"member": HUGE, "opt": "out"}).status_code == 404
    assert not ChannelMember.objects.filter(opted_out_at__isnull=False).exists()


def test_a_delivery_named_by_anything_but_its_number_is_refused_plainly(town, officer):
    url = reverse("outreach:message_action", args=[town.message.pk])
    page = officer.post(url, {"posted": "abc"})
    assert page.status_code == 400
    assert "Mỗi mục của danh sách được chỉ bằng số của nó." in page.content.decode()
    assert officer.post(url, {"posted": HUGE}).status_code == 404
    assert not Delivery.objects.filter(status=Delivery.Status.POSTED).exists()


@pytest.mark.parametrize("value", ["nan", "inf", "-inf", "1e999"])
def test_a_target_that_is_not_a_finite_number_is_refused(town, officer, value):
    url = reverse("campaigns:targets", args=[town.campaign.pk]) + f"?ward={town.world.ward.pk}"
    page = officer.post(url, {"t:help_given:ward": value})
    assert page.status_code == 400
    assert f"“{value}” không phải là số." in page.content.decode()
    assert not Target.objects.filter(indicator="help_given").exists()


def test_enrolling_ids_that_are_not_numbers_enrols_nobody(town, officer):
    url = reverse("learning:class_enrol", args=[town.classroom.pk])
    assert officer.post(url, {"resident": ["²", HUGE]}).status_code == 302
    assert not town.classroom.members.exists()


def test_a_household_member_named_by_a_superscript_is_not_found(town, one_client, db):
    one_client.cookies = SimpleCookie()
    url = reverse("learning:household_join", args=[town.household_code])
    assert one_client.post(url, {"resident": "²"}).status_code == 404


def test_a_quiz_answer_that_is_not_a_number_counts_as_unanswered(town, one_client, db):
    one_client.cookies = SimpleCookie()
    course = town.course
    for lesson in course.lessons.order_by("position"):
        one_client.post(reverse("learning:lesson_done", args=[course.slug, lesson.slug]))
    question = course.questions.first()
    page = one_client.post(reverse("learning:quiz", args=[course.slug]), {f"q{question.pk}": "²"})
    assert page.status_code == 400
