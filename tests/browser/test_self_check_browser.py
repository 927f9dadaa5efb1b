"""The skills self-check on a 360-px phone, with no account: large text, read aloud, one
tap an answer, and courses proposed from the curriculum's competence tags."""

import pytest
from playwright.sync_api import expect

from hocvuso.learning import skills
from hocvuso.learning.curriculum import load_curriculum
from tests.browser.conftest import axe_violations


@pytest.fixture
def curriculum(transactional_db):
    load_curriculum()


def test_a_resident_takes_the_self_check_on_a_phone(page, live_server, curriculum):
    page.goto(f"{live_server.url}/learn/self-check/")
    expect(page.get_by_role("heading", name="Bạn làm được gì trên điện thoại?")).to_be_visible()
    expect(page.get_by_role("button", name="🔊 Đọc to các câu hỏi")).to_be_visible()
    assert axe_violations(page) == []
    overflow = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 1
    size = page.evaluate("parseFloat(getComputedStyle(document.querySelector('legend')).fontSize)")
    assert size >= 20  # large text before the reader even taps A+
    for question in skills.QUESTIONS:
        answer = "0" if question.key == "scam" else "2"
        page.locator(f'input[name="{question.key}"][value="{answer}"]').check()
    page.get_by_role("button", name="Xem kết quả của tôi").click()
    page.wait_for_url(f"{live_server.url}/learn/self-check/result/")
    expect(page.get_by_text("Tự khai", exact=True)).to_be_visible()
    expect(page.get_by_role("heading", name="Các khóa nên học tiếp")).to_be_visible()
    expect(page.get_by_role("link", name="An toàn trên mạng: nhận biết lừa đảo")).to_be_visible()
    assert axe_violations(page) == []
