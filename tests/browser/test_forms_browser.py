"""Forms that fit the hand, where the behaviour is a script: the composer counts SMS as the
officer types, the same count the server gives; a lesson asks before it is marked done; the
reports page shows a report once it is ready."""

import datetime
import shutil

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from hocvuso.campaigns import services
from hocvuso.campaigns.models import Report
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


def test_the_reports_page_shows_a_report_once_ready_without_a_reload(
    officer_page, live_server, world
):
    page, today = officer_page, timezone.localdate()
    campaign = services.campaign_create(
        user=world.officer, name="Chiến dịch 45 ngày", wards=[world.ward],
        starts_on=today - datetime.timedelta(days=10), ends_on=today + datetime.timedelta(days=34),
    )  # fmt: skip
    report = Report.objects.create(
        campaign=campaign, ward=world.ward, kind="weekly", as_of=today, requested_by=world.officer
    )
    page.goto(f"{live_server.url}/campaigns/{campaign.pk}/reports/?ward={world.ward.pk}")
    expect(page.get_by_role("cell", name="Đang chuẩn bị")).to_be_visible()
    page.evaluate("window.notReloaded = true")
    Report.objects.filter(pk=report.pk).update(status="ready", xlsx="reports/tuan.xlsx")
    expect(page.get_by_role("link", name="Excel (.xlsx)")).to_be_visible(timeout=10_000)
    expect(page.get_by_role("cell", name="Đã xong", exact=True)).to_be_visible()
    assert page.evaluate("window.notReloaded") is True
    assert axe_violations(page) == []
