"""Two people change the same visit or request: the first to reach the server wins, the
other gets 409 with the current state and nothing of theirs is written."""

from hocvuso.audit.models import AuditEvent
from hocvuso.support.models import RequestStatus, VisitStatus


def test_a_visit_recorded_on_an_old_version_gets_the_current_state(world, phone_of, field):
    first, second = phone_of(world.volunteer, "Máy 1"), phone_of(world.volunteer, "Máy 2")
    visit = first.get("/visits/mine").json()["items"][0]
    assert visit == {
        "id": field.visit.pk, "household_code": "TM-011-001",
        "address": "Số 12, ngõ 168 Trương Định", "planned_on": visit["planned_on"],
        "status": "planned", "version": 1,
    }  # fmt: skip
    done = first.post(f"/visits/{visit['id']}/record", {"status": "done", "note": "", "version": 1})
    assert (done.status_code, done.json()["version"]) == (200, 2)
    late = second.post(
        f"/visits/{visit['id']}/record", {"status": "cancelled", "note": "vắng nhà", "version": 1}
    )
    assert late.status_code == 409
    body = late.json()
    assert body["code"] == "conflict"
    assert body["detail"].startswith("Người khác đã thay đổi mục này trước")
    assert body["current"]["status"] == "done" and body["current"]["version"] == 2
    field.visit.refresh_from_db()
    assert field.visit.status == VisitStatus.DONE
    assert AuditEvent.objects.filter(object_type="homevisit").count() == 1


def test_requests_are_assigned_and_resolved_once(world, phone_of, field):
    first, second = phone_of(world.leader, "Máy 1"), phone_of(world.leader, "Máy 2")
    queue = first.get("/requests").json()["items"]
    assert [r["reference"] for r in queue] == ["ABCD2345"]
    assigned = first.post(
        f"/requests/{field.help_request.pk}/assign",
        {"assignee_id": field.member.pk, "version": 1},
    )
    assert assigned.status_code == 200
    assert assigned.json()["status"] == "assigned" and assigned.json()["version"] == 2
    late = second.post(f"/requests/{field.help_request.pk}/resolve", {"note": "xong", "version": 1})
    assert late.status_code == 409
    assert late.json()["current"]["assignee_name"] == "Vũ Thị Lan"
    resolved = second.post(
        f"/requests/{field.help_request.pk}/resolve", {"note": "Đã cài VNeID", "version": 2}
    )
    assert resolved.json()["status"] == RequestStatus.RESOLVED
    field.help_request.refresh_from_db()
    assert field.help_request.resolution == "Đã cài VNeID"
    assert field.help_request.version == 3


def test_a_volunteer_sees_the_queue_but_may_not_assign_or_resolve(world, phone_of, field):
    volunteer = phone_of(world.volunteer)
    assert volunteer.get("/me").json()["may_change_requests"] is False
    assert phone_of(world.leader).get("/me").json()["may_change_requests"] is True
    assert [r["reference"] for r in volunteer.get("/requests").json()["items"]] == ["ABCD2345"]
    for action, body in (("assign", {"assignee_id": field.member.pk}), ("resolve", {"note": "x"})):
        refused = volunteer.post(
            f"/requests/{field.help_request.pk}/{action}", {**body, "version": 1}
        )
        assert refused.status_code == 403
        assert refused.json()["code"] == "forbidden"
    field.help_request.refresh_from_db()
    assert field.help_request.version == 1 and field.help_request.resolution == ""
