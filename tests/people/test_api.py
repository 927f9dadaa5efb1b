"""The JSON API answers through the same scoped reads as the pages."""

from django.urls import reverse


def test_the_api_needs_a_login(client, world):
    response = client.get("/api/registry/residents")
    assert response.status_code == 401 and "đăng nhập" in response.json()["detail"]


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
