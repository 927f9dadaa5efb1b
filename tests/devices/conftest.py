import datetime
from dataclasses import dataclass

import pytest
from django.test import Client

from hocvuso.devices.services import issue_token
from hocvuso.support.models import HelpRequest, HomeVisit
from hocvuso.teams.models import TeamMember
from hocvuso.teams.services import teams_for_every_group


class Phone:
    """A device talking to /api/v1 with its token."""

    def __init__(self, plain: str) -> None:
        self.client = Client(HTTP_AUTHORIZATION=f"Bearer {plain}")

    def get(self, path: str, **params):
        return self.client.get(f"/api/v1{path}", params)

    def post(self, path: str, body: dict):
        return self.client.post(f"/api/v1{path}", body, content_type="application/json")


@pytest.fixture
def phone_of(world):
    def make(person, device_name="Điện thoại của Lan", days=30, issued_by=None):
        token, plain = issue_token(
            person=person, device_name=device_name, issued_by=issued_by or world.officer, days=days
        )
        phone = Phone(plain)
        phone.token = token
        return phone

    return make


@dataclass
class Field:
    member: TeamMember  # the volunteer of group 11, linked to the account
    visit: HomeVisit
    help_request: HelpRequest
    other_visit: HomeVisit
    other_request: HelpRequest


@pytest.fixture
def field(world) -> Field:
    teams_for_every_group(ward=world.ward, actor=world.officer)
    team = world.ward.teams.get(residential_group=world.group11)
    member = TeamMember.objects.create(
        team=team, ward=world.ward, residential_group=world.group11,
        full_name="Vũ Thị Lan", user=world.volunteer, joined_on=datetime.date(2025, 8, 1),
    )  # fmt: skip
    visit = HomeVisit.objects.create(
        ward=world.ward, residential_group=world.group11, household=world.h11,
        planned_on=datetime.date.today(), assigned_to=member, created_by=world.leader,
    )  # fmt: skip
    other_visit = HomeVisit.objects.create(
        ward=world.ward, residential_group=world.group12, household=world.h12,
        planned_on=datetime.date.today(), assigned_to=member, created_by=world.leader,
    )  # fmt: skip
    req = HelpRequest.objects.create(
        reference="ABCD2345", ward=world.ward, residential_group=world.group11,
        name="Bà Hoa", phone="0912000111", need="Cài VNeID",
    )  # fmt: skip
    other = HelpRequest.objects.create(
        reference="ABCD6789", ward=world.other_ward, name="Ông Bình", phone="0912000222",
        need="Nộp hồ sơ",
    )  # fmt: skip
    return Field(member, visit, req, other_visit, other)
