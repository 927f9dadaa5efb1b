"""Where and when a class meets: written when it is opened or edited by its coach, shown on
its page and to a learner who joins, and given by the assistant to whoever asks."""

import pytest
from django.urls import reverse

from hocvuso.accounts.models import Role
from hocvuso.assistant import retrieval
from hocvuso.learning import services
from hocvuso.learning.models import Classroom
from tests import factories


@pytest.fixture
def coach(world):
    return factories.user("coach11", role=Role.COACH, ward_=world.ward, groups=(world.group11,))


@pytest.fixture
def classroom(client, world, coach):
    client.force_login(coach)
    client.post(
        reverse("learning:class_new"),
        {
            "name": "Lớp Chi hội Phụ nữ tổ 11",
            "organisation": "womens_union",
            "residential_group": world.group11.pk,
            "ward": world.ward.pk,
            "meets_at": "Nhà văn hoá tổ dân phố số 11",
            "schedule": "Tối thứ Ba, 19:00–20:30",
        },
    )
    return Classroom.objects.get()


def classes_answer(world) -> str:
    guide = retrieval.answer("lớp học kỹ năng số ở đâu", world.ward.pk).best.guide
    assert guide.key == f"ward:{world.ward.pk}:classes"
    return guide.answer


def test_the_class_page_shows_where_and_when(client, classroom):
    page = client.get(reverse("learning:class", args=[classroom.pk])).content.decode()
    assert "Nhà văn hoá tổ dân phố số 11" in page and "Tối thứ Ba, 19:00–20:30" in page
    assert reverse("learning:class_edit", args=[classroom.pk]) in page


def test_the_assistant_names_the_place_and_time_and_follows_an_edit(client, world, classroom):
    answer = classes_answer(world)
    assert (
        "- Lớp Chi hội Phụ nữ tổ 11 (Chi hội Phụ nữ, Tổ dân phố số 11): "
        "học tại Nhà văn hoá tổ dân phố số 11; Tối thứ Ba, 19:00–20:30"
    ) in answer
    page = client.post(
        reverse("learning:class_edit", args=[classroom.pk]),
        {
            "name": "Lớp Chi hội Phụ nữ tổ 11",
            "organisation": "womens_union",
            "meets_at": "Trường Tiểu học Tương Mai",
            "schedule": "Sáng thứ Bảy, 8:00–9:30",
        },
    )
    assert page.status_code == 302
    answer = classes_answer(world)
    assert "học tại Trường Tiểu học Tương Mai; Sáng thứ Bảy, 8:00–9:30" in answer
    assert "Nhà văn hoá" not in answer


def test_a_learner_who_joins_is_told_where_the_class_meets(client, classroom):
    client.logout()
    page = client.post(
        reverse("learning:class_join"), {"code": classroom.invite_code, "name": "Hà"}, follow=True
    )
    assert "Lớp học tại: Nhà văn hoá tổ dân phố số 11, Tối thứ Ba, 19:00–20:30." in (
        page.content.decode()
    )


def test_only_who_runs_the_class_may_edit_it(client, world, classroom):
    url = reverse("learning:class_edit", args=[classroom.pk])
    client.force_login(world.volunteer)
    assert client.post(url, {"name": "X", "organisation": "other"}).status_code == 403
    client.force_login(world.outsider)
    assert client.get(url).status_code == 404
    classroom.refresh_from_db()
    assert classroom.name == "Lớp Chi hội Phụ nữ tổ 11"


def test_a_class_without_place_or_time_says_to_ask_the_coach(world, coach):
    services.classroom_create(
        user=coach, ward=world.ward, group=None, name="CLB người cao tuổi", organisation="other"
    )
    answer = classes_answer(world)
    assert "CLB người cao tuổi" in answer and "chưa ghi nơi học; hỏi hướng dẫn viên" in answer
