"""A resident asks the assistant on a phone, in their own words, and follows its link."""

from playwright.sync_api import expect

from hocvuso.learning.curriculum import load_curriculum
from tests.browser.conftest import axe_violations


def test_a_resident_asks_and_follows_the_link_to_the_lesson(
    page, live_server, transactional_db, world
):
    load_curriculum()
    page.goto(f"{live_server.url}/learn/")
    # Asked from the learning pages' own box, then again on the assistant's page.
    page.get_by_label("Đặt câu hỏi").fill("cai dat vneid o dau")
    page.get_by_role("button", name="Hỏi", exact=True).click()
    expect(page.get_by_role("heading", level=2)).to_contain_text("VNeID")
    page.get_by_label("Câu hỏi của bạn").fill("lam sao kich hoat vneid muc 2")
    page.get_by_role("button", name="Hỏi", exact=True).click()
    expect(page.get_by_role("heading", level=2)).to_contain_text("mức 2")
    assert axe_violations(page) == []
    page.get_by_role("link", name="Mở cả bài học").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Tài khoản mức 2")
