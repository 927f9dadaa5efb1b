"""Every staff list page reads a constant number of queries, however many rows it lists.

Each page is opened by the officer of a ward holding a few rows of every kind, then again
after many more rows of every kind were added: the second opening may not cost one query
more than the first (an N+1 shows as one query more per row)."""

import datetime
import itertools

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from hocvuso.audit.models import AuditEvent
from hocvuso.campaigns.models import Campaign
from hocvuso.learning.models import Certificate, ClassMember, Classroom, Course, Learner
from hocvuso.outreach.models import Article, Broadcast, Channel, Message
from hocvuso.people.models import ImportBatch
from hocvuso.support.models import HelpRecord, HelpRequest, HomeVisit, Service, Task
from hocvuso.teams.models import (
    CommunityTeam,
    MobilePoint,
    Organisation,
    Shift,
    ShiftAssignment,
    TeamMember,
    Training,
)
from tests import factories

FEW, MANY = 3, 15
_serial = itertools.count(1)


class Rows:
    """Adds rows of every kind a list page shows to group 11 of the world's ward."""

    def __init__(self, world) -> None:
        self.world = world
        w = world.ward
        self.team = CommunityTeam.objects.create(
            ward=w, residential_group=world.group11, name="Đội tổ 11"
        )
        self.point = MobilePoint.objects.create(ward=w, name="Nhà văn hoá tổ 11", address="Số 2")
        self.course = Course.objects.create(slug="dem-truy-van", title="Khoá mẫu", summary="Mẫu")
        self.classroom = Classroom.objects.create(
            ward=w,
            residential_group=world.group11,
            name="Lớp tổ 11",
            organisation=Organisation.OTHER,
            coach=world.officer,
            invite_code="QC000001",
        )
        self.service = Service.objects.filter(ward__isnull=True).first()
        self.campaign = Campaign.objects.create(
            name="Chiến dịch mẫu",
            starts_on=datetime.date(2026, 9, 1),
            ends_on=datetime.date(2026, 12, 31),
            created_by=world.officer,
        )
        self.campaign.wards.add(w)
        # The officer serves on every shift too, for their own list of shifts.
        self.me = TeamMember.objects.create(
            team=self.team,
            ward=w,
            residential_group=world.group11,
            full_name="Cán bộ phường",
            user=world.officer,
            joined_on=datetime.date(2026, 1, 1),
        )

    def add(self, count: int) -> None:
        world, w, g = self.world, self.world.ward, self.world.group11
        now = timezone.now()
        for _ in range(count):
            n = self.last = next(_serial)
            household = factories.household(g, key=f"QC-{n:05d}", address=f"Số {n} ngõ mẫu")
            resident = factories.resident(household, f"Người Mẫu {n}", birth_year=1940 + n % 50)
            member = TeamMember.objects.create(
                team=self.team,
                ward=w,
                residential_group=g,
                full_name=f"Thành viên {n}",
                joined_on=datetime.date(2026, 1, 1),
            )
            HelpRecord.objects.create(
                ward=w,
                residential_group=g,
                resident=resident,
                point=self.point,
                service=self.service,
                task=Task.values[0],
                helped_by=world.officer,
                helped_at=now,
            )
            HelpRequest.objects.create(
                reference=f"QC{n:06d}",
                ward=w,
                residential_group=g,
                name=f"Người nhờ {n}",
                phone="0912345678",
                need="Cài VNeID",
                assigned_to=member,
            )
            HomeVisit.objects.create(
                ward=w,
                residential_group=g,
                household=household,
                planned_on=now.date(),
                assigned_to=member,
                created_by=world.officer,
            )
            Training.objects.create(
                ward=w, held_on=now.date(), topic=f"Tập huấn {n}", trainer="Cán bộ"
            )
            shift = Shift.objects.create(
                point=self.point,
                ward=w,
                date=now.date() + datetime.timedelta(days=n),
                starts=datetime.time(8),
                ends=datetime.time(11),
            )
            ShiftAssignment.objects.create(shift=shift, member=member)
            ShiftAssignment.objects.create(shift=shift, member=self.me)
            factories.group(w, f"Tổ dân phố mẫu {n}")
            MobilePoint.objects.create(ward=w, name=f"Điểm {n}", address=f"Số {n}")
            CommunityTeam.objects.create(ward=w, residential_group=g, name=f"Đội {n}")
            campaign = Campaign.objects.create(
                name=f"Chiến dịch {n}",
                starts_on=datetime.date(2026, 9, 1),
                ends_on=datetime.date(2026, 12, 31),
                created_by=world.officer,
            )
            campaign.wards.add(w)
            Article.objects.create(
                ward=w, title=f"Tin {n}", body_html="<p>Tin</p>", author=world.officer
            )
            Broadcast.objects.create(
                ward=w, scheduled_at=now + datetime.timedelta(hours=n), title=f"Phát thanh {n}"
            )
            Channel.objects.create(ward=w, residential_group=g, kind="sms", name=f"Kênh {n}")
            Message.objects.create(
                ward=w,
                residential_group=g,
                subject=f"Tin nhắn {n}",
                body="Họp tổ",
                author=world.officer,
            )
            learner = Learner.objects.create(
                resident=resident, ward=w, residential_group=g, full_name=resident.full_name
            )
            ClassMember.objects.create(
                classroom=self.classroom, learner=learner, via=ClassMember.Via.REGISTRY
            )
            Certificate.objects.create(
                code=f"QC{n:06d}",
                learner=learner,
                course=self.course,
                name=resident.full_name,
                score=90,
                issued_at=now,
                ward=w,
                residential_group=g,
            )
            Classroom.objects.create(
                ward=w,
                residential_group=g,
                name=f"Lớp {n}",
                organisation=Organisation.OTHER,
                coach=world.officer,
                invite_code=f"Q{n:07d}",
            )
            AuditEvent.objects.create(
                actor=world.officer,
                ward=w,
                action=AuditEvent.Action.values[0],
                object_type="resident",
                summary=f"Sự kiện {n}",
            )
            ImportBatch.objects.create(
                ward=w, created_by=world.officer, filename=f"danh-sach-{n}.xlsx", sha256=f"{n:064d}"
            )


# Each staff list page as the officer opens it: its name, arguments, more of the query string,
# and what it shows of the newest row ("" where the page lists something else: the priority
# list ranks households, "my shifts" shows the coming week).
PAGES = [
    ("people:residents", (), "", "Người Mẫu {n}"),
    ("places:groups", (), "", "Tổ dân phố mẫu {n}"),
    ("support:record", (), "&q=Người Mẫu", "Người Mẫu {n}"),
    ("support:requests", (), "", "Người nhờ {n}"),
    ("support:priorities", (), "", ""),
    ("support:caseload", (), "", "Số {n} ngõ mẫu"),
    ("teams:teams", (), "", "Đội {n}"),
    ("teams:trainings", (), "", "Tập huấn {n}"),
    ("teams:points", (), "", "Điểm {n}"),
    ("teams:my_shifts", (), "", ""),
    ("campaigns:list", (), "", "Chiến dịch {n}"),
    ("outreach:news", (), "", "Tin {n}"),
    ("outreach:broadcasts", (), "", "Phát thanh {n}"),
    ("outreach:outbox", (), "", "Tin nhắn {n}"),
    ("outreach:channels", (), "", "Kênh {n}"),
    ("learning:classes", (), "", "Lớp {n}"),
    ("learning:certificates", (), "", "Người Mẫu {n}"),
    ("audit:events", (), "", "Sự kiện {n}"),
    ("people:import", (), "", "danh-sach-{n}.xlsx"),
]


def _queries(client, url: str, shows: str = "") -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    assert shows in response.content.decode(), f"{url} does not list {shows!r}"
    return len(captured)


@pytest.mark.parametrize(("name", "args", "query", "shows"), PAGES, ids=[p[0] for p in PAGES])
def test_list_page_queries_do_not_grow_with_rows(client, world, name, args, query, shows):
    rows = Rows(world)
    rows.add(FEW)
    client.force_login(world.officer)
    url = reverse(name, args=args) + f"?ward={world.ward.pk}{query}"
    _queries(client, url)  # the search index takes in the new residents, caches fill
    few = _queries(client, url)
    rows.add(MANY - FEW)
    _queries(client, url)  # the search index takes in the new residents once
    many = _queries(client, url, shows.format(n=rows.last))
    assert many <= few, f"{url}: {few} queries with {FEW} rows, {many} with {MANY}"


def test_shift_roster_queries_do_not_grow_with_members(client, world):
    rows = Rows(world)
    rows.add(FEW)
    client.force_login(world.officer)
    shift = Shift.objects.filter(point=rows.point).order_by("date").first()
    url = reverse("teams:shift", args=[shift.pk])
    _queries(client, url)
    few = _queries(client, url)
    rows.add(MANY - FEW)
    for member in TeamMember.objects.filter(team=rows.team).exclude(assignments__shift=shift):
        ShiftAssignment.objects.create(shift=shift, member=member)
    many = _queries(client, url, f"Thành viên {rows.last}")
    assert many <= few, f"{url}: {few} queries with {FEW} members, {many} with {MANY}"
