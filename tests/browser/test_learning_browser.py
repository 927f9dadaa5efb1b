"""Learning on a 360-px phone: an anonymous learner takes a shipped course to its
certificate, reads a lesson offline, enlarges the text; a coach reads the class report."""

import pytest
from django.db.models import Count
from playwright.sync_api import expect
from python_calamine import CalamineWorkbook

from hocvuso.accounts.models import Role
from hocvuso.learning import services
from hocvuso.learning.curriculum import load_curriculum
from hocvuso.learning.models import Certificate, Course
from tests import factories
from tests.browser.conftest import axe_violations, login

PASSWORD = "mật-khẩu-hướng-dẫn-2026"


@pytest.fixture
def curriculum(transactional_db):
    load_curriculum()
    return Course.objects.filter(is_published=True)


@pytest.fixture
def short_course(curriculum) -> Course:
    """The shipped course with the fewest lessons, so the walk-through stays short."""
    return curriculum.annotate(n=Count("lessons")).order_by("n", "position").first()


def _answer_everything_right(page, course: Course) -> None:
    for question in course.questions.prefetch_related("choices"):
        for choice in question.choices.all():
            if choice.is_correct:
                page.locator(f'input[name="q{question.pk}"][value="{choice.pk}"]').check()


def test_an_anonymous_learner_completes_a_course_and_verifies_the_certificate(
    page, live_server, browser, short_course
):
    page.goto(f"{live_server.url}/learn/")
    assert axe_violations(page) == []
    page.get_by_role("link", name=short_course.title).click()
    assert axe_violations(page) == []
    page.get_by_role("link", name="Bắt đầu bài đầu tiên").click()
    lessons = list(short_course.lessons.filter(is_published=True).order_by("position"))
    for number, lesson in enumerate(lessons, start=1):
        expect(page.get_by_role("heading", level=1)).to_have_text(lesson.title)
        expect(page.get_by_text(f"Bài {number}/{len(lessons)}")).to_be_visible()
        expect(page.get_by_role("button", name="Đọc to bài học")).to_be_visible()
        if number == 1:
            assert axe_violations(page) == []
        page.get_by_role("button", name="Tôi đã học xong bài này").click()
        page.get_by_role("button", name="Vâng, tôi đã học xong").click()
    expect(page.get_by_text("Bạn đã học xong tất cả các bài")).to_be_visible()
    assert axe_violations(page) == []
    _answer_everything_right(page, short_course)
    page.get_by_role("button", name="Nộp bài").click()
    expect(page.get_by_role("heading", name="Bạn đã đạt!")).to_be_visible()
    expect(page.get_by_text("100%", exact=True)).to_be_visible()
    assert axe_violations(page) == []
    page.get_by_role("link", name="Nhận giấy chứng nhận").click()
    page.get_by_label("Tên in trên giấy chứng nhận").fill("Nguyễn Thị Lan")
    assert axe_violations(page) == []
    page.get_by_role("button", name="Nhận giấy chứng nhận").click()
    expect(page.get_by_text("Giấy chứng nhận này hợp lệ")).to_be_visible()
    assert axe_violations(page) == []

    certificate = Certificate.objects.get()
    assert certificate.name == "Nguyễn Thị Lan" and certificate.course == short_course
    # Someone else, on another phone, opens the address the QR code holds.
    stranger = browser.new_context(viewport={"width": 360, "height": 740}).new_page()
    stranger.goto(f"{live_server.url}/c/{certificate.code}/")
    expect(stranger.get_by_role("status")).to_contain_text("Giấy chứng nhận này hợp lệ")
    expect(stranger.get_by_text("Nguyễn Thị Lan")).to_be_visible()
    pdf = stranger.request.get(f"{live_server.url}/c/{certificate.code}/pdf/")
    assert pdf.headers["content-type"] == "application/pdf" and pdf.body().startswith(b"%PDF")


def test_a_lesson_once_opened_reads_offline(page, live_server, context, short_course):
    lessons = list(short_course.lessons.order_by("position"))
    url = f"{live_server.url}/learn/{short_course.slug}/{lessons[0].slug}/"
    page.goto(url)
    page.evaluate("navigator.serviceWorker.ready.then(() => true)")
    page.reload()  # now under the service worker, which keeps a copy
    page.wait_for_function("navigator.serviceWorker.controller !== null")
    context.set_offline(True)
    page.reload()
    expect(page.get_by_role("heading", level=1)).to_have_text(lessons[0].title)
    page.goto(f"{live_server.url}/learn/account/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Không có mạng")
    context.set_offline(False)


def test_the_text_size_control_enlarges_every_page(page, live_server, short_course):
    page.goto(f"{live_server.url}/learn/{short_course.slug}/")
    before = page.evaluate("parseFloat(getComputedStyle(document.documentElement).fontSize)")
    page.get_by_role("button", name="A+ chữ to hơn").click()
    page.get_by_role("button", name="A+ chữ to hơn").click()
    after = page.evaluate("parseFloat(getComputedStyle(document.documentElement).fontSize)")
    assert after > before * 1.3
    page.goto(f"{live_server.url}/learn/")
    kept = page.evaluate("parseFloat(getComputedStyle(document.documentElement).fontSize)")
    assert kept == after


def test_a_lesson_at_200_percent_zoom_needs_no_sideways_scrolling(page, live_server, short_course):
    lesson = short_course.lessons.order_by("position").first()
    page.set_viewport_size({"width": 180, "height": 370})  # a 360-px phone zoomed to 200%
    page.goto(f"{live_server.url}/learn/{short_course.slug}/{lesson.slug}/")
    overflow = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 1


@pytest.mark.parametrize("path", ["account/", "household/", "join/", "offline/"])
def test_the_learner_s_other_pages_pass_axe(page, live_server, curriculum, path):
    page.goto(f"{live_server.url}/learn/{path}")
    assert axe_violations(page) == []


def test_the_household_page_passes_axe(page, live_server, curriculum, world):
    address = services.learning_address(world.h11)
    page.goto(f"{live_server.url}/learn/household/{address.code}/")
    expect(page.get_by_role("button", name="Tôi là An")).to_be_visible()
    assert axe_violations(page) == []


def test_a_member_saved_with_a_password_is_asked_for_it_on_another_phone(
    page, live_server, curriculum, world
):
    an = services.learner_for_resident(world.an)
    services.account_create(learner=an, phone="0912000111", password=PASSWORD, full_name="")
    address = services.learning_address(world.h11)
    page.goto(f"{live_server.url}/learn/household/{address.code}/")
    page.get_by_role("button", name="Tôi là An").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Học với tên An")
    assert axe_violations(page) == []
    page.get_by_label("Mật khẩu").fill("doan-bua-thoi")
    page.get_by_role("button", name="Tiếp tục").click()
    expect(page.get_by_role("alert")).to_have_text("Mật khẩu chưa đúng. Hãy thử lại, hoặc hỏi An.")
    assert axe_violations(page) == []
    overflow = "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    assert page.evaluate(overflow) <= 1
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Tiếp tục").click()
    expect(page.get_by_role("status")).to_contain_text("Xin chào An!")

    # Now holding An's account, the phone is not switched to Hường by a tap alone.
    page.goto(f"{live_server.url}/learn/household/{address.code}/")
    page.get_by_role("button", name="Tôi là Hường").click()
    expect(page.get_by_text("Máy này đang lưu tiến độ học của An")).to_be_visible()
    assert axe_violations(page) == []
    page.get_by_role("button", name="Đăng xuất và học với tên Hường").click()
    expect(page.get_by_role("status")).to_contain_text("Xin chào Hường!")
    page.goto(f"{live_server.url}/learn/account/")
    expect(page.get_by_text("0912000111")).to_have_count(0)


def test_a_coach_reads_the_class_report(page, live_server, world, short_course):
    coach = factories.user("huongdan11", role=Role.COACH, ward_=world.ward, groups=(world.group11,))
    coach.set_password(PASSWORD)
    coach.save()
    room = services.classroom_create(
        user=coach,
        ward=world.ward,
        group=world.group11,
        name="CLB người cao tuổi tổ 11",
        organisation="elderly_club",
    )
    services.assignment_set(user=coach, classroom=room, course=short_course, due_on=None)
    services.classroom_enrol(user=coach, classroom=room, resident_ids=[world.an.pk])
    an = services.learner_for_resident(world.an)
    services.lesson_complete(learner=an, lesson=short_course.lessons.order_by("position").first())

    login(page, live_server, "huongdan11", PASSWORD)
    page.get_by_role("link", name="Lớp học số").first.click()
    page.get_by_role("link", name="CLB người cao tuổi tổ 11").click()
    row = page.get_by_role("row").filter(has_text="Nguyễn Văn An")
    total = short_course.lessons.filter(is_published=True).count()
    expect(row).to_contain_text(f"1/{total} bài")
    assert axe_violations(page) == []
    with page.expect_download() as download:
        page.get_by_role("link", name="Tải báo cáo (.xlsx)").click()
    rows = CalamineWorkbook.from_path(str(download.value.path())).get_sheet_by_index(0).to_python()
    assert rows[4][0] == "Nguyễn Văn An"
