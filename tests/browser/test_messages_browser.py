"""A team leader on a phone writes to the group from a template, checks it, sends it, and
copies the text for the group's Zalo chat; every page passes axe and fits the screen."""

import datetime
import re

from django.utils import timezone
from playwright.sync_api import expect

from hocvuso.outreach.models import Channel, Delivery, Message
from hocvuso.teams.models import MobilePoint, Shift
from tests.browser.conftest import axe_violations, login

PASSWORD = "mật-khẩu-tổ-trưởng-2026"


def fits(page) -> bool:
    return (
        page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        <= 1
    )


def test_a_leader_composes_from_a_template_and_copies_it_for_zalo(
    page, live_server, transactional_db, world
):
    world.leader.set_password(PASSWORD)
    world.leader.save()
    point = MobilePoint.objects.create(
        ward=world.ward, name="Nhà văn hoá tổ 11", address="Ngõ 168 Trương Định"
    )
    day = timezone.localdate() + datetime.timedelta(days=1)
    Shift.objects.create(
        point=point, ward=world.ward, date=day, starts=datetime.time(8), ends=datetime.time(11)
    )
    Channel.objects.create(
        ward=world.ward, residential_group=world.group11, kind="zalo_group",
        name="Nhóm Zalo tổ 11", link="https://zalo.me/g/abc123",
    )  # fmt: skip
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=live_server.url)

    login(page, live_server, "leader11", PASSWORD)
    page.get_by_text("Thêm", exact=True).click()  # the leader's menu folds messages under "More"
    page.get_by_role("link", name="Tin nhắn", exact=True).click()
    assert axe_violations(page) == []
    page.get_by_role("link", name="Kênh của các tổ").click()
    expect(page.get_by_role("link", name="Nhóm Zalo tổ 11")).to_be_visible()
    assert axe_violations(page) == [] and fits(page)
    page.get_by_role("link", name="Nhóm Zalo tổ 11").click()
    assert axe_violations(page) == [] and fits(page)

    page.goto(f"{live_server.url}/outreach/messages/new/")
    page.get_by_label("Tổ dân phố số 11").check()
    for kind in ("Danh sách SMS", "Danh sách email", "Zalo Official Account (OA)"):
        page.get_by_label(kind).uncheck()
    page.get_by_label("Mẫu tin").select_option(label="Lịch hỗ trợ lưu động")
    page.get_by_role("button", name="Điền theo mẫu").click()
    body = page.get_by_label("Tin nhắn", exact=True)
    expect(body).to_have_value(
        re.compile(f"ngày {day:%d/%m}, từ 08:00 đến 11:00, tại Nhà văn hoá tổ 11")
    )
    assert axe_violations(page) == [] and fits(page)
    page.get_by_role("button", name="Xem lại trước khi gửi").click()
    expect(page.get_by_role("heading", name="Xem lại trước khi gửi")).to_be_visible()
    assert axe_violations(page) == [] and fits(page)
    page.get_by_role("button", name="Gửi ngay").click()

    subject = f"Lịch hỗ trợ lưu động tuần từ {timezone.localdate():%d/%m}"
    expect(page.get_by_role("heading", level=1)).to_have_text(subject)
    assert axe_violations(page) == [] and fits(page)
    page.get_by_role("button", name="Sao chép nội dung").click()
    expect(page.get_by_role("button", name="Đã sao chép")).to_be_visible()
    copied = page.evaluate("navigator.clipboard.readText()")
    assert "tại Nhà văn hoá tổ 11, Ngõ 168 Trương Định" in copied
    expect(page.get_by_role("link", name="Mở nhóm Zalo")).to_have_attribute(
        "href", "https://zalo.me/g/abc123"
    )
    page.get_by_role("button", name="Tôi đã đăng").click()
    expect(page.get_by_text("đã đăng lúc")).to_be_visible()
    delivery = Message.objects.get().deliveries.get()
    assert delivery.status == Delivery.Status.POSTED
