"""Digital classrooms: who may open and run one, enrolment from the registry or by invite
code, and the coach's report on the page and in .xlsx."""

import io

import pytest
from django.urls import reverse
from python_calamine import CalamineWorkbook

from hocvuso.accounts.models import Role
from hocvuso.learning import services
from hocvuso.learning.models import ClassMember, Classroom, Learner
from tests import factories


@pytest.fixture
def coach(world):
    return factories.user("coach11", role=Role.COACH, ward_=world.ward, groups=(world.group11,))


@pytest.fixture
def classroom(world, coach, course):
    room = services.classroom_create(
        user=coach,
        ward=world.ward,
        group=world.group11,
        name="Lớp Chi hội Phụ nữ tổ 11",
        organisation="womens_union",
    )
    services.assignment_set(user=coach, classroom=room, course=course, due_on=None)
    return room


def test_a_coach_opens_a_class_for_their_group(client, world, coach, course):
    client.force_login(coach)
    page = client.post(
        reverse("learning:class_new"),
        {
            "name": "CLB người cao tuổi",
            "organisation": "elderly_club",
            "residential_group": world.group11.pk,
            "ward": world.ward.pk,
        },
    )
    room = Classroom.objects.get()
    assert page.url == reverse("learning:class", args=[room.pk])
    assert room.coach == coach and len(room.invite_code) == 6


def test_a_coach_may_not_open_a_class_for_another_group(client, world, coach, course):
    client.force_login(coach)
    page = client.post(
        reverse("learning:class_new"),
        {"name": "Lớp tổ 12", "organisation": "other", "residential_group": world.group12.pk},
    )
    assert page.status_code == 200 and not Classroom.objects.exists()


def test_someone_with_no_role_cannot_open_a_class(client, world):
    client.force_login(world.nobody)
    assert client.get(reverse("learning:class_new")).status_code == 403


def test_enrolling_from_the_registry_is_all_or_nothing(world, coach, classroom):
    stranger = world.h12.residents.get()  # group 12: outside the coach's scope
    with pytest.raises(services.LearningError):
        services.classroom_enrol(
            user=coach, classroom=classroom, resident_ids=[world.an.pk, stranger.pk]
        )
    assert not ClassMember.objects.exists()
    assert (
        services.classroom_enrol(user=coach, classroom=classroom, resident_ids=[world.an.pk]) == 1
    )
    learner = Learner.objects.get(resident=world.an)
    assert learner.first_name == "An" and learner.residential_group == world.group11


def test_a_learner_joins_with_the_invite_code(client, world, classroom):
    page = client.post(
        reverse("learning:class_join"), {"code": classroom.invite_code.lower(), "name": "Hà"}
    )
    assert page.status_code == 302
    member = ClassMember.objects.get()
    assert member.via == "invite" and member.learner.first_name == "Hà"
    assert member.learner.ward == world.ward and member.learner.residential_group == world.group11


def test_a_wrong_invite_code_says_so(client, classroom):
    page = client.post(reverse("learning:class_join"), {"code": "AAAAAA", "name": "Hà"})
    assert "Không có lớp nào đang mở với mã này" in page.content.decode()


def test_the_report_shows_each_learner_s_lessons_and_score(client, world, coach, classroom, course):
    services.classroom_enrol(user=coach, classroom=classroom, resident_ids=[world.an.pk])
    learner = Learner.objects.get(resident=world.an)
    first = course.lessons.get(slug="bai-mot")
    services.lesson_complete(learner=learner, lesson=first)
    client.force_login(coach)
    page = client.get(reverse("learning:class", args=[classroom.pk])).content.decode()
    assert "Nguyễn Văn An" in page and "1/2 bài" in page

    download = client.get(reverse("learning:class_report", args=[classroom.pk]))
    sheet = CalamineWorkbook.from_filelike(io.BytesIO(b"".join(download.streaming_content)))
    rows = sheet.get_sheet_by_index(0).to_python()
    assert rows[0][0] == "Lớp Chi hội Phụ nữ tổ 11"
    header = rows[3]
    assert header[:2] == ["Học viên", "Tổ dân phố"]
    assert header[2] == "Khóa học mẫu · Bài một"
    assert header[-3:] == [
        "Khóa học mẫu · Điểm kiểm tra (%)",
        "Khóa học mẫu · Đạt",
        "Khóa học mẫu · Giấy chứng nhận",
    ]
    an_row = rows[4]
    assert an_row[0] == "Nguyễn Văn An" and an_row[1] == "Tổ dân phố số 11"
    assert an_row[2] != "" and an_row[3] == ""  # lesson one done, lesson two not
    assert an_row[-2] == "Không"


def test_the_report_reads_a_fixed_number_of_queries(
    world, coach, classroom, course, django_assert_max_num_queries
):
    for i in range(6):
        resident = factories.resident(world.h11, f"Người học {i}")
        services.classroom_enrol(user=coach, classroom=classroom, resident_ids=[resident.pk])
    from hocvuso.learning.queries import class_report

    with django_assert_max_num_queries(6):
        report = class_report(classroom)
    assert len(report.rows) == 6


def test_another_ward_s_officer_never_sees_the_class(client, world, classroom):
    client.force_login(world.outsider)
    assert client.get(reverse("learning:class", args=[classroom.pk])).status_code == 404
    assert client.get(reverse("learning:class_report", args=[classroom.pk])).status_code == 404


def test_a_volunteer_of_the_group_reads_but_may_not_run_the_class(client, world, classroom, course):
    client.force_login(world.volunteer)
    assert client.get(reverse("learning:class", args=[classroom.pk])).status_code == 200
    page = client.post(reverse("learning:class_assign", args=[classroom.pk]), {"course": course.pk})
    assert page.status_code == 403
