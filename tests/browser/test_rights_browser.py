"""The ward officer, on a phone, opens a resident's data rights page and erases their data on
request; the public privacy notice reads well on the same phone."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import axe_violations, login

PASSWORD = "mật-khẩu-cán-bộ-2026"


@pytest.fixture
def officer(transactional_db, world):
    world.officer.set_password(PASSWORD)
    world.officer.save()
    return world.officer


def no_sideways_scroll(page) -> bool:
    width = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    return width <= 1


def test_the_officer_erases_a_residents_data_on_request(page, live_server, world, officer):
    login(page, live_server, "officer", PASSWORD)
    page.goto(f"{live_server.url}/registry/households/{world.h11.pk}/")
    page.get_by_role("link", name="Quyền về dữ liệu").first.click()
    expect(page.get_by_role("heading", name="Quyền về dữ liệu: Nguyễn Văn An")).to_be_visible()
    expect(page.get_by_role("link", name="Bản để in (PDF)")).to_be_visible()
    assert no_sideways_scroll(page)
    assert axe_violations(page) == []

    page.get_by_role("link", name="Xóa dữ liệu của người này…").click()
    page.get_by_label("Người dân yêu cầu xóa dữ liệu của mình").check()
    page.get_by_role("button", name="Tiếp: xem những gì sẽ bị xóa").click()
    expect(page.get_by_text("Kiểm tra trước khi xác nhận: không thể hoàn tác.")).to_be_visible()
    assert axe_violations(page) == []
    page.get_by_role("button", name="Xóa vĩnh viễn").click()

    expect(page.get_by_text("Dữ liệu cá nhân của nhân khẩu đã được xóa.")).to_be_visible()
    expect(page.get_by_role("heading", name=re.compile(r"\(đã xóa\)"))).to_be_visible()
    expect(page.get_by_role("cell", name=re.compile("Đã xóa dữ liệu cá nhân"))).to_be_visible()
    assert axe_violations(page) == []


def test_the_privacy_notice_reads_on_a_phone(page, live_server, world):
    page.goto(f"{live_server.url}/help/{world.ward.code}/")
    page.get_by_role("link", name="Dữ liệu cá nhân của bạn").click()
    expect(page.get_by_role("heading", name="Quyền của bạn")).to_be_visible()
    expect(page.get_by_role("cell", name="365 ngày")).to_be_visible()
    assert axe_violations(page) == []
