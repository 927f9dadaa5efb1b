"""Reading many people is logged like an export, whatever the route: every API page, and every
page of a list past the first 50 people."""

from django.urls import reverse

from hocvuso.audit.models import AuditEvent
from tests import factories


def _many(world, count=60):
    h = factories.household(world.group12, key="TM-012-900")
    for n in range(count):
        factories.resident(h, f"Người thứ {n:02d}")


def test_the_first_page_of_the_list_is_not_logged(client, world):
    _many(world)
    client.force_login(world.officer)
    assert client.get(reverse("people:residents")).status_code == 200
    assert not AuditEvent.objects.filter(action="export").exists()


def test_paging_past_the_first_50_people_is_logged_with_the_filter(client, world):
    _many(world)
    client.force_login(world.officer)
    page = client.get(reverse("people:residents"), {"group": world.group12.pk, "page": 3})
    assert page.status_code == 200
    event = AuditEvent.objects.get(action="export")
    assert event.actor == world.officer and event.ward == world.ward
    assert event.summary == "Đã xem 11 bản ghi (từ số 51 đến 61 trong 61) qua danh sách nhân khẩu."
    assert event.changes["group"] == world.group12.pk and event.changes["route"] == "list"


def test_a_volunteer_paging_is_logged_in_their_ward_for_its_officer(client, world):
    h = factories.household(world.group11, key="TM-011-900")
    for n in range(55):
        factories.resident(h, f"Người thứ {n:02d}")
    client.force_login(world.volunteer)
    client.get(reverse("people:residents"), {"page": 3})
    event = AuditEvent.objects.get(action="export")
    assert event.actor == world.volunteer and event.ward == world.ward
    assert event.changes["count"] == 7 and event.changes["offset"] == 50


def test_the_export_names_how_many_people_it_held(client, world):
    client.force_login(world.officer)
    client.get(reverse("people:export", args=["csv"]), {"q": "nguyen"})
    event = AuditEvent.objects.get(action="export")
    assert event.ward == world.ward and "1" in event.summary and event.changes["q"] == "nguyen"
