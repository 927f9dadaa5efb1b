"""Forms that fit the hand, where the behaviour is a script: the composer counts SMS as the
officer types, the same count the server gives; a lesson asks before it is marked done."""

import shutil

import pytest
from playwright.sync_api import expect

from hocvuso.learning.curriculum import CURRICULUM_DIR, load_curriculum
from hocvuso.learning.models import Course, LessonProgress
from hocvuso.outreach.sms import sms_count
from tests.browser.conftest import axe_violations, login
from tests.learning.conftest import SAMPLE

PASSWORD = "mật-khẩu-cán-bộ-2026"


@pytest.fixture
def officer_page(page, live_server, transactional_db, world):
    world.officer.set_password(PASSWORD)
    world.officer.save()
    login(page, live_server, "officer", PASSWORD)
    return page


def test_the_composer_counts_sms_parts_as_the_officer_types(officer_page, live_server):
    page = officer_page
    page.goto(f"{live_server.url}/outreach/messages/new/")
    body = page.get_by_label("Tin nhắn", exact=True)
    count = page.locator("[data-sms-count]")
    expect(count).to_contain_text("0 ký tự, 0 tin SMS")
    texts = [
        "Hello",
        "a" * 161,
        "[x]" + "a" * 155,
        "Kính gửi bà con",
        "ư" * 71,
        "ư" * 135,
        "Chào 👋\ndòng hai",
        "Cafe à la crème",
    ]
    for text in texts:
        body.fill(text)
        expected = sms_count(text)
        expect(count).to_contain_text(
            f"{expected.characters} ký tự, {expected.parts} tin SMS · "
            + ("có dấu" if expected.unicode else "không dấu")
        )
    assert axe_violations(page) == []


@pytest.fixture
def sample_course(transactional_db, tmp_path) -> Course:
    root = tmp_path / "curriculum"
    shutil.copytree(SAMPLE, root)
    shutil.copy(CURRICULUM_DIR / "competences.yaml", root / "competences.yaml")
    load_curriculum(root)
    return Course.objects.get(slug="mau")


def test_i_finished_this_lesson_asks_in_the_page_first(page, live_server, sample_course):
    lesson_url = f"{live_server.url}/learn/{sample_course.slug}/bai-mot/"
    page.goto(lesson_url)
    page.get_by_role("button", name="Tôi đã học xong bài này").click()
    yes = page.get_by_role("button", name="Vâng, tôi đã học xong")
    expect(yes).to_be_visible()
    expect(yes).to_be_focused()
    assert page.url == lesson_url and not LessonProgress.objects.exists()
    assert axe_violations(page) == []

    page.get_by_role("button", name="Chưa, đọc tiếp").click()
    expect(yes).to_be_hidden()
    page.get_by_role("button", name="Tôi đã học xong bài này").click()
    yes.click()
    page.wait_for_url(f"{live_server.url}/learn/{sample_course.slug}/bai-hai/")
    assert LessonProgress.objects.get().lesson.slug == "bai-mot"
