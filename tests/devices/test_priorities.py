"""The priority list on the phone: `GET /api/v1/priorities` lists exactly the households the
web's "Households to visit" lists for the same person, in the same order, with the reasons
in Vietnamese; a disability is named only while its consent stands, and naming it is
read-logged as on the web. Help recorded on a home visit is attached to it."""

import datetime
import re
import uuid

import pytest
from django.test import Client

from hocvuso.accounts.models import Role
from hocvuso.audit.models import AuditEvent
from hocvuso.people.services import disability_record, disability_remove
from hocvuso.support.models import HelpRecord, HomeVisit, VisitStatus
from tests import factories


@pytest.fixture
def households(world):
    """Group 11 holds, besides TM-011-001 (two elderly people), a lone elderly man with no
    smartphone (first), and a household already helped that has nothing to visit for."""
    alone = factories.household(world.group11, key="TM-011-050", has_smartphone=False)
    factories.resident(alone, "Cụ Phạm Văn Lộc", birth_year=1938, is_head=True)
    young = factories.household(world.group11, key="TM-011-060", has_smartphone=False)
    factories.resident(young, "Lê Văn Hải", birth_year=1995, is_head=True)
    return alone, young


def _web_keys(user) -> list[str]:
    client = Client()
    client.force_login(user)
    response = client.get("/support/visits/")
    assert response.status_code == 200
    return re.findall(r"<strong>([A-Z]{2}-\d{3}-\d{3})</strong>", response.content.decode())


def _api(phone, **params) -> list[dict]:
    response = phone.get("/priorities", **params)
    assert response.status_code == 200, response.content
    return response.json()["items"]


def test_the_phone_lists_the_web_lists_households_in_its_order(world, phone_of, households):
    phone = phone_of(world.volunteer)
    items = _api(phone)
    keys = [i["household_code"] for i in items]
    assert keys == _web_keys(world.volunteer)
    assert keys[0] == "TM-011-050" and set(keys) == {"TM-011-050", "TM-011-001", "TM-011-060"}
    first = items[0]
    assert first["address"] and first["group_name"] == "Tổ dân phố số 11"
    assert first["household_id"] == households[0].pk and first["group_id"] == world.group11.pk
    assert [r["text"] for r in first["reasons"]] == [
        "Người cao tuổi sống một mình",
        "Không có điện thoại thông minh",
        "Chưa được hỗ trợ lần nào",
    ]
    # A page at a time, in the same order.
    paged, cursor = [], ""
    while True:
        page = phone.get("/priorities", limit=1, **({"cursor": cursor} if cursor else {})).json()
        paged += [i["household_code"] for i in page["items"]]
        if not (cursor := page["next_cursor"]):
            break
    assert paged == keys
    # No one's phone number travels with the list.
    assert "0912345678" not in phone.get("/priorities").content.decode()


def test_another_groups_or_wards_token_sees_none_of_it(world, phone_of, households):
    officer = [i["household_code"] for i in _api(phone_of(world.officer))]
    assert officer == _web_keys(world.officer)
    assert "TM-012-001" in officer and "HM-001-001" not in officer
    outsider = [
        i["household_code"] for i in _api(phone_of(world.outsider, issued_by=world.outsider))
    ]
    assert outsider == ["HM-001-001"]
    leader12 = factories.user(
        "leader12", role=Role.LEADER, ward_=world.ward, groups=(world.group12,)
    )
    assert [i["household_code"] for i in _api(phone_of(leader12))] == ["TM-012-001"]


def test_bounds_and_errors_are_the_apis(world, phone_of):
    phone = phone_of(world.volunteer)
    too_many = phone.get("/priorities", limit=501)
    assert (too_many.status_code, too_many.json()["code"]) == (422, "invalid")
    bad = phone.get("/priorities", cursor="made-up")
    assert (bad.status_code, bad.json()["code"]) == (400, "cursor_invalid")
    assert Client().get("/api/v1/priorities").json()["code"] == "token_invalid"


def test_a_disability_shows_while_its_consent_stands_and_is_read_logged(
    world, phone_of, households
):
    phone = phone_of(world.volunteer)
    _api(phone)
    assert not AuditEvent.objects.filter(action="read_sensitive").exists()
    disability_record(
        actor=world.officer, resident=world.an, description="Đi lại khó khăn",
        given_by="Ông An", given_on=datetime.date(2026, 11, 1),
    )  # fmt: skip
    response = phone.get("/priorities")
    h11 = next(i for i in response.json()["items"] if i["household_code"] == "TM-011-001")
    assert "Khuyết tật" in [r["text"] for r in h11["reasons"]]
    assert "Đi lại khó khăn" not in response.content.decode(), "the web list shows no detail"
    event = AuditEvent.objects.get(action="read_sensitive")
    assert (event.object_type, event.ward_id) == ("disability", world.ward.pk)
    assert event.changes["device"]["id"] == phone.token.pk
    # The consent withdrawn: the disability is gone from the list, and nothing more is read.
    disability_remove(actor=world.officer, resident=world.an)
    h11 = next(i for i in _api(phone) if i["household_code"] == "TM-011-001")
    assert "disability" not in [r["code"] for r in h11["reasons"]]
    assert AuditEvent.objects.filter(action="read_sensitive").count() == 1


def test_help_on_a_visit_is_attached_to_it_only_within_scope(world, phone_of, field):
    phone = phone_of(world.volunteer)
    neighbour = factories.household(world.group11, key="TM-011-070")
    other_resident = factories.resident(neighbour, "Lê Thị Mai", is_head=True)

    def send(resident_id, visit_id):
        record = {"client_id": str(uuid.uuid4()), "resident_id": resident_id, "visit_id": visit_id,
                  "service": "vneid", "task": "install", "place": "home"}  # fmt: skip
        return phone.post("/help-records/batch", {"records": [record]}).json()["results"][0]

    # Another group's visit, and this household's visit for a resident of another household.
    for resident_id, visit_id in ((world.an.pk, field.other_visit.pk),
                                  (other_resident.pk, field.visit.pk)):  # fmt: skip
        result = send(resident_id, visit_id)
        assert (result["status"], result["code"]) == ("rejected", "visit_out_of_scope")
        assert result["detail"].startswith("Chuyến thăm này")
    assert HelpRecord.objects.count() == 0
    assert HomeVisit.objects.get(pk=field.visit.pk).status == VisitStatus.PLANNED
    assert send(world.an.pk, field.visit.pk)["status"] == "stored"
    assert HelpRecord.objects.get().visit_id == field.visit.pk
    assert HomeVisit.objects.get(pk=field.visit.pk).status == VisitStatus.DONE
    # Without a visit, as before.
    assert send(world.an.pk, None)["status"] == "stored"
