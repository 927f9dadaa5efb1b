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


def test_a_resident_asks_for_help_and_checks_the_request(
    page, live_server, transactional_db, world
):
    page.goto(f"{live_server.url}/")
    tuong_mai = page.get_by_role("listitem").filter(has_text="Phường Tương Mai")
    tuong_mai.get_by_role("link", name="đề nghị hỗ trợ tại nhà").click()
    page.get_by_label("Họ tên của bạn").fill("Nguyễn Thị Lan")
    page.get_by_label("Số điện thoại để gọi lại cho bạn").fill("0912 345 678")
    page.get_by_label("Tổ dân phố").select_option(label="Tổ dân phố số 11")
    page.get_by_label("Bạn cần giúp việc gì?").fill("Cài VNeID cho mẹ tôi, 80 tuổi")
    assert axe_violations(page) == []
    page.get_by_role("button", name="Gửi").click()
    reference = page.get_by_label("Mã yêu cầu của bạn").inner_text().strip()
    assert len(reference) == 8
    page.get_by_role("link", name="Xem tình trạng yêu cầu").click()
    page.get_by_label("Mã yêu cầu của bạn").fill(reference)
    page.get_by_label("Số điện thoại bạn đã ghi").fill("0912345678")
    page.get_by_role("button", name="Xem").click()
    expect(page.get_by_role("status")).to_contain_text(f"Yêu cầu {reference}: Mới")
    assert axe_violations(page) == []


def test_a_leader_plans_a_visit_and_sees_it_done(page, live_server, transactional_db, world):
    import datetime

    from hocvuso.teams.models import TeamMember
    from hocvuso.teams.services import teams_for_every_group
    from tests import factories

    teams_for_every_group(ward=world.ward, actor=world.officer)
    team = world.ward.teams.get(residential_group=world.group11)
    TeamMember.objects.create(
        team=team,
        ward=world.ward,
        residential_group=world.group11,
        full_name="Lê Minh Đức",
        user=world.volunteer,
        joined_on=datetime.date(2025, 8, 1),
    )
    alone = factories.household(world.group11, key="TM-011-050", has_smartphone=False)
    factories.resident(alone, "Cụ Phạm Văn Lộc", birth_year=1938, is_head=True)
    world.leader.set_password(PASSWORD)
    world.leader.save()
    world.volunteer.set_password(PASSWORD)
    world.volunteer.save()

    login(page, live_server, "leader11", PASSWORD)
    page.goto(f"{live_server.url}/support/visits/")
    assert axe_violations(page) == []
    page.get_by_role("link", name="TM-011-050").first.click()
    page.get_by_label("Ngày").fill(datetime.date.today().isoformat())
    page.get_by_label("Người đến thăm").select_option(label="Lê Minh Đức")
    page.get_by_role("button", name="Lên lịch").click()
    expect(page.get_by_text("Đã lên lịch thăm.")).to_be_visible()
    page.context.clear_cookies()

    login(page, live_server, "volunteer11", PASSWORD)
    page.goto(f"{live_server.url}/support/caseload/")
    page.locator("main").get_by_role("link", name="TM-011-050").first.click()
    page.get_by_role("link", name="Cụ Phạm Văn Lộc").click()
    page.get_by_label("VNeID", exact=True).check()
    page.get_by_label("Cài ứng dụng").check()
    page.get_by_role("button", name="Lưu").click()
    page.context.clear_cookies()

    login(page, live_server, "leader11", PASSWORD)
    page.goto(f"{live_server.url}/support/caseload/")
    expect(page.locator("main")).to_contain_text("TM-011-050 · Lê Minh Đức")
    assert axe_violations(page) == []
