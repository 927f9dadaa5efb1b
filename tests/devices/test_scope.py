"""A token reaches exactly what its person's pages reach: a volunteer's token of group 11
meets nothing of group 12, and an officer's token of one ward nothing of another, on every
endpoint of /api/v1."""

import datetime
import uuid

from hocvuso.devices.api import api_v1
from hocvuso.support.models import HelpRecord, HomeVisit
from hocvuso.teams.models import MobilePoint
from hocvuso.teams.services import roster_set, session_add

# Every operation of the API, so that a new one must be added to the test below.
COVERED = {
    "/me", "/devices/pair", "/residents/download", "/residents/lookup", "/services",
    "/points", "/help-records/batch", "/visits/mine", "/visits/{visit_id}/record", "/requests",
    "/priorities",
    "/requests/{request_id}/assign", "/requests/{request_id}/resolve", "/shifts/mine",
    "/shifts/{assignment_id}/check-in", "/learning/progress", "/campaigns/figures",
}  # fmt: skip


def test_every_operation_is_covered_here():
    paths = {path for router in api_v1._routers for path in router[1].path_operations}
    assert {p.rstrip("/") or "/" for p in paths} - {""} == COVERED


def _download(phone) -> set[str]:
    items = phone.get("/residents/download", limit=500).json()["items"]
    return {i["name"] for i in items}


def test_a_group_token_reaches_nothing_of_another_group_or_ward(world, phone_of, field):
    phone = phone_of(world.volunteer)
    assert _download(phone) == {"Nguyễn Văn An", "Đỗ Thị Hường"}
    for q in ("Thắng", "Bình", "TM-012", "HM-001"):
        assert phone.get("/residents/lookup", q=q).json()["items"] == []
    assert [v["id"] for v in phone.get("/visits/mine").json()["items"]] == [field.visit.pk]
    refused = phone.post(
        f"/visits/{field.other_visit.pk}/record", {"status": "done", "note": "", "version": 1}
    )
    assert (refused.status_code, refused.json()["code"]) == (404, "not_found")
    assert [r["id"] for r in phone.get("/requests").json()["items"]] == [field.help_request.pk]
    for action, body in (("assign", {"assignee_id": field.member.pk}), ("resolve", {"note": "x"})):
        response = phone.post(
            f"/requests/{field.other_request.pk}/{action}", {**body, "version": 1}
        )
        assert response.status_code == 404
    others = [r.pk for r in world.h12.residents.all()] + [
        r.pk for r in world.h_other.residents.all()
    ]
    results = phone.post(
        "/help-records/batch",
        {"records": [{"client_id": str(uuid.uuid4()), "resident_id": pk, "service": "vneid",
                      "task": "install"} for pk in others]},
    ).json()["results"]  # fmt: skip
    assert {r["code"] for r in results} == {"resident_out_of_scope"}
    assert HelpRecord.objects.count() == 0
    assert HomeVisit.objects.get(pk=field.other_visit.pk).version == 1


def test_a_ward_token_reaches_nothing_of_another_ward(world, phone_of, field):
    outsider = phone_of(world.outsider, "Máy phường Hoàng Mai", issued_by=world.outsider)
    assert _download(outsider) == {"Nguyễn Văn Bình"}
    assert outsider.get("/me").json()["ward"]["id"] == world.other_ward.pk
    assert outsider.get("/residents/lookup", q="An").json()["items"] == []
    assert outsider.get("/visits/mine").json()["items"] == []
    assert [r["id"] for r in outsider.get("/requests").json()["items"]] == [field.other_request.pk]
    for visit in (field.visit, field.other_visit):
        response = outsider.post(
            f"/visits/{visit.pk}/record", {"status": "done", "note": "", "version": 1}
        )
        assert response.status_code == 404
    assign = outsider.post(
        f"/requests/{field.help_request.pk}/assign", {"assignee_id": field.member.pk, "version": 1}
    )
    assert assign.status_code == 404
    resolve = outsider.post(
        f"/requests/{field.help_request.pk}/resolve", {"note": "x", "version": 1}
    )
    assert resolve.status_code == 404
    codes = {s["code"] for s in outsider.get("/services").json()}
    assert "vneid" in codes
    point = MobilePoint.objects.create(ward=world.ward, name="Điểm tổ 11", address="Số 2")
    assert outsider.get("/points").json() == []
    shift = session_add(
        point=point, date=datetime.date.today(), starts=datetime.time(0, 0),
        ends=datetime.time(23, 59),
    )  # fmt: skip
    roster_set(actor=world.officer, shift=shift, members=[field.member])
    mine = shift.assignments.get()
    assert outsider.post(f"/shifts/{mine.pk}/check-in", {}).status_code == 404
    assert outsider.get("/shifts/mine").json()["items"] == []
    assert outsider.get("/learning/progress").json() == {"trainings": [], "trained": False}
    figures = outsider.get("/campaigns/figures").json()["items"]
    assert all(f["ward_id"] == world.other_ward.pk for f in figures)


def test_a_logged_in_user_with_no_role_reads_nothing(world, client):
    client.force_login(world.nobody)
    assert client.get("/api/v1/residents/download").json()["items"] == []
    assert client.get("/api/v1/requests").json()["items"] == []
    assert client.get("/api/v1/me").status_code == 403
