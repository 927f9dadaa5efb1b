"""Forms that fit the hand, where the behaviour is a script: the composer counts SMS as the
officer types, the same count the server gives."""

import pytest
from playwright.sync_api import expect

from hocvuso.outreach.sms import sms_count
from tests.browser.conftest import axe_violations, login

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
