"""The long staff pages put their summary and the day's work first at 360 px and page or fold
the rest: the officer's caseload, certificates, channels, teams, groups and registry, the
campaign dashboard, a shift's roster and the message composer, on a small copy of the demo
ward (74 groups, as the real one)."""

import datetime
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from hocvuso.demo.ward import DEMO_PASSWORD
from hocvuso.support.models import HomeVisit, VisitStatus
from hocvuso.teams.models import Shift, TeamMember
from tests.browser.conftest import PHONE, axe_violations, login
from tests.browser.test_phone_width_browser import demo_ward  # noqa: F401  (a fixture)

# The pages as a ward officer opens them, and how tall each may be at 360 px: a few screens,
# where they were 13,000 to 145,000 px before they were paged and folded.
LONG_PAGES = {
    "/support/caseload/": 7000,
    "/learn/certificates/": 8000,
    "/outreach/channels/": 7000,
    "/teams/": 7000,
    "/ward/groups/": 7000,
    "/registry/": 8000,
    "/outreach/messages/new/": 3000,
}


def height(page) -> int:
    return page.evaluate("document.documentElement.scrollHeight")


def officer(page, live_server) -> None:
    login(page, live_server, "canbo", DEMO_PASSWORD)


@pytest.mark.usefixtures("demo_ward")
def test_the_officers_long_pages_fit_a_few_screens(page, live_server):
    officer(page, live_server)
    problems = []
    for path, most in LONG_PAGES.items():
        answer = page.goto(live_server.url + path)
        tall = height(page)
        if answer.status != 200 or tall > most:
            problems.append(f"{path}: {answer.status}, {tall} px tall (at most {most})")
        if page.evaluate("document.documentElement.scrollWidth") > PHONE["width"]:
            problems.append(f"{path}: wider than the phone")
        for violation in axe_violations(page):
            problems.append(f"{path}: axe {violation['id']}")
    assert problems == []


def plan_visits(ward, count: int) -> None:
    """Visits to households not yet planned, some overdue: a ward's caseload, not a group's."""
    model = HomeVisit.objects.filter(ward=ward).first()
    planned = HomeVisit.objects.filter(status=VisitStatus.PLANNED).values("household")
    today = timezone.localdate()
    HomeVisit.objects.bulk_create(
        HomeVisit(
            ward=ward,
            residential_group_id=household.residential_group_id,
            household=household,
            planned_on=today + datetime.timedelta(days=i % 10 - 3),
            assigned_to=model.assigned_to,
            created_by=model.created_by,
            status=VisitStatus.PLANNED,
        )
        for i, household in enumerate(ward.households.exclude(pk__in=planned)[:count])
    )


def test_the_caseload_shows_its_counts_on_the_first_screen_and_pages_the_visits(
    page,
    live_server,
    demo_ward,  # noqa: F811
):
    plan_visits(demo_ward, 60)
    officer(page, live_server)
    page.goto(f"{live_server.url}/support/caseload/")
    overdue = page.locator(".cards.tally .card").nth(1)
    expect(overdue).to_contain_text("quá hạn")
    assert overdue.bounding_box()["y"] + overdue.bounding_box()["height"] < PHONE["height"]
    # 25 visits a page at most, the rest behind "Trang sau"; members and past visits fold.
    assert page.locator("#visits ul.pick > li").count() <= 25
    members = page.locator("details.fold", has_text="Ai làm việc gì")
    expect(members.get_by_role("table")).to_be_hidden()
    members.locator("summary").click()
    expect(members.get_by_role("table")).to_be_visible()
    nav = page.get_by_role("navigation", name="Các trang")
    nav.get_by_role("link", name="Trang sau").click()
    expect(page).to_have_url(re.compile(r"page=2#visits$"))
    expect(nav).to_contain_text("Trang 2/")
    assert axe_violations(page) == []


@pytest.mark.usefixtures("demo_ward")
def test_the_next_page_keeps_the_ward_and_the_filter(page, live_server, demo_ward):  # noqa: F811
    officer(page, live_server)
    page.goto(f"{live_server.url}/teams/?ward={demo_ward.pk}")
    expect(page.locator(".cards.tally")).to_contain_text("74")  # the summary counts every team
    assert page.locator("main tbody tr").count() == 25
    page.get_by_role("link", name="Trang sau").click()
    expect(page).to_have_url(re.compile(rf"\?ward={demo_ward.pk}&page=2$"))
    expect(page.get_by_role("navigation", name="Các trang")).to_contain_text("Trang 2/3")
    page.get_by_role("link", name="Trang trước").click()
    expect(page).to_have_url(re.compile(r"page=1$"))

    page.goto(f"{live_server.url}/outreach/channels/?ward={demo_ward.pk}")
    assert page.locator("main section h2").count() == 25
    page.get_by_role("link", name="Trang sau").click()
    expect(page).to_have_url(re.compile(rf"ward={demo_ward.pk}&page=2$"))
    expect(page.locator("main section h2").first).to_have_text(re.compile("Tổ dân phố"))

    # The registry's filters beyond the search fold, and open when one is in use.
    page.goto(f"{live_server.url}/registry/")
    expect(page.get_by_label("Độ tuổi")).to_be_hidden()
    page.get_by_text("Lọc thêm").click()
    page.get_by_label("Người cao tuổi (60+)").check()
    page.get_by_role("button", name="Tìm").click()
    expect(page.get_by_label("Người cao tuổi (60+)")).to_be_checked()
    page.get_by_role("link", name="Trang sau").click()
    expect(page).to_have_url(re.compile(r"flags=.*page=2"))
    expect(page.get_by_label("Người cao tuổi (60+)")).to_be_checked()
    assert height(page) < LONG_PAGES["/registry/"]
    assert axe_violations(page) == []


@pytest.mark.usefixtures("demo_ward")
def test_a_shift_roster_lists_who_is_on_it_and_adds_people_by_search(page, live_server):
    shift = Shift.objects.filter(assignments__isnull=False).distinct().first()
    on_shift = shift.assignments.count()
    newcomer = (
        TeamMember.objects.filter(ward_id=shift.ward_id, left_on__isnull=True)
        .exclude(assignments__shift=shift)
        .order_by("-pk")
        .first()
    )
    officer(page, live_server)
    page.goto(f"{live_server.url}/teams/shifts/{shift.pk}/")
    # Only the people on the shift are listed, ticked; the ward's others are found by name.
    boxes = page.locator("fieldset.roster input[type=checkbox]")
    assert boxes.count() == on_shift and all(b.is_checked() for b in boxes.all())
    assert height(page) < 3000
    page.get_by_label("Thêm người: tìm theo tên").fill(newcomer.full_name)
    expect(page.get_by_role("status")).to_contain_text("Số người tìm thấy:")
    add = page.get_by_role("button", name=f"Thêm {newcomer.full_name}").first
    assert add.bounding_box()["height"] >= 44
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert axe_violations(page) == []
    add.focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("status")).to_have_text(f"Đã thêm vào danh sách: {newcomer.full_name}")
    expect(page.locator("#roster-list").get_by_label(newcomer.full_name).first).to_be_checked()
    page.get_by_role("button", name="Lưu").click()
    expect(page.get_by_text("Đã lưu lịch trực.")).to_be_visible()
    assert shift.assignments.count() == on_shift + 1
    assert shift.members.filter(full_name=newcomer.full_name).exists()
    assert axe_violations(page) == []


@pytest.mark.usefixtures("demo_ward")
def test_the_dashboard_shows_every_figure_before_the_groups_and_folds_trends(page, live_server):
    officer(page, live_server)
    page.goto(f"{live_server.url}/campaigns/")
    page.get_by_role("link", name=re.compile("Chiến dịch 45 ngày")).first.click()
    cards = page.locator("ul.figures > li")
    assert cards.count() >= 10
    assert height(page) < 7000
    expect(cards.first.locator("svg")).to_be_hidden()
    cards.first.get_by_text("Xu hướng và cách tính").click()
    expect(cards.first.locator("svg")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert axe_violations(page) == []


@pytest.mark.usefixtures("demo_ward")
def test_the_composer_folds_the_wards_groups_and_send_now_is_near_the_top(page, live_server):
    officer(page, live_server)
    page.goto(f"{live_server.url}/outreach/messages/new/")
    assert height(page) < LONG_PAGES["/outreach/messages/new/"]
    page.get_by_text("Các tổ dân phố: đã chọn 0").click()
    page.get_by_label("Tổ dân phố số 11", exact=True).check()
    page.get_by_label("Tiêu đề").fill("Họp tổ")
    page.get_by_label("Tin nhắn", exact=True).fill("Tối thứ Sáu họp tổ tại nhà văn hoá.")
    page.get_by_role("button", name="Xem lại trước khi gửi").click()
    send = page.get_by_role("button", name="Gửi ngay")
    expect(send).to_be_visible()
    assert send.bounding_box()["y"] < 1500  # it sat 3,800 px down
    expect(page.get_by_text("Các tổ dân phố: đã chọn 1")).to_be_visible()
    assert axe_violations(page) == []
