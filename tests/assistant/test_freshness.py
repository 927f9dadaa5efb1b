"""What is written shows in the assistant's very next answer: an edited, new or hidden lesson,
the ward's new question and answer, point or session, a ward opened or closed; though asking
again reads nothing from the database (each process keeps its indexes under version stamps
in the shared cache, replaced by every write that changes them)."""

import datetime
import shutil

import pytest
from django.urls import reverse
from django.utils import timezone

from hocvuso.learning.curriculum import CURRICULUM_DIR, load_curriculum
from hocvuso.learning.models import Course, Lesson
from hocvuso.teams.models import MobilePoint
from hocvuso.teams.services import session_add

FORGOT = "quen mat khau vneid"
TRAIN = "dat ve tau hoa tren dien thoai"


@pytest.fixture
def guides(db):
    load_curriculum()


def ask(client, question, ward=None, status=200):
    query = {"q": question} | ({"ward": ward.pk} if ward else {})
    page = client.get(reverse("assistant:ask"), query)
    assert page.status_code == status
    return page.content.decode()


def test_an_edited_lesson_answers_at_once(client, guides):
    lesson = Lesson.objects.get(course__slug="vneid", slug="quen-mat-khau")
    assert '<h2 id="answer-title">Quên mật khẩu VNeID</h2>' in ask(client, FORGOT)
    # As long as before, the text to the letter: only the title and the first step changed.
    lesson.title = "Lấy lại mật khẩu VNeID"
    lesson.body_html = lesson.body_html.replace(
        "<strong>Mở VNeID.</strong>", "<strong>Mở ứng dụng.</strong>"
    )
    lesson.save(update_fields=["title", "body_html"])
    page = ask(client, FORGOT)
    assert '<h2 id="answer-title">Lấy lại mật khẩu VNeID</h2>' in page
    assert "Mở ứng dụng." in page and "Mở VNeID." not in page


def test_a_new_lesson_answers_at_once_and_a_hidden_one_no_more(client, guides):
    assert "Đặt vé tàu hỏa" not in ask(client, TRAIN)
    lesson = Lesson.objects.create(
        course=Course.objects.get(slug="thanh-toan-so"),
        slug="ve-tau",
        position=99,
        title="Đặt vé tàu hỏa trên điện thoại",
        body_html="<ol><li>Mở ứng dụng Đường sắt Việt Nam, chọn ga đi và ga đến.</li></ol>",
        body_text="Mở ứng dụng Đường sắt Việt Nam, chọn ga đi và ga đến.",
        keywords=["dat ve tau", "mua ve tau hoa online", "ve tau tet"],
    )
    page = ask(client, TRAIN)
    assert '<h2 id="answer-title">Đặt vé tàu hỏa trên điện thoại</h2>' in page
    assert "chọn ga đi và ga đến" in page
    assert reverse("learning:lesson", args=["thanh-toan-so", "ve-tau"]) in page
    lesson.is_published = False
    lesson.save(update_fields=["is_published"])
    assert "Đặt vé tàu hỏa" not in ask(client, TRAIN)


def test_a_lesson_gone_from_the_curriculum_is_no_longer_offered(client, guides, tmp_path):
    url = reverse("learning:lesson", args=["vneid", "quen-mat-khau"])
    assert url in ask(client, FORGOT)
    root = tmp_path / "curriculum"
    shutil.copytree(CURRICULUM_DIR, root)
    (root / "02-vneid" / "05-quen-mat-khau.md").unlink()
    load_curriculum(root)  # hides it in bulk
    assert url not in ask(client, FORGOT)


def test_the_ward_s_new_answer_is_given_at_once(client, guides, world):
    question = "mot cua phuong may gio mo cua"
    assert "Từ 7 giờ 30" not in ask(client, question, world.ward)
    client.force_login(world.officer)
    client.post(
        reverse("assistant:faq"),
        {
            "question": "Bộ phận một cửa của phường làm việc mấy giờ?",
            "answer": "Từ 7 giờ 30 đến 17 giờ, thứ Hai đến thứ Sáu.",
            "keywords": "gio lam viec mot cua, mấy giờ mở cửa",
            "is_active": "on",
        },
    )
    client.logout()
    assert "Từ 7 giờ 30 đến 17 giờ" in ask(client, question, world.ward)
    assert "Từ 7 giờ 30" not in ask(client, question, world.other_ward)


def test_a_new_point_and_a_new_session_show_at_once(client, guides, world):
    question = "điểm hỗ trợ ở đâu"
    assert "Đình Tương Mai" not in ask(client, question, world.ward)
    point = MobilePoint.objects.create(
        ward=world.ward, name="Đình Tương Mai", address="Số 1 phố Tương Mai"
    )
    page = ask(client, question, world.ward)
    assert "Đình Tương Mai, Số 1 phố Tương Mai: hằng tuần chưa có giờ cố định" in page
    session_add(
        point=point, date=timezone.localdate(), starts=datetime.time(19), ends=datetime.time(21)
    )
    page = ask(client, question, world.ward)
    assert "Đình Tương Mai (Số 1 phố Tương Mai) 19:00–21:00" in page


def test_a_ward_closed_or_opened_counts_at_once(client, guides, world):
    unknown = "thoi tiet ha noi ngay mai"
    help_here = reverse("help_request", args=[world.ward.pk])
    assert help_here not in ask(client, unknown)  # two wards: none is assumed
    ask(client, unknown, world.other_ward)
    world.other_ward.is_active = False
    world.other_ward.save(update_fields=["is_active"])
    assert "Phường này không có" in ask(client, unknown, world.other_ward, status=404)
    assert help_here in ask(client, unknown)  # the only ward left is the one asked about
    world.other_ward.is_active = True
    world.other_ward.save(update_fields=["is_active"])
    assert help_here not in ask(client, unknown)
    ask(client, unknown, world.other_ward)


def test_asking_again_reads_nothing_from_the_database(
    client, guides, world, django_assert_num_queries
):
    ask(client, FORGOT, world.ward)
    with django_assert_num_queries(0):
        page = ask(client, "cai vneid", world.ward)
    assert reverse("learning:lesson", args=["vneid", "cai-dat-vneid"]) in page


def test_an_index_built_while_a_lesson_s_change_is_uncommitted_is_built_again(
    client, guides, django_capture_on_commit_callbacks
):
    """Another process may ask between the write and its commit: it reads the new stamp
    but the old rows. The stamp is replaced again once the change is committed."""
    lessons = Lesson.objects.filter(course__slug="vneid", slug="quen-mat-khau")
    with django_capture_on_commit_callbacks() as committed:
        lesson = lessons.get()
        lesson.title = "Lấy lại mật khẩu VNeID"
        lesson.save(update_fields=["title"])
    # What the other process reads before the commit: the rows as they were.
    lessons.update(title="Quên mật khẩu VNeID")
    assert "Quên mật khẩu VNeID</h2>" in ask(client, FORGOT)
    lessons.update(title="Lấy lại mật khẩu VNeID")
    for callback in committed:  # the commit
        callback()
    assert "Lấy lại mật khẩu VNeID</h2>" in ask(client, FORGOT)
