"""Help requests: a public form, a reference to follow it up, a queue per group; abuse-proof."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from hocvuso.support.models import HelpRequest, RequestStatus
from hocvuso.support.requests import request_file, request_update
from hocvuso.teams.models import TeamMember
from hocvuso.teams.services import teams_for_every_group

FORM = {
    "name": "Nguyễn Thị Lan",
    "phone": "0912 345 678",
    "address": "Số 12, ngõ 168 Trương Định",
    "need": "Cài VNeID cho mẹ tôi, 80 tuổi",
    "convenient_time": "Sáng thứ Bảy",
}


def filed_request(world, *, group, name: str, need: str) -> HelpRequest:
    filed, _created = request_file(
        ward=world.ward,
        group=group,
        name=name,
        phone="0912345678",
        address="",
        need=need,
        convenient_time="",
    )
    return filed


def file_via_form(client, world, **changes):
    return client.post(
        reverse("help_request", args=[world.ward.pk]),
        {**FORM, "group": world.group11.pk, **changes},
    )


def test_a_resident_files_a_request_and_gets_a_reference(client, world):
    page = file_via_form(client, world).content.decode()
    filed = HelpRequest.objects.get()
    assert filed.reference in page and filed.residential_group == world.group11
    assert filed.phone == "0912345678" and filed.status == RequestStatus.NEW
    assert not set(filed.reference) & set("01IOL")


def test_sending_the_form_twice_files_one_request(client, world):
    file_via_form(client, world)
    page = file_via_form(client, world).content.decode()
    assert HelpRequest.objects.count() == 1 and HelpRequest.objects.get().reference in page


def test_bad_input_is_refused_in_vietnamese_and_nothing_is_filed(client, world):
    page = file_via_form(client, world, name="", phone="12ab", need="").content.decode()
    assert "không phải số điện thoại" in page and not HelpRequest.objects.exists()


def test_a_group_of_another_ward_is_refused(client, world):
    file_via_form(client, world, group=world.other_group.pk)
    assert not HelpRequest.objects.exists()


def test_a_bot_filling_the_hidden_field_stores_nothing(client, world):
    file_via_form(client, world, website="http://spam.example")
    assert not HelpRequest.objects.exists()


def test_too_many_requests_from_one_address_are_refused(client, world):
    for n in range(5):
        file_via_form(client, world, need=f"Việc số {n}")
    response = file_via_form(client, world, need="Việc thứ sáu")
    assert response.status_code == 429 and "thử lại" in response.content.decode()
    assert HelpRequest.objects.count() == 5


def test_the_status_needs_the_reference_and_the_phone(client, world):
    filed = filed_request(
        world, group=world.group11, name="Bà Nguyễn Thị Lan", need="Cài VNeID cho mẹ"
    )
    page = client.post(
        reverse("help_status"), {"reference": filed.reference.lower(), "phone": "0912 345 678"}
    ).content.decode()
    assert "Mới" in page and "Nguyễn Thị Lan" not in page and "Cài VNeID" not in page
    page = client.post(
        reverse("help_status"), {"reference": filed.reference, "phone": "0987654321"}
    ).content.decode()
    assert "Không có yêu cầu nào" in page
    page = client.post(
        reverse("help_status"), {"reference": "ZZZZZZZZ", "phone": "0912345678"}
    ).content.decode()
    assert "Không có yêu cầu nào" in page


def test_guessing_codes_is_throttled(client, world):
    for _ in range(20):
        client.post(reverse("help_status"), {"reference": "ZZZZZZZZ", "phone": "0912345678"})
    assert (
        client.post(reverse("help_status"), {"reference": "X", "phone": "0912345678"}).status_code
        == 429
    )


def test_the_request_lands_in_its_groups_queue_only(client, world):
    filed_request(world, group=world.group12, name="Bà Hoa", need="iHanoi")
    client.force_login(world.volunteer)
    assert "Bà Hoa" not in client.get(reverse("support:requests")).content.decode()
    client.force_login(world.officer)
    assert "Bà Hoa" in client.get(reverse("support:requests")).content.decode()


@pytest.fixture
def member(world):
    teams_for_every_group(ward=world.ward, actor=world.officer)
    return TeamMember.objects.create(
        team=world.ward.teams.get(residential_group=world.group11),
        ward=world.ward,
        residential_group=world.group11,
        full_name="Lê Minh Đức",
        joined_on=datetime.date(2025, 8, 1),
    )


def test_assign_schedule_and_resolve(client, world, member):
    filed = filed_request(world, group=world.group11, name="Lan", need="VNeID")
    client.force_login(world.leader)
    url = reverse("support:request", args=[filed.pk])
    client.post(
        url,
        {
            "status": "new",
            "assigned_to": member.pk,
            "scheduled_for": "2026-12-05T09:00",
            "resolution": "",
            "action": "save",
        },
    )
    filed.refresh_from_db()
    assert filed.status == RequestStatus.SCHEDULED and filed.assigned_to == member
    page = client.post(
        url,
        {"status": "scheduled", "assigned_to": member.pk, "resolution": "", "action": "resolve"},
        follow=True,
    ).content.decode()
    assert "Hãy ghi" in page and HelpRequest.objects.get().status == RequestStatus.SCHEDULED
    client.post(
        url,
        {
            "status": "scheduled",
            "assigned_to": member.pk,
            "resolution": "Đã cài VNeID",
            "action": "resolve",
        },
    )
    assert HelpRequest.objects.get().status == RequestStatus.RESOLVED


def test_two_volunteers_closing_the_same_request_get_one_outcome(world, member):
    filed = filed_request(world, group=world.group11, name="Lan", need="VNeID")
    first = request_update(
        actor=world.leader,
        request_id=filed.pk,
        expected_status="new",
        assigned_to=member,
        scheduled_for=None,
        resolution="Đã cài",
        resolve=True,
    )
    second = request_update(
        actor=world.officer,
        request_id=filed.pk,
        expected_status="new",
        assigned_to=None,
        scheduled_for=None,
        resolution="Không liên lạc được",
        resolve=True,
    )
    assert first and not second
    assert HelpRequest.objects.get().resolution == "Đã cài"
    assert HelpRequest.objects.get().resolved_at <= timezone.now()
