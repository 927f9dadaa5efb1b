"""A ward officer reads the campaign dashboard on a phone and follows a figure to the
records behind it."""

import datetime

from django.utils import timezone
from playwright.sync_api import expect

from hocvuso.campaigns import services
from hocvuso.campaigns.snapshots import take_snapshot
from hocvuso.support.models import Service, ServiceStatus
from tests.browser.conftest import axe_violations, login

PASSWORD = "mật-khẩu-cán-bộ-2026"


def test_an_officer_reads_the_dashboard_and_drills_down(page, live_server, transactional_db, world):
    world.officer.set_password(PASSWORD)
    world.officer.save()
    vneid = Service.objects.get(code="vneid", ward__isnull=True)
    ServiceStatus.objects.create(resident=world.an, service=vneid, installed=True, level2=True)
    today = timezone.localdate()
    campaign = services.campaign_create(
        user=world.officer, name="Chiến dịch 45 ngày", wards=[world.ward],
        starts_on=today - datetime.timedelta(days=10), ends_on=today + datetime.timedelta(days=34),
    )  # fmt: skip
    services.targets_set(
        user=world.officer, campaign=campaign, ward=world.ward,
        values={("vneid_level2", None): 60.0},
    )  # fmt: skip
    take_snapshot([world.ward.pk])

    login(page, live_server, "officer", PASSWORD)
    page.get_by_role("link", name="Chiến dịch").first.click()
    page.get_by_role("link", name="Chiến dịch 45 ngày").click()
    card = page.get_by_role("listitem").filter(has_text="Người từ 14 tuổi có VNeID mức 2")
    expect(card).to_contain_text("33,3%")
    expect(card).to_contain_text("Mục tiêu: 60,0%")
    assert axe_violations(page) == []
    page.get_by_text("Các tổ dân phố, chậm nhất lên đầu").click()  # the groups' table is folded
    group11 = page.get_by_role("row").filter(has_text="Tổ 11")
    group11.get_by_role("link", name="50,0%").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Người từ 14 tuổi có VNeID mức 2")
    expect(page.get_by_text("1 bản ghi bạn được xem")).to_be_visible()
    expect(page.get_by_role("link", name="Nguyễn Văn An")).to_be_visible()
    assert axe_violations(page) == []
    overflow = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 1


def test_the_campaign_s_other_pages_pass_axe(page, live_server, transactional_db, world):
    world.officer.set_password(PASSWORD)
    world.officer.save()
    today = timezone.localdate()
    campaign = services.campaign_create(
        user=world.officer, name="Chiến dịch 45 ngày", wards=[world.ward],
        starts_on=today - datetime.timedelta(days=10), ends_on=today + datetime.timedelta(days=34),
    )  # fmt: skip
    login(page, live_server, "officer", PASSWORD)
    for path in (
        "/campaigns/",
        "/campaigns/new/",
        f"/campaigns/{campaign.pk}/targets/?ward={world.ward.pk}",
        f"/campaigns/{campaign.pk}/reports/?ward={world.ward.pk}",
        f"/campaigns/manual/?ward={world.ward.pk}",
        "/outreach/broadcasts/",
        "/outreach/news/",
        "/outreach/news/new/",
        f"/news/{world.ward.pk}/",
    ):
        page.goto(f"{live_server.url}{path}")
        assert axe_violations(page) == [], path
