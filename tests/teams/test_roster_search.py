"""A shift roster past 30 members: only who is on the shift is listed, the others are found
by name on the server within the officer's ward, with or without script."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from hocvuso.teams.models import MobilePoint, Organisation, TeamMember
from hocvuso.teams.services import roster_set, session_add, teams_for_every_group

GIVEN = ["An", "Bình", "Chi", "Dũng", "Giang", "Hà", "Khánh", "Linh", "Minh", "Nam", "Oanh"]


def member(team, ward, name: str) -> TeamMember:
    return TeamMember.objects.create(
        team=team,
        ward=ward,
        residential_group=team.residential_group,
        full_name=name,
        organisation=Organisation.YOUTH_UNION,
        joined_on=datetime.date(2025, 8, 1),
    )


@pytest.fixture
def ward_teams(world):
    teams_for_every_group(ward=world.ward, actor=world.officer)
    teams_for_every_group(ward=world.other_ward, actor=world.outsider)
    team11 = world.ward.teams.get(residential_group=world.group11)
    team12 = world.ward.teams.exclude(pk=team11.pk).get()
    # 33 members named Lê Văn …, then two of the same name in two teams and one alone.
    for i in range(33):
        member(team11 if i % 2 else team12, world.ward, f"Lê Văn {GIVEN[i % 11]} {i}")
    return team11, team12


@pytest.fixture
def shift(world, ward_teams):
    point = MobilePoint.objects.create(ward=world.ward, name="Nhà văn hoá tổ 11", min_staff=2)
    made = session_add(
        point=point, date=timezone.localdate(), starts=datetime.time(8), ends=datetime.time(11)
    )
    roster_set(
        actor=world.officer, shift=made, members=TeamMember.objects.filter(ward=world.ward)[:2]
    )
    return made


def boxes(page: str) -> list[str]:
    return re.findall(r'<input type="checkbox" name="members"[^>]*>', page)


def test_the_roster_lists_only_who_is_on_the_shift_and_a_search(client, world, shift):
    client.force_login(world.officer)
    page = client.get(reverse("teams:shift", args=[shift.pk])).content.decode()
    assert len(boxes(page)) == 2 and all("checked" in box for box in boxes(page))
    assert "Thêm người: tìm theo tên" in page
    assert f'data-roster-search="/teams/members/search/?ward={world.ward.pk}"' in page
    assert "teams/roster.js" in page
    assert "Lê Văn Oanh 32" not in page  # the other 31 are found, not listed


def test_a_short_roster_keeps_its_check_boxes(client, world, db):
    teams_for_every_group(ward=world.ward, actor=world.officer)
    team = world.ward.teams.first()
    for name in ("Vũ Thị Lan", "Đỗ Văn Hùng"):
        member(team, world.ward, name)
    point = MobilePoint.objects.create(ward=world.ward, name="Nhà văn hoá", min_staff=1)
    made = session_add(
        point=point, date=timezone.localdate(), starts=datetime.time(8), ends=datetime.time(11)
    )
    client.force_login(world.officer)
    page = client.get(reverse("teams:shift", args=[made.pk])).content.decode()
    assert "Vũ Thị Lan" in page and "Đỗ Văn Hùng" in page
    assert page.count('type="checkbox" name="members"') == 2
    assert "Thêm người: tìm theo tên" not in page


def test_the_search_offers_the_wards_members_only(client, world, shift):
    stranger = member(world.other_ward.teams.get(), world.other_ward, "Lê Văn Lạ")
    client.force_login(world.officer)
    url = reverse("teams:member_search")
    found = client.get(url, {"ward": world.ward.pk, "q": "le van"}).json()["results"]
    assert len(found) == 20  # the first 20 of the ward's 33, at most
    assert not any("Lạ" in f["value"] for f in found)
    assert client.get(url, {"ward": world.other_ward.pk, "q": "la"}).json()["results"] == []
    client.force_login(world.outsider)
    theirs = client.get(url, {"ward": world.other_ward.pk, "q": "la"}).json()["results"]
    assert [f["value"] for f in theirs] == [f"Lê Văn Lạ #{stranger.pk}"]


def test_without_script_a_name_matching_one_member_is_added(client, world, shift, ward_teams):
    newcomer = member(ward_teams[0], world.ward, "Trần Quốc Bảo")
    on_shift = list(shift.members.values_list("pk", flat=True))
    client.force_login(world.officer)
    answer = client.post(
        reverse("teams:shift", args=[shift.pk]), {"members": on_shift, "add": "tran quoc bao"}
    )
    assert answer.status_code == 302
    assert set(shift.members.values_list("pk", flat=True)) == {*on_shift, newcomer.pk}


def test_without_script_a_name_matching_several_lists_them_to_choose(
    client, world, shift, ward_teams
):
    first, second = (member(team, world.ward, "Nguyễn Thị Hoa") for team in ward_teams)
    on_shift = list(shift.members.values_list("pk", flat=True))
    client.force_login(world.officer)
    url = reverse("teams:shift", args=[shift.pk])
    answer = client.post(url, {"members": on_shift, "add": "Nguyễn Thị Hoa"})
    page = answer.content.decode()
    assert answer.status_code == 200
    assert (
        "Có nhiều người khớp với “Nguyễn Thị Hoa”: "
        f"Nguyễn Thị Hoa ({ward_teams[0].name}), Nguyễn Thị Hoa ({ward_teams[1].name}). "
        "Hãy đánh dấu đúng người cần chọn ở dưới, hoặc gõ thêm chữ trong tên."
    ) in page
    assert f'value="{first.pk}"' in page and f'value="{second.pk}"' in page
    assert set(shift.members.values_list("pk", flat=True)) == set(on_shift)  # nothing saved
    # Ticking one of those listed saves it.
    assert client.post(url, {"members": [*on_shift, second.pk], "add": ""}).status_code == 302
    assert second in shift.members.all() and first not in shift.members.all()


def test_without_script_a_name_matching_no_one_is_said_so(client, world, shift):
    stranger = member(world.other_ward.teams.get(), world.other_ward, "Phạm Văn Lạ")
    client.force_login(world.officer)
    url = reverse("teams:shift", args=[shift.pk])
    for typed in ("Phạm Văn Lạ", f"Phạm Văn Lạ #{stranger.pk}"):
        page = client.post(url, {"add": typed}).content.decode()
        assert f"Không có ai tên “{typed}” trong số người được xếp vào ca này." in page
    assert not shift.members.filter(pk=stranger.pk).exists()


def test_a_member_outside_the_ward_is_never_added_by_its_id(client, world, shift):
    stranger = member(world.other_ward.teams.get(), world.other_ward, "Phạm Văn Lạ")
    on_shift = list(shift.members.values_list("pk", flat=True))
    client.force_login(world.officer)
    answer = client.post(
        reverse("teams:shift", args=[shift.pk]), {"members": [*on_shift, stranger.pk]}
    )
    assert answer.status_code == 200
    assert (
        f"Hãy chọn một lựa chọn hợp lệ. {stranger.pk} không phải là một trong các lựa chọn khả thi."
        in answer.content.decode()
    )
    assert not shift.members.filter(pk=stranger.pk).exists()
    assert shift.members.count() == len(on_shift)
