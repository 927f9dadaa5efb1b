"""Community digital teams: one per residential group, members with or without an account,
trainings with attendance; managed by the officer and the group's leader, read by the rest."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from hocvuso.audit.models import AuditEvent
from hocvuso.teams.models import CommunityTeam, Organisation, TeamMember, Training
from hocvuso.teams.services import member_save, teams_for_every_group, training_save


@pytest.fixture
def teams(world):
    teams_for_every_group(ward=world.ward, actor=world.officer)
    teams_for_every_group(ward=world.other_ward, actor=world.outsider)
    return {team.residential_group_id: team for team in CommunityTeam.objects.all()}


def add_member(world, team, name, **extra):
    data = {
        "full_name": name,
        "phone": "",
        "organisation": Organisation.YOUTH_UNION,
        "skills": "",
        "is_leader": False,
        "joined_on": datetime.date(2025, 8, 1),
        "left_on": None,
        **extra,
    }
    return member_save(actor=world.officer, member=TeamMember(), team=team, data=data)


def test_every_group_gets_one_team_and_asking_again_adds_none(world, teams):
    assert world.ward.teams.count() == 2
    assert teams_for_every_group(ward=world.ward, actor=world.officer) == 0
    assert teams[world.group11.pk].name == "Tổ công nghệ số của Tổ dân phố số 11"


def test_a_volunteer_sees_only_their_groups_team(client, world, teams):
    client.force_login(world.volunteer)
    page = client.get(reverse("teams:teams")).content.decode()
    assert "Tổ dân phố số 11" in page and "Tổ dân phố số 12" not in page
    assert client.get(reverse("teams:team", args=[teams[world.group12.pk].pk])).status_code == 404


def test_the_leader_adds_a_member_of_their_team_in_vietnamese(client, world, teams):
    team = teams[world.group11.pk]
    client.force_login(world.leader)
    response = client.post(
        reverse("teams:member_new", args=[team.pk]),
        {
            "full_name": "Phạm Thu Trang",
            "phone": "0912 000 333",
            "organisation": "womens_union",
            "skills": "Cài VNeID",
            "joined_on": "2025-08-05",
        },
    )
    assert response.status_code == 302
    member = TeamMember.objects.get(full_name="Phạm Thu Trang")
    assert member.phone == "0912000333" and member.residential_group_id == world.group11.pk
    assert AuditEvent.objects.filter(object_type="teammember", actor=world.leader).exists()
    page = client.get(reverse("teams:team", args=[team.pk])).content.decode()
    assert "Phạm Thu Trang" in page and "Hội Liên hiệp Phụ nữ" in page


def test_a_volunteer_reads_the_team_but_cannot_change_it(client, world, teams):
    team = teams[world.group11.pk]
    client.force_login(world.volunteer)
    assert client.get(reverse("teams:team", args=[team.pk])).status_code == 200
    response = client.post(reverse("teams:member_new", args=[team.pk]), {"full_name": "X"})
    assert response.status_code == 403
    assert not TeamMember.objects.exists()


def test_the_leader_of_group_11_cannot_touch_group_12s_team(client, world, teams):
    client.force_login(world.leader)
    url = reverse("teams:member_new", args=[teams[world.group12.pk].pk])
    assert client.get(url).status_code == 404


def test_bad_member_input_is_refused_in_vietnamese(client, world, teams):
    client.force_login(world.officer)
    response = client.post(
        reverse("teams:member_new", args=[teams[world.group11.pk].pk]),
        {
            "full_name": "42",
            "phone": "abc",
            "organisation": "mafia",
            "joined_on": "2025-08-05",
            "left_on": "2025-01-01",
        },
    )
    page = response.content.decode()
    assert response.status_code == 200 and "không phải số điện thoại" in page
    assert not TeamMember.objects.exists()


def test_an_account_of_another_ward_cannot_be_linked(client, world, teams):
    client.force_login(world.officer)
    client.post(
        reverse("teams:member_new", args=[teams[world.group11.pk].pk]),
        {
            "full_name": "Người Lạ",
            "organisation": "other",
            "joined_on": "2025-08-05",
            "user": world.outsider.pk,
        },
    )
    assert not TeamMember.objects.exists()


def test_a_training_records_who_attended_and_the_team_counts_them(client, world, teams):
    team = teams[world.group11.pk]
    trained = add_member(world, team, "Lê Minh Đức")
    add_member(world, team, "Vũ Thị Lan")
    client.force_login(world.officer)
    response = client.post(
        reverse("teams:training_new"),
        {
            "held_on": "2025-08-10",
            "topic": "Hướng dẫn cài VNeID mức 2",
            "trainer": "Công an phường",
            "place": "Nhà văn hoá",
            "attendees": [trained.pk],
        },
    )
    assert response.status_code == 302
    assert list(Training.objects.get().attendees.all()) == [trained]
    page = client.get(reverse("teams:teams")).content.decode()
    assert '<p class="figure">1</p><p>thành viên đã được tập huấn' in page.replace("\n", "")


def test_a_member_of_another_ward_cannot_be_marked_present(world, teams):
    stranger = add_member(world, teams[world.other_group.pk], "Người Phường Khác")
    with pytest.raises(ValidationError):
        training_save(
            actor=world.officer,
            training=Training(),
            ward=world.ward,
            data={"held_on": datetime.date(2025, 8, 10), "topic": "x", "trainer": "y", "place": ""},
            attendees=[stranger],
        )


def test_only_officers_record_trainings(client, world, teams):
    client.force_login(world.leader)
    assert client.get(reverse("teams:training_new")).status_code == 403


def test_an_officer_adds_a_ward_team_and_a_leader_cannot(client, world, teams):
    client.force_login(world.leader)
    assert client.get(reverse("teams:team_new")).status_code == 403
    client.force_login(world.officer)
    response = client.post(reverse("teams:team_new"), {"name": "Đội hình Thanh niên tình nguyện"})
    assert response.status_code == 302
    team = CommunityTeam.objects.get(name="Đội hình Thanh niên tình nguyện")
    assert team.ward == world.ward and team.residential_group is None
    client.post(reverse("teams:team_new"), {"name": "đội hình thanh niên tình nguyện"})
    assert CommunityTeam.objects.filter(name__iexact="Đội hình Thanh niên tình nguyện").count() == 1


def test_linking_an_account_is_logged_with_the_dates_of_the_change(client, world, teams):
    client.force_login(world.officer)
    url = reverse("teams:member_new", args=[teams[world.group11.pk].pk])
    client.post(
        url,
        {
            "full_name": "Lê Minh Đức",
            "organisation": "youth_union",
            "joined_on": "2025-08-05",
            "user": world.volunteer.pk,
        },
    )
    member = TeamMember.objects.get(full_name="Lê Minh Đức")
    assert member.user == world.volunteer
    event = AuditEvent.objects.get(object_type="teammember", object_id=str(member.pk))
    assert event.changes["user_id"] == [None, world.volunteer.pk]
    assert event.changes["joined_on"] == [None, "2025-08-05"]
