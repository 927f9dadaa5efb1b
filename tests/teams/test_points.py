"""Mobile points: weekly hours and one-off sessions make a roster; short shifts stand out;
members check in once; the public week and its calendar need no login."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from hocvuso.teams.models import MobilePoint, Organisation, Shift, ShiftAssignment, TeamMember
from hocvuso.teams.services import (
    check_in,
    check_out,
    hours_add,
    roster_build,
    roster_set,
    session_add,
    teams_for_every_group,
)

T = datetime.time
DAY = datetime.date(2026, 3, 2)  # a Monday


def at(hour: int, minute: int, second: int = 0) -> datetime.datetime:
    """A fixed moment of DAY in the ward's time zone."""
    return datetime.datetime.combine(
        DAY, T(hour, minute, second), tzinfo=timezone.get_current_timezone()
    )


@pytest.fixture
def point(world):
    return MobilePoint.objects.create(
        ward=world.ward, name="Nhà văn hoá tổ 11", address="Số 2 ngõ 168 Trương Định", min_staff=2
    )


@pytest.fixture
def members(world):
    teams_for_every_group(ward=world.ward, actor=world.officer)
    team = world.ward.teams.get(residential_group=world.group11)
    made = [
        TeamMember.objects.create(
            team=team,
            ward=world.ward,
            residential_group=world.group11,
            full_name=name,
            organisation=Organisation.YOUTH_UNION,
            joined_on=datetime.date(2025, 8, 1),
        )
        for name in ("Lê Minh Đức", "Vũ Thị Lan", "Đỗ Văn Hùng")
    ]
    made[0].user = world.volunteer
    made[0].save()
    return made


def test_weekly_hours_make_two_weeks_of_shifts_once(world, point):
    today = timezone.localdate()
    hours_add(point=point, weekday=today.weekday(), starts=T(8), ends=T(11))
    assert roster_build(point=point, first_day=today) == 2
    assert roster_build(point=point, first_day=today) == 0, "building again adds nothing"
    assert [s.date for s in point.shifts.all()] == [today, today + datetime.timedelta(days=7)]


def test_overlapping_hours_and_backwards_sessions_are_refused(world, point):
    hours_add(point=point, weekday=0, starts=T(8), ends=T(11))
    with pytest.raises(ValidationError):
        hours_add(point=point, weekday=0, starts=T(10), ends=T(12))
    with pytest.raises(ValidationError):
        session_add(point=point, date=datetime.date(2026, 12, 5), starts=T(15), ends=T(14))


def test_a_shift_below_its_minimum_stands_out_on_the_roster(client, world, point, members):
    shift = session_add(point=point, date=timezone.localdate(), starts=T(8), ends=T(11))
    roster_set(actor=world.officer, shift=shift, members=members[:1])
    client.force_login(world.officer)
    page = client.get(reverse("teams:point", args=[point.pk])).content.decode()
    assert "1/2" in page and "thiếu người" in page
    roster_set(actor=world.officer, shift=shift, members=members[:2])
    page = client.get(reverse("teams:point", args=[point.pk])).content.decode()
    assert "2/2" in page and "thiếu người" not in page


def test_changing_the_roster_keeps_the_check_ins_of_those_who_stay(world, point, members):
    shift = session_add(point=point, date=DAY, starts=T(8), ends=T(11))
    roster_set(actor=world.officer, shift=shift, members=members[:2])
    stays = shift.assignments.get(member=members[0])
    assert check_in(assignment=stays, now=at(8, 5))
    roster_set(actor=world.officer, shift=shift, members=[members[0], members[2]])
    assert shift.assignments.get(member=members[0]).checked_in_at is not None
    assert set(shift.members.all()) == {members[0], members[2]}


def test_checking_in_twice_records_the_first_arrival_only(world, point, members):
    shift = session_add(point=point, date=DAY, starts=T(8), ends=T(11))
    roster_set(actor=world.officer, shift=shift, members=members[:1])
    assignment = shift.assignments.get()
    assert check_in(assignment=assignment, now=at(8, 1))
    assert not check_in(assignment=assignment, now=at(8, 2))
    first = ShiftAssignment.objects.get(pk=assignment.pk).checked_in_at
    assert check_out(assignment=assignment) and not check_out(assignment=assignment)
    assert ShiftAssignment.objects.get(pk=assignment.pk).checked_in_at == first


def test_a_volunteer_checks_in_from_my_shifts(client, world, point, members, monkeypatch):
    monkeypatch.setattr(timezone, "now", lambda: at(8, 10))
    shift = session_add(point=point, date=DAY, starts=T(8), ends=T(11))
    roster_set(actor=world.officer, shift=shift, members=members[:2])
    client.force_login(world.volunteer)
    page = client.get(reverse("teams:my_shifts")).content.decode()
    assert "Nhà văn hoá tổ 11" in page
    mine = shift.assignments.get(member=members[0])
    client.post(reverse("teams:shift_check", args=[mine.pk, "in"]))
    assert ShiftAssignment.objects.get(pk=mine.pk).checked_in_at is not None
    theirs = shift.assignments.get(member=members[1])
    assert client.post(reverse("teams:shift_check", args=[theirs.pk, "in"])).status_code == 404


def test_check_in_opens_half_an_hour_before_the_shift_and_closes_at_its_end(world, point, members):
    shift = session_add(point=point, date=DAY, starts=T(8), ends=T(11))
    roster_set(actor=world.officer, shift=shift, members=members)
    first, second, third = shift.assignments.order_by("pk")
    with pytest.raises(ValidationError) as refused:
        check_in(assignment=first, now=at(5, 57))
    assert refused.value.message == (
        "Chưa đến giờ điểm danh: điểm danh mở lúc 07:30, 30 phút trước khi ca trực bắt đầu."
    )
    with pytest.raises(ValidationError):
        check_in(assignment=first, now=at(7, 29, 59))
    assert check_in(assignment=first, now=at(7, 30))
    assert check_in(assignment=second, now=at(11, 0))
    with pytest.raises(ValidationError) as late:
        check_in(assignment=third, now=at(11, 0, 1))
    assert late.value.message == "Ca trực đã kết thúc lúc 11:00: không thể điểm danh nữa."
    arrivals = dict(shift.assignments.values_list("pk", "checked_in_at"))
    assert arrivals == {first.pk: at(7, 30), second.pk: at(11, 0), third.pk: None}


def test_a_volunteer_too_early_is_told_when_check_in_opens(
    client, world, point, members, monkeypatch
):
    monkeypatch.setattr(timezone, "now", lambda: at(5, 57))
    shift = session_add(point=point, date=DAY, starts=T(8), ends=T(11))
    roster_set(actor=world.officer, shift=shift, members=members[:1])
    mine = shift.assignments.get()
    client.force_login(world.volunteer)
    page = client.get(reverse("teams:my_shifts")).content.decode()
    assert "Bạn có thể điểm danh từ 07:30." in page
    assert reverse("teams:shift_check", args=[mine.pk, "in"]) not in page
    # A page left open since yesterday still posts: the server refuses it the same way.
    answer = client.post(reverse("teams:shift_check", args=[mine.pk, "in"]), follow=True)
    assert "Chưa đến giờ điểm danh: điểm danh mở lúc 07:30" in answer.content.decode()
    assert ShiftAssignment.objects.get(pk=mine.pk).checked_in_at is None
    monkeypatch.setattr(timezone, "now", lambda: at(11, 30))
    page = client.get(reverse("teams:my_shifts")).content.decode()
    assert "Ca trực này đã kết thúc." in page


def test_a_member_of_another_ward_cannot_be_rostered(world, point):
    teams_for_every_group(ward=world.other_ward, actor=world.outsider)
    stranger = TeamMember.objects.create(
        team=world.other_ward.teams.get(),
        ward=world.other_ward,
        full_name="Người Lạ",
        joined_on=datetime.date(2025, 8, 1),
    )
    shift = session_add(point=point, date=timezone.localdate(), starts=T(8), ends=T(11))
    with pytest.raises(ValidationError):
        roster_set(actor=world.officer, shift=shift, members=[stranger])


def test_only_officers_change_points_and_rosters(client, world, point):
    client.force_login(world.leader)
    assert client.get(reverse("teams:point_new")).status_code == 403
    shift = session_add(point=point, date=timezone.localdate(), starts=T(8), ends=T(11))
    assert client.get(reverse("teams:shift", args=[shift.pk])).status_code == 403
    client.force_login(world.outsider)
    assert client.get(reverse("teams:point", args=[point.pk])).status_code == 404


def test_the_public_week_needs_no_login_and_shows_todays_hours(client, world, point):
    session_add(point=point, date=timezone.localdate(), starts=T(8), ends=T(11, 30))
    page = client.get(reverse("public_points", args=[world.ward.pk])).content.decode()
    assert "Hôm nay" in page and "08:00–11:30" in page and "Số 2 ngõ 168 Trương Định" in page


def test_a_closed_point_and_a_ward_not_set_up_are_not_shown(client, world, point, db):
    session_add(point=point, date=timezone.localdate(), starts=T(8), ends=T(11))
    MobilePoint.objects.filter(pk=point.pk).update(is_active=False)
    page = client.get(reverse("public_points", args=[world.ward.pk])).content.decode()
    assert "Số 2 ngõ 168" not in page
    assert client.get(reverse("public_points", args=[1])).status_code == 404


def test_the_calendar_feed_is_valid_icalendar_with_each_session(client, world, point):
    session_add(point=point, date=timezone.localdate(), starts=T(8), ends=T(11))
    response = client.get(reverse("public_calendar", args=[world.ward.pk]))
    assert response["Content-Type"].startswith("text/calendar")
    events = Calendar.from_ical(response.content).walk("VEVENT")
    assert len(events) == 1
    event = events[0]
    assert str(event["location"]) == "Số 2 ngõ 168 Trương Định"
    assert event.decoded("dtstart").hour == 8 and event.decoded(
        "dtstart"
    ).utcoffset() == datetime.timedelta(hours=7)


def test_a_cancelled_shift_is_not_in_the_feed(client, world, point):
    shift = session_add(point=point, date=timezone.localdate(), starts=T(8), ends=T(11))
    Shift.objects.filter(pk=shift.pk).update(is_cancelled=True)
    response = client.get(reverse("public_calendar", args=[world.ward.pk]))
    assert Calendar.from_ical(response.content).walk("VEVENT") == []
