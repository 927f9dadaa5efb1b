"""Sending help recorded offline: stored once whatever goes wrong on the way."""

import datetime
import uuid
from unittest import mock

from django.utils import timezone

from hocvuso.accounts.models import Role
from hocvuso.audit.models import AuditEvent
from hocvuso.devices.services import revoke_token
from hocvuso.people.services import move_group_households
from hocvuso.support import batches
from hocvuso.support.models import HelpRecord, Service, ServiceStatus
from hocvuso.support.services import help_record
from tests import factories


def record(world, **extra):
    return {
        "client_id": str(uuid.uuid4()),
        "resident_id": world.an.pk,
        "service": "vneid",
        "task": "install",
        "outcome": "done",
        "place": "home",
        "helped_at": timezone.now().isoformat(),
        **extra,
    }


def send(phone, records):
    return phone.post("/help-records/batch", {"records": records})


def test_a_batch_is_stored_with_the_help_forms_effects(world, phone_of):
    phone = phone_of(world.volunteer)
    walk_in = record(world, resident_id=None, walk_in_name="Chị Mai", place="point")
    sent = [record(world), walk_in]
    response = send(phone, sent)
    assert response.status_code == 200
    assert [r["status"] for r in response.json()["results"]] == ["stored", "stored"]
    assert HelpRecord.objects.count() == 2
    assert ServiceStatus.objects.get(resident=world.an, service__code="vneid").installed
    world.h11.refresh_from_db()
    assert world.h11.first_reached_at is not None
    # One event for the batch, naming the device and listing every record it stored.
    [event] = AuditEvent.objects.filter(object_type="helprecord")
    assert event.summary == "Đã lưu 2 lượt hỗ trợ: Nguyễn Văn An, Chị Mai"
    assert event.actor_id == world.volunteer.pk and event.ward_id == world.ward.pk
    assert event.changes["device"] == {"id": phone.token.pk, "name": "Điện thoại của Lan"}
    listed = {entry["client_id"]: entry for entry in event.changes["help_records"]}
    assert set(listed) == {r["client_id"] for r in sent}
    assert listed[walk_in["client_id"]]["person"] == "Chị Mai"


def test_a_retry_after_the_network_dropped_stores_nothing_twice(world, phone_of):
    phone = phone_of(world.volunteer)
    records = [record(world) for _ in range(3)]
    send(phone, records)  # the server stored them; the answer never reached the phone
    again = send(phone, records)
    assert [r["status"] for r in again.json()["results"]] == ["duplicate"] * 3
    assert HelpRecord.objects.count() == 3
    assert AuditEvent.objects.filter(object_type="helprecord").count() == 1  # the first batch


def test_the_same_record_twice_in_one_batch_is_stored_once(world, phone_of):
    one = record(world)
    response = send(phone_of(world.volunteer), [one, one])
    assert [r["status"] for r in response.json()["results"]] == ["stored", "duplicate"]
    assert HelpRecord.objects.count() == 1


def test_a_server_error_once_then_a_retry_stores_each_record_once(world, phone_of):
    phone = phone_of(world.volunteer)
    records = [record(world) for _ in range(3)]
    real = batches._update_statuses
    calls = []

    def fails_once(*args, **kwargs):
        calls.append(1)
        if len(calls) == 1:
            raise RuntimeError("disk full")
        return real(*args, **kwargs)

    phone.client.raise_request_exception = False
    with mock.patch.object(batches, "_update_statuses", fails_once):
        assert send(phone, records).status_code == 500
        assert HelpRecord.objects.count() == 0  # the whole batch was rolled back
        again = send(phone, records)
    assert [r["status"] for r in again.json()["results"]] == ["stored"] * 3
    assert HelpRecord.objects.count() == 3
    [event] = AuditEvent.objects.filter(object_type="helprecord")
    assert len(event.changes["help_records"]) == 3


def test_a_token_revoked_while_records_wait_stores_nothing(world, phone_of):
    phone = phone_of(world.volunteer)
    assert send(phone, [record(world)]).status_code == 200  # the first batch went through
    revoke_token(phone.token, by=world.officer)  # the phone is reported lost
    response = send(phone, [record(world), record(world)])
    assert response.status_code == 401
    body = response.json()
    assert body["code"] == "token_revoked"
    assert body["detail"].startswith("Thiết bị này đã bị cán bộ phường thu hồi quyền truy cập")
    assert HelpRecord.objects.count() == 1


def test_an_expired_token_is_refused(world, phone_of):
    phone = phone_of(world.volunteer)
    type(phone.token).objects.filter(pk=phone.token.pk).update(
        expires_at=timezone.now() - datetime.timedelta(minutes=1)
    )
    response = send(phone, [record(world)])
    assert (response.status_code, response.json()["code"]) == (401, "token_expired")
    assert HelpRecord.objects.count() == 0


def test_a_resident_moved_out_of_the_group_is_rejected_and_the_others_stored(world, phone_of):
    phone = phone_of(world.volunteer)
    moved, kept = record(world), record(world, resident_id=None, walk_in_name="Chị Mai")
    move_group_households(
        source=world.group11, target=world.group12, effective_on=datetime.date.today(),
        reason="sáp nhập",
    )  # fmt: skip
    results = send(phone, [moved, kept]).json()["results"]
    assert [r["status"] for r in results] == ["rejected", "stored"]
    assert results[0]["code"] == "resident_out_of_scope"
    assert results[0]["detail"].startswith("Người dân này không còn thuộc tổ dân phố của bạn")
    assert results[0]["detail_en"].startswith("This resident is no longer in your residential")
    assert HelpRecord.objects.filter(resident__isnull=True).count() == 1
    assert HelpRecord.objects.count() == 1


def test_a_withdrawn_service_is_rejected_with_the_help_forms_reason(world, phone_of):
    phone = phone_of(world.volunteer)
    Service.objects.filter(code="ihanoi").update(is_active=False)
    results = send(phone, [record(world, service="ihanoi"), record(world)]).json()["results"]
    assert [r["status"] for r in results] == ["rejected", "stored"]
    assert results[0]["code"] == "service_withdrawn"
    assert results[0]["detail"] == "Dịch vụ này không có trong danh mục của phường."
    assert results[0]["detail_en"] == "This service is not in the ward's catalog."


def test_a_batch_over_200_records_is_refused_whole(world, phone_of):
    response = send(phone_of(world.volunteer), [record(world) for _ in range(201)])
    assert response.status_code == 422
    assert response.json()["code"] == "invalid"
    assert HelpRecord.objects.count() == 0


def test_a_record_stored_by_another_request_meanwhile_is_a_duplicate(world, phone_of):
    """The same records sent twice at once: the second request finds none of them stored,
    then meets one at insert time; the others are still stored, each in its savepoint."""
    phone = phone_of(world.volunteer)
    records = [record(world) for _ in range(3)]
    real = batches._checked

    def raced(item, *args):
        checked = real(item, *args)
        if str(item.client_id) == records[1]["client_id"]:  # the other request stores it now
            ward, data = checked
            help_record(actor=world.volunteer, ward=ward, client_id=item.client_id, data=data)
        return checked

    with mock.patch.object(batches, "_checked", raced):
        results = send(phone, records).json()["results"]
    assert [r["status"] for r in results] == ["stored", "duplicate", "stored"]
    assert HelpRecord.objects.count() == 3


def test_a_coachs_phone_records_no_help_though_it_sees_the_group(world, phone_of):
    coach = factories.user("coach11", role=Role.COACH, ward_=world.ward, groups=(world.group11,))
    response = send(phone_of(coach), [record(world)])
    assert response.status_code == 403
    assert response.json()["code"] == "forbidden"
    assert not HelpRecord.objects.exists()
