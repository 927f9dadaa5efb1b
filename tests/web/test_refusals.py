"""What you ask for is what you get, or a plain refusal: a foreign or unknown ward, group or
filter is refused with a Vietnamese message, never replaced by the user's own ward or list."""

import pytest
from django.urls import reverse

from hocvuso.assistant.models import FaqEntry
from hocvuso.audit.models import AuditEvent
from hocvuso.places.models import ResidentialGroup
from hocvuso.support.models import Service
from hocvuso.teams.models import CommunityTeam

GROUP_REFUSED = "Tổ dân phố này không có, hoặc bạn không được xem tổ này."
WARD_REFUSED = "Phường này không có, hoặc không phải phường bạn phụ trách."
SEARCH_REFUSED = "Chỉ tìm tối đa 100 chữ và số; không tìm được nội dung này."
FILTER_REFUSED = "Không có bộ lọc này; hãy chọn trong danh sách."
GIANT = "99999999999999999999"


def refused(response, status: int, message: str) -> bool:
    return response.status_code == status and message in response.content.decode()


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_exporting_another_wards_group_is_refused_and_exports_nothing(client, world, fmt):
    client.force_login(world.officer)
    response = client.get(reverse("people:export", args=[fmt]), {"group": world.other_group.pk})
    assert refused(response, 404, GROUP_REFUSED)
    assert "attachment" not in response.get("Content-Disposition", "")
    assert not AuditEvent.objects.filter(action="export").exists()


def test_the_volunteer_asking_for_group_12_gets_a_refusal_not_group_11(client, world):
    client.force_login(world.officer)
    asked = {"group": world.other_group.pk}  # another ward's: the officer's export refuses it
    export = client.get(reverse("people:export", args=["csv"]), asked)
    assert refused(export, 404, GROUP_REFUSED)
    assert "Nguyễn Văn An" not in export.content.decode()
    client.force_login(world.volunteer)
    listing = client.get(reverse("people:residents"), {"group": world.group12.pk})
    assert refused(listing, 404, GROUP_REFUSED) and "Nguyễn Văn An" not in listing.content.decode()


@pytest.mark.parametrize("group", [GIANT, "0"])
def test_a_group_number_nothing_can_have_is_a_404_not_a_crash(client, world, group):
    client.force_login(world.officer)
    response = client.get(reverse("people:export", args=["csv"]), {"group": group})
    assert refused(response, 404, GROUP_REFUSED)


@pytest.mark.parametrize("group", ["11 OR 1=1", "-1", "١١"])
def test_a_group_that_is_not_a_number_is_a_400(client, world, group):
    client.force_login(world.officer)
    response = client.get(reverse("people:residents"), {"group": group})
    assert refused(response, 400, "Phường hoặc tổ dân phố phải được ghi bằng mã số.")


@pytest.mark.parametrize("q", ["Nguyễn\x00", "a" * 101])
@pytest.mark.parametrize("view", ["people:residents", "people:export"])
def test_a_search_that_cannot_be_searched_lists_nobody(client, world, q, view):
    client.force_login(world.officer)
    args = ["csv"] if view == "people:export" else []
    response = client.get(reverse(view, args=args), {"q": q})
    assert refused(response, 400, SEARCH_REFUSED)
    page = response.content.decode()
    assert "Nguyễn Văn An" not in page and "Trần Đức Thắng" not in page
    assert not AuditEvent.objects.filter(action="export").exists()


def test_a_search_of_exactly_100_characters_is_still_a_search(client, world):
    client.force_login(world.officer)
    assert client.get(reverse("people:residents"), {"q": "a" * 100}).status_code == 200


@pytest.mark.parametrize("query", [{"age": "old"}, {"flags": "rich"}])
def test_an_unknown_filter_is_refused_rather_than_dropped(client, world, query):
    client.force_login(world.officer)
    response = client.get(reverse("people:export", args=["csv"]), query)
    assert refused(response, 400, FILTER_REFUSED)


def test_help_search_refuses_a_nul_byte(client, world):
    client.force_login(world.volunteer)
    response = client.get(reverse("support:record"), {"q": "An\x00"})
    assert refused(response, 400, SEARCH_REFUSED)


def _posts(world):
    """Forms that create something in the ward named by `?ward=`."""
    return [
        ("places:groups", {"name": "Tổ dân phố số 99", "effective_on": "2025-07-01"},
         lambda: ResidentialGroup.objects.filter(name="Tổ dân phố số 99")),
        ("teams:team_new", {"name": "Đội số 99"},
         lambda: CommunityTeam.objects.filter(name="Đội số 99")),
        ("support:catalog", {"name": "Dịch vụ riêng 99"},
         lambda: Service.objects.filter(name="Dịch vụ riêng 99")),
        ("assistant:faq", {"question": "Hỏi 99?", "answer": "Đáp.", "is_active": "on"},
         lambda: FaqEntry.objects.filter(question="Hỏi 99?")),
    ]  # fmt: skip


@pytest.mark.parametrize("index", range(4))
def test_a_post_for_another_ward_creates_nothing_in_the_officers_own(client, world, index):
    name, data, created = _posts(world)[index]
    client.force_login(world.officer)
    url = reverse(name) + f"?ward={world.other_ward.pk}"
    assert refused(client.post(url, data), 404, WARD_REFUSED)
    assert not created().exists()
    # The same form for the officer's own ward still works.
    client.post(reverse(name) + f"?ward={world.ward.pk}", data)
    assert created().count() == 1


def test_creating_teams_for_every_group_of_another_ward_is_refused(client, world):
    client.force_login(world.officer)
    response = client.post(reverse("teams:for_groups"), {"ward": world.other_ward.pk})
    assert refused(response, 404, WARD_REFUSED)
    assert not CommunityTeam.objects.exists()


@pytest.mark.parametrize(("ward", "status"), [(GIANT, 404), ("x", 400)])
def test_a_ward_that_cannot_exist_is_refused_without_a_crash(client, world, ward, status):
    client.force_login(world.officer)
    response = client.get(reverse("places:groups"), {"ward": ward})
    assert response.status_code == status and "Tổ dân phố số 11" not in response.content.decode()


def test_a_non_officer_asking_for_a_ward_still_gets_a_403(client, world):
    client.force_login(world.volunteer)
    assert client.get(reverse("places:groups"), {"ward": world.ward.pk}).status_code == 403


def test_the_public_assistant_refuses_an_unknown_ward(client, world):
    response = client.get(reverse("assistant:ask"), {"ward": "4242", "q": "vneid"})
    assert refused(response, 404, WARD_REFUSED)


@pytest.mark.parametrize("view", ["support:requests", "audit:events"])
def test_an_unknown_status_or_action_filter_is_refused(client, world, view):
    client.force_login(world.officer)
    key = "status" if view == "support:requests" else "action"
    assert refused(client.get(reverse(view), {key: "everything"}), 400, FILTER_REFUSED)
