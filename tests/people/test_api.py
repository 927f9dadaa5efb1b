"""The JSON API answers through the same scoped reads as the pages, a bounded page at a time,
every page in the audit log, and a clear 4xx for whatever it cannot answer."""

import pytest
from django.urls import reverse

from hocvuso.audit.models import AuditEvent
from tests import factories

GIANT = "99999999999999999999"


def test_the_api_needs_a_login(client, world):
    response = client.get("/api/registry/residents")
    assert response.status_code == 401 and response.json() == {
        "detail": "Cần đăng nhập trước.",
        "detail_en": "Log in first.",
    }


def test_the_volunteer_lists_only_group_11(client, world):
    client.force_login(world.volunteer)
    items = client.get("/api/registry/residents").json()["items"]
    assert {i["full_name"] for i in items} == {"Nguyễn Văn An", "Đỗ Thị Hường"}


def test_search_without_diacritics(client, world):
    client.force_login(world.officer)
    items = client.get("/api/registry/residents", {"q": "do thi huong"}).json()["items"]
    assert [i["full_name"] for i in items] == ["Đỗ Thị Hường"]


def test_another_groups_household_is_a_404(client, world):
    client.force_login(world.volunteer)
    assert client.get(f"/api/registry/households/{world.h12.pk}").status_code == 404
    body = client.get(f"/api/registry/households/{world.h11.pk}").json()
    assert body["key"] == "TM-011-001" and len(body["residents"]) == 2


def test_a_bad_parameter_is_a_clear_422(client, world):
    client.force_login(world.officer)
    response = client.get("/api/registry/residents", {"age": "old"})
    assert response.status_code == 422 and "không hợp lệ" in response.json()["detail"]


def test_the_openapi_description_is_served(client, world):
    client.force_login(world.officer)
    assert "/api/registry/residents" in client.get("/api/openapi.json").json()["paths"]
    assert reverse("api:openapi-view")


def test_a_page_holds_at_most_100_people(client, world):
    h = factories.household(world.group11, key="TM-011-900")
    for n in range(120):
        factories.resident(h, f"Người thứ {n}")
    client.force_login(world.officer)
    assert client.get("/api/registry/residents").json()["count"] == 123
    assert len(client.get("/api/registry/residents", {"limit": 100}).json()["items"]) == 100
    response = client.get("/api/registry/residents", {"limit": 20000})
    assert response.status_code == 422 and "items" not in response.json()
    assert not AuditEvent.objects.filter(changes__count__gt=100).exists()


@pytest.mark.parametrize("name", ["limit", "offset", "group"])
def test_a_giant_number_is_a_clear_422_in_both_languages(client, world, name):
    client.force_login(world.officer)
    response = client.get("/api/registry/residents", {name: GIANT})
    body = response.json()
    assert response.status_code == 422
    assert body["detail"] == "Có tham số không hợp lệ hoặc vượt giới hạn; xem “errors”."
    assert body["detail_en"] == "A parameter is not valid or out of its bounds; see “errors”."
    assert body["errors"][0]["loc"][-1] == name


def test_a_giant_household_number_is_a_422_not_a_crash(client, world):
    client.force_login(world.officer)
    assert client.get(f"/api/registry/households/{GIANT}").status_code == 422


def test_another_wards_group_is_a_404_with_both_messages(client, world):
    client.force_login(world.officer)
    response = client.get("/api/registry/residents", {"group": world.other_group.pk})
    assert response.status_code == 404 and response.json() == {
        "detail": "Tổ dân phố này không có, hoặc bạn không được xem tổ này.",
        "detail_en": "This residential group does not exist, or it is not one you may see.",
    }
    assert not AuditEvent.objects.filter(action="export").exists()


def test_the_volunteer_asking_for_group_12_gets_a_404_not_group_11(client, world):
    client.force_login(world.volunteer)
    response = client.get("/api/registry/residents", {"group": world.group12.pk})
    assert response.status_code == 404 and "items" not in response.json()


@pytest.mark.parametrize("q", ["An\x00", "a" * 101])
def test_a_search_that_cannot_be_searched_lists_nobody(client, world, q):
    client.force_login(world.officer)
    response = client.get("/api/registry/residents", {"q": q})
    assert response.status_code in (400, 422) and "items" not in response.json()


def test_the_disability_filter_is_refused_not_dropped(client, world):
    client.force_login(world.officer)
    response = client.get("/api/registry/residents", {"flags": "disability"})
    assert response.status_code == 422 and "items" not in response.json()


def test_every_api_page_is_logged_like_an_export(client, world):
    client.force_login(world.officer)
    query = {"group": world.group11.pk, "limit": 1, "offset": 1}
    assert len(client.get("/api/registry/residents", query).json()["items"]) == 1
    event = AuditEvent.objects.get(action="export")
    assert event.actor == world.officer and event.ward == world.ward
    assert event.summary == "Đã xem 1 bản ghi (từ số 2 đến 2 trong 2) qua API JSON."
    assert event.changes["group"] == world.group11.pk and event.changes["route"] == "api"
    assert (event.changes["offset"], event.changes["count"], event.changes["total"]) == (1, 1, 2)


def test_the_openapi_description_states_the_page_cap(client, world):
    client.force_login(world.officer)
    document = client.get("/api/openapi.json").json()
    assert "at most 100" in document["info"]["description"]
    limit = next(
        p for p in document["paths"]["/api/registry/residents"]["get"]["parameters"]
        if p["name"] == "limit"
    )  # fmt: skip
    assert limit["schema"]["maximum"] == 100
