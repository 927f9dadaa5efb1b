"""The volunteer's phone app on a 360-px phone: paired from the volunteer's menu, it records
help and a check-in with no connection and sends each exactly once when the connection
returns; a server error and a revoked token lose nothing."""

import datetime
import unicodedata

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from hocvuso.devices.models import DeviceToken
from hocvuso.devices.services import revoke_token
from hocvuso.people.models import Household, Resident
from hocvuso.support import visits
from hocvuso.support.models import HelpRecord, HomeVisit, VisitStatus
from hocvuso.teams.models import MobilePoint, Organisation, ShiftAssignment, TeamMember
from hocvuso.teams.services import roster_set, session_add, teams_for_every_group
from tests.browser.conftest import axe_violations, login

PASSWORD = "mật-khẩu-tình-nguyện-2026"


@pytest.fixture
def volunteer(transactional_db, world):
    world.volunteer.set_password(PASSWORD)
    world.volunteer.save()
    return world.volunteer


@pytest.fixture
def shift_now(world, volunteer) -> ShiftAssignment:
    """A shift at a mobile point today, open for check-in now, with the volunteer on it."""
    teams_for_every_group(ward=world.ward, actor=world.officer)
    member = TeamMember.objects.create(
        team=world.ward.teams.get(residential_group=world.group11),
        ward=world.ward,
        residential_group=world.group11,
        full_name="Lê Minh Đức",
        organisation=Organisation.YOUTH_UNION,
        joined_on=datetime.date(2025, 8, 1),
        user=volunteer,
    )
    point = MobilePoint.objects.create(
        ward=world.ward, name="Nhà văn hoá tổ 11", address="Số 2 ngõ 168 Trương Định"
    )
    now = timezone.localtime()
    starts = max(now - datetime.timedelta(hours=1), now.replace(hour=0, minute=0))
    shift = session_add(
        point=point, date=now.date(), starts=starts.time().replace(second=0, microsecond=0),
        ends=datetime.time(23, 59),
    )  # fmt: skip
    roster_set(actor=world.officer, shift=shift, members=[member])
    return shift.assignments.get(member=member)


def pair(page, live_server) -> None:
    """From the volunteer's menu to the app, ready and with the residents downloaded."""
    login(page, live_server, "volunteer11", PASSWORD)
    page.get_by_role("link", name="Ứng dụng điện thoại").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Dùng ứng dụng trên điện thoại này")
    assert axe_violations(page) == []
    page.get_by_role("button", name="Dùng ứng dụng trên điện thoại này").click()
    expect(page.get_by_role("heading", name="Việc hôm nay")).to_be_visible()
    expect(page.get_by_text("0 bản ghi đang chờ gửi")).to_be_visible()
    page.wait_for_function("() => navigator.serviceWorker.controller !== null")
    page.get_by_role("link", name="Điện thoại này lưu gì").click()
    expect(page.get_by_text("2 người dân, cập nhật lúc")).to_be_visible()
    page.get_by_role("link", name="Ứng dụng tình nguyện viên").click()


def record_help_for_an(page, query: str) -> None:
    page.get_by_role("link", name="Ghi hỗ trợ").click()
    someone_else = page.get_by_role("button", name="người khác")
    search = page.get_by_label("Tìm theo tên, mã hộ hoặc địa chỉ")
    # The screen draws from the phone's store: wait until it shows one or the other.
    expect(search.or_(someone_else).locator("visible=true").first).to_be_visible()
    if someone_else.is_visible():  # the last person helped stays chosen
        someone_else.click()
    search.fill(query)
    page.get_by_role("button", name="Nguyễn Văn An").click()
    page.get_by_label("VNeID", exact=True).check()
    page.get_by_label("Kích hoạt VNeID mức 2").check()
    page.get_by_role("button", name="Lưu").click()
    expect(page.get_by_text("Đã lưu trên điện thoại.")).to_be_visible()


def test_help_and_a_check_in_made_offline_are_stored_once_when_the_connection_returns(
    page, context, live_server, world, shift_now
):
    pair(page, live_server)
    assert axe_violations(page) == []
    context.set_offline(True)
    page.reload()  # the app itself opens with no connection
    expect(page.get_by_text("Không có mạng: những gì bạn ghi")).to_be_visible()

    record_help_for_an(page, "nguyen van an")
    assert axe_violations(page) == []
    # Typed with its accents decomposed (NFD), as some phone keyboards send them.
    page.get_by_role("link", name="Ứng dụng tình nguyện viên").click()
    record_help_for_an(page, unicodedata.normalize("NFD", "Nguyễn Văn An"))
    page.get_by_role("link", name="Ứng dụng tình nguyện viên").click()
    page.get_by_role("link", name="Ca trực và điểm danh").click()
    page.get_by_role("button", name="Điểm danh").click()
    expect(page.get_by_text("đang chờ gửi").first).to_be_visible()
    expect(page.get_by_text("3 bản ghi đang chờ gửi")).to_be_visible()
    assert axe_violations(page) == []
    assert HelpRecord.objects.count() == 0

    context.set_offline(False)
    expect(page.get_by_text("0 bản ghi đang chờ gửi")).to_be_visible(timeout=15_000)
    records = HelpRecord.objects.filter(resident=world.an)
    assert records.count() == 2 and len({r.client_id for r in records}) == 2
    shift_now.refresh_from_db()
    assert shift_now.checked_in_at is not None
    # Sending again stores nothing more.
    page.get_by_role("button", name="Gửi ngay").click()
    expect(page.get_by_text("0 bản ghi đang chờ gửi")).to_be_visible()
    assert HelpRecord.objects.count() == 2


def test_a_server_error_once_keeps_the_record_and_sends_it_once_later(
    page, live_server, world, volunteer
):
    pair(page, live_server)
    failures = []

    def fail_once(route):
        if not failures:
            failures.append(route.request.url)
            route.fulfill(status=500, body="oops")
        else:
            route.continue_()

    page.route("**/api/v1/help-records/batch", fail_once)
    record_help_for_an(page, "an")
    expect(page.get_by_text("Chưa gửi được: điện thoại sẽ tự gửi lại")).to_be_visible()
    expect(page.get_by_text("0 bản ghi đang chờ gửi")).to_be_visible(timeout=15_000)
    assert len(failures) == 1 and HelpRecord.objects.count() == 1


def test_a_revoked_token_stops_sending_keeps_the_records_and_says_whom_to_ask(
    page, live_server, world, volunteer
):
    pair(page, live_server)
    revoke_token(DeviceToken.objects.get(person=volunteer), by=world.officer)
    record_help_for_an(page, "an")
    stop = page.get_by_role("alert").filter(has_text="Không mất bản ghi nào.")
    expect(stop).to_contain_text("Hãy nhờ cán bộ phường cấp mã QR mới")
    expect(page.get_by_text("1 bản ghi đang chờ gửi")).to_be_visible()
    assert HelpRecord.objects.count() == 0
    assert axe_violations(page) == []
    # A lost phone keeps nothing of the residents once its access is withdrawn.
    assert page.evaluate("() => HV.store.count('residents')") == 0
    assert page.evaluate("() => HV.store.meta('priorities')") is None
    # Paired again (here by the volunteer, signed in), the phone sends what waited.
    page.goto(f"{live_server.url}/")
    page.get_by_role("link", name="Ứng dụng điện thoại").first.click()
    page.get_by_role("button", name="Dùng ứng dụng trên điện thoại này").click()
    expect(page.get_by_text("0 bản ghi đang chờ gửi")).to_be_visible(timeout=15_000)
    assert HelpRecord.objects.filter(resident=world.an).count() == 1


def test_an_answer_lost_mid_sync_stores_the_record_once_when_sent_again(
    page, live_server, world, volunteer
):
    lost = []

    def lose_the_answer(route):
        if lost:
            route.continue_()
            return
        lost.append(route.fetch().status)  # the server stored it; the phone never hears
        route.abort("connectionreset")

    pair(page, live_server)
    page.route("**/api/v1/help-records/batch", lose_the_answer)
    record_help_for_an(page, "an")
    expect(page.get_by_text("0 bản ghi đang chờ gửi")).to_be_visible(timeout=15_000)
    assert lost == [200] and HelpRecord.objects.count() == 1


def test_a_record_the_server_rejects_waits_under_needs_checking_with_the_reason(
    page, context, live_server, world, volunteer
):
    pair(page, live_server)
    context.set_offline(True)
    record_help_for_an(page, "an")
    # Meanwhile the household moves to group 12, which the volunteer does not see.
    Household.objects.filter(pk=world.h11.pk).update(residential_group=world.group12)
    Resident.objects.filter(household=world.h11).update(residential_group=world.group12)
    context.set_offline(False)
    expect(page.get_by_text("0 bản ghi đang chờ gửi")).to_be_visible(timeout=15_000)
    page.get_by_role("link", name="Cần xem lại (1)").click()
    review = page.get_by_role("region", name="Cần xem lại")
    expect(review).to_contain_text("Nguyễn Văn An · VNeID")
    expect(review).to_contain_text("Người dân này không còn thuộc tổ dân phố của bạn")
    assert axe_violations(page) == []
    assert HelpRecord.objects.count() == 0


def test_a_visit_changed_by_someone_else_first_shows_both_and_drops_nothing(
    page, context, live_server, world, shift_now
):
    visit = visits.visit_plan(
        actor=world.leader,
        plan=visits.VisitPlan(
            household=world.h11, planned_on=timezone.localdate(), assigned_to=shift_now.member
        ),
    )
    pair(page, live_server)
    context.set_offline(True)
    page.get_by_role("link", name="Thăm hộ của tôi").click()
    page.get_by_role("button", name="Đã thăm").click()
    expect(page.get_by_text("1 bản ghi đang chờ gửi")).to_be_visible()
    visits.visit_record(
        actor=world.leader, visit_id=visit.pk, status="cancelled", note="", expected_version=1
    )
    context.set_offline(False)
    expect(page.get_by_text("0 bản ghi đang chờ gửi")).to_be_visible(timeout=15_000)
    page.get_by_role("link", name="Cần xem lại (1)").click()
    review = page.get_by_role("region", name="Cần xem lại")
    expect(review).to_contain_text("Người khác đã thay đổi mục này trước")
    expect(review).to_contain_text("Hiện nay: Đã huỷ. Chưa ghi nhận: Đã xong.")
    assert HomeVisit.objects.get(pk=visit.pk).status == VisitStatus.CANCELLED


def test_the_priority_list_shows_offline_and_records_help_for_a_household_on_it(
    page, context, live_server, world, volunteer
):
    pair(page, live_server)
    context.set_offline(True)
    page.reload()
    page.get_by_role("link", name="Danh sách ưu tiên của tổ").click()
    screen = page.get_by_role("region", name="Danh sách ưu tiên của tổ")
    household = screen.get_by_role("listitem").filter(has_text="TM-011-001")
    expect(household).to_contain_text("Số 12, ngõ 168 Trương Định")
    expect(household).to_contain_text("Chưa được hỗ trợ lần nào")
    expect(screen).not_to_contain_text("TM-012-001")
    assert axe_violations(page) == []
    household.get_by_role("button", name="Ghi hỗ trợ").click()
    expect(page.get_by_text("Hộ TM-011-001 · Số 12, ngõ 168 Trương Định")).to_be_visible()
    page.get_by_role("button", name="Nguyễn Văn An").click()
    page.get_by_label("VNeID", exact=True).check()
    page.get_by_label("Kích hoạt VNeID mức 2").check()
    page.get_by_role("button", name="Lưu").click()
    expect(page.get_by_text("1 bản ghi đang chờ gửi")).to_be_visible()
    context.set_offline(False)
    expect(page.get_by_text("0 bản ghi đang chờ gửi")).to_be_visible(timeout=15_000)
    helped = HelpRecord.objects.get()
    assert (helped.resident, helped.place, helped.visit) == (world.an, "home", None)


def test_help_recorded_from_a_planned_visit_is_attached_to_it_and_closes_it(
    page, context, live_server, world, shift_now
):
    visit = visits.visit_plan(
        actor=world.leader,
        plan=visits.VisitPlan(
            household=world.h11, planned_on=timezone.localdate(), assigned_to=shift_now.member
        ),
    )
    pair(page, live_server)
    context.set_offline(True)
    page.get_by_role("link", name="Thăm hộ của tôi").click()
    page.get_by_role("button", name="Ghi hỗ trợ").click()
    page.get_by_role("button", name="Đỗ Thị Hường").click()
    page.get_by_label("VNeID", exact=True).check()
    page.get_by_label("Kích hoạt VNeID mức 2").check()
    page.get_by_role("button", name="Lưu").click()
    expect(page.get_by_text("1 bản ghi đang chờ gửi")).to_be_visible()
    context.set_offline(False)
    expect(page.get_by_text("0 bản ghi đang chờ gửi")).to_be_visible(timeout=15_000)
    helped = HelpRecord.objects.get()
    assert (helped.resident.full_name, helped.visit_id) == ("Đỗ Thị Hường", visit.pk)
    assert HomeVisit.objects.get(pk=visit.pk).status == VisitStatus.DONE


def test_logging_out_deletes_what_the_app_kept_on_the_phone_asking_first_if_records_wait(
    page, live_server, volunteer
):
    pair(page, live_server)
    page.route("**/api/v1/help-records/batch", lambda route: route.abort())
    record_help_for_an(page, "an")
    has_app_data = "async () => (await indexedDB.databases()).some((d) => d.name === 'hocvuso-app')"
    page.goto(f"{live_server.url}/")
    asked = []
    page.once("dialog", lambda dialog: (asked.append(dialog.message), dialog.dismiss()))
    page.get_by_text("Thêm", exact=True).click()
    page.get_by_role("button", name="Đăng xuất").click()
    for _ in range(100):  # the question comes once the script has counted what waits
        if asked:
            break
        page.wait_for_timeout(100)
    assert asked and asked[0].startswith("Điện thoại này còn bản ghi")
    expect(page).to_have_url(f"{live_server.url}/")
    assert page.evaluate(has_app_data), "declined: nothing deleted, still logged in"
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Đăng xuất").click()
    expect(page).to_have_url(f"{live_server.url}/accounts/login/")
    assert not page.evaluate(has_app_data)
    page.goto(f"{live_server.url}/app/")
    expect(page.get_by_role("heading", name="Dùng ứng dụng trên điện thoại này")).to_be_visible()


def test_the_residents_copy_is_deleted_once_it_is_older_than_seven_days(
    page, context, live_server, volunteer
):
    pair(page, live_server)
    eight_days_ago = "new Date(Date.now() - 8 * 864e5).toISOString()"
    page.evaluate(f"() => HV.store.setMeta('residents_refreshed_at', {eight_days_ago})")
    context.set_offline(True)  # so the app cannot bring it up to date on opening
    page.reload()
    page.get_by_role("link", name="Tìm nhân khẩu").click()
    page.get_by_role("searchbox", name="Tên, mã hộ hoặc địa chỉ").fill("an")
    expect(page.get_by_text("Điện thoại chưa có danh sách người dân")).to_be_visible()
    assert page.evaluate("() => HV.store.count('residents')") == 0
    assert page.evaluate("() => HV.store.meta('priorities')") is None
