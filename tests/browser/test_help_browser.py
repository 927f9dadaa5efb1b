"""A volunteer on a 360-px phone records help at a point in a few taps."""

import pytest
from playwright.sync_api import expect

from hocvuso.support.models import ServiceStatus
from tests.browser.conftest import axe_violations, login

PASSWORD = "mật-khẩu-tình-nguyện-2026"


@pytest.fixture
def volunteer(transactional_db, world):
    world.volunteer.set_password(PASSWORD)
    world.volunteer.save()
    return world.volunteer


def test_a_volunteer_records_vneid_level2_help_in_a_few_taps(page, live_server, world, volunteer):
    login(page, live_server, "volunteer11", PASSWORD)
    page.get_by_role("link", name="Ghi hỗ trợ").first.click()
    page.get_by_label("Bạn đã hỗ trợ ai? Họ tên, số điện thoại hoặc địa chỉ").fill("nguyen van an")
    page.get_by_role("button", name="Tìm").click()
    assert axe_violations(page) == []
    page.get_by_role("link", name="Nguyễn Văn An").click()
    page.get_by_label("VNeID", exact=True).check()
    page.get_by_label("Kích hoạt VNeID mức 2").check()
    expect(page.get_by_label("Đã xong")).to_be_checked()
    assert axe_violations(page) == []
    page.get_by_role("button", name="Lưu").click()
    expect(page.get_by_text("Đã lưu. Cảm ơn bạn!")).to_be_visible()
    status = ServiceStatus.objects.get(resident=world.an, service__code="vneid")
    assert status.level2 is True
