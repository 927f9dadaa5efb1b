"""A volunteer on a phone finds a resident by a name typed without diacritics."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import axe_violations, login

PASSWORD = "mật-khẩu-tình-nguyện-2026"


@pytest.fixture
def volunteer(transactional_db, world):
    world.volunteer.set_password(PASSWORD)
    world.volunteer.save()
    return world.volunteer


def test_a_volunteer_searches_without_diacritics_and_opens_the_household(
    page, live_server, world, volunteer
):
    login(page, live_server, "volunteer11", PASSWORD)
    page.get_by_role("link", name="Tìm nhân khẩu").first.click()
    page.get_by_label("Họ tên, số điện thoại hoặc địa chỉ").fill("nguyen van an")
    page.get_by_role("button", name="Tìm").click()
    expect(page.get_by_text("1 nhân khẩu")).to_be_visible()
    assert axe_violations(page) == []
    page.get_by_role("link", name="Nguyễn Văn An").click()
    expect(page.get_by_role("heading", name=re.compile("TM-011-001"))).to_be_visible()
    expect(page.get_by_role("cell", name="Đỗ Thị Hường")).to_be_visible()
    # Her skills card, where a volunteer records what she has in one tap.
    expect(page.get_by_role("heading", name="Đỗ Thị Hường")).to_be_visible()
    assert axe_violations(page) == []


def test_a_volunteer_never_finds_another_groups_resident(page, live_server, world, volunteer):
    login(page, live_server, "volunteer11", PASSWORD)
    page.goto(f"{live_server.url}/registry/?q=tran+duc+thang")
    expect(page.get_by_text("0 nhân khẩu")).to_be_visible()
    response = page.goto(f"{live_server.url}/registry/households/{world.h12.pk}/")
    assert response.status == 404


def test_the_login_page_works_at_200_percent_zoom_without_sideways_scrolling(page, live_server, db):
    page.set_viewport_size({"width": 180, "height": 370})  # a 360-px phone at 200% zoom
    page.goto(f"{live_server.url}/accounts/login/")
    overflow = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 1
    assert axe_violations(page) == []
