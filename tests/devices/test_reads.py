"""What the phone downloads and the shifts it checks in to."""

import datetime
import json

from django.utils import timezone

from hocvuso.people.services import move_group_households
from hocvuso.teams.models import MobilePoint
from hocvuso.teams.services import roster_set, session_add
from tests import factories


def _all_pages(phone, cursor="", limit=1):
    items, pages = [], 0
    while True:
        body = phone.get("/residents/download", cursor=cursor, limit=limit).json()
        items += body["items"]
        pages += 1
        if body["next_cursor"] is None:
            return items, body["sync_cursor"], pages
        assert body["sync_cursor"] is None
        cursor = body["next_cursor"]


def test_the_download_holds_what_offline_work_needs_and_no_phone(world, phone_of):
    phone = phone_of(world.volunteer)
    items, sync, pages = _all_pages(phone)
    assert pages == 2 and sync
    an = next(i for i in items if i["id"] == world.an.pk)
    assert an == {
        "id": world.an.pk, "name": "Nguyễn Văn An", "birth_year": 1950,
        "household_code": "TM-011-001", "address": "Số 12, ngõ 168 Trương Định",
        "group_id": world.group11.pk, "removed": False,
    }  # fmt: skip
    raw = json.dumps(items)
    assert "0987654321" not in raw and "0912345678" not in raw


def test_the_next_download_sends_only_changes_and_removals(world, phone_of):
    phone = phone_of(world.leader)
    _items, sync, _pages = _all_pages(phone, limit=100)
    nothing, sync, _pages = _all_pages(phone, cursor=sync, limit=100)
    assert nothing == []
    newcomer = factories.resident(world.h11, "Nguyễn Minh Khôi", birth_year=2010)
    changes, sync, _pages = _all_pages(phone, cursor=sync, limit=100)
    assert [(i["name"], i["removed"]) for i in changes] == [("Nguyễn Minh Khôi", False)]
    moved = {r.pk for r in world.h11.residents.exclude(pk=newcomer.pk)}
    gone_pk = newcomer.pk
    newcomer.delete()
    move_group_households(
        source=world.group11, target=world.group12, effective_on=datetime.date.today(),
        reason="sáp nhập",
    )  # fmt: skip
    gone, sync, _pages = _all_pages(phone, cursor=sync, limit=100)
    # The newcomer removed, An and Hường moved to group 12: all three gone from the phone.
    assert {i["id"] for i in gone} == {gone_pk, *moved}
    assert all(i["removed"] and i["name"] == "" for i in gone)


def test_a_tampered_or_foreign_cursor_is_refused(world, phone_of):
    _items, sync, _pages = _all_pages(phone_of(world.volunteer), limit=100)
    other = phone_of(world.leader, "Máy tổ trưởng")
    for cursor in (sync, sync + "x", "abc"):
        response = other.get("/residents/download", cursor=cursor)
        assert (response.status_code, response.json()["code"]) == (400, "cursor_invalid")


def test_pages_are_bounded(world, phone_of):
    response = phone_of(world.volunteer).get("/residents/download", limit=501)
    assert (response.status_code, response.json()["code"]) == (422, "invalid")


def test_lookup_ignores_diacritics(world, phone_of):
    items = phone_of(world.volunteer).get("/residents/lookup", q="nguyen van an").json()["items"]
    assert [i["name"] for i in items] == ["Nguyễn Văn An"]


def test_check_in_is_refused_too_early_and_stored_once(world, phone_of, field, monkeypatch):
    point = MobilePoint.objects.create(ward=world.ward, name="Nhà văn hoá tổ 11", address="Số 2")
    today = timezone.localdate()
    shift = session_add(point=point, date=today, starts=datetime.time(8), ends=datetime.time(11))
    roster_set(actor=world.officer, shift=shift, members=[field.member])
    mine = shift.assignments.get()
    phone = phone_of(world.volunteer)
    tz = timezone.get_current_timezone()
    monkeypatch.setattr(
        timezone, "now", lambda: datetime.datetime.combine(today, datetime.time(9), tzinfo=tz)
    )
    [listed] = phone.get("/shifts/mine").json()["items"]
    assert listed["id"] == mine.pk and listed["point_name"] == "Nhà văn hoá tổ 11"
    early = datetime.datetime.combine(today, datetime.time(7), tzinfo=tz).isoformat()
    refused = phone.post(f"/shifts/{mine.pk}/check-in", {"at": early})
    assert refused.status_code == 422
    assert refused.json()["detail"] == (
        "Chưa đến giờ điểm danh: điểm danh mở lúc 07:30, 30 phút trước khi ca trực bắt đầu."
    )
    assert refused.json()["detail_en"].startswith("It is too early to check in")
    on_time = datetime.datetime.combine(today, datetime.time(8, 5), tzinfo=tz).isoformat()
    first = phone.post(f"/shifts/{mine.pk}/check-in", {"at": on_time, "client_id": None})
    again = phone.post(f"/shifts/{mine.pk}/check-in", {})
    assert first.status_code == again.status_code == 200
    assert again.json()["checked_in_at"] == first.json()["checked_in_at"]
    assert timezone.localtime(
        datetime.datetime.fromisoformat(first.json()["checked_in_at"])
    ).time() == datetime.time(8, 5)
