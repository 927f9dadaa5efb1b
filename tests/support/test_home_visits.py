"""Home visits: a priority list, a plan for one member or a pair, the visit closed by the
help recorded on it, follow-ups back on the list, and the leader's caseload."""

import datetime
import uuid

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from hocvuso.audit.models import AuditEvent
from hocvuso.people.models import Household
from hocvuso.people.services import disability_record
from hocvuso.support.models import HelpRecord, HomeVisit, Service, VisitStatus
from hocvuso.support.services import HelpInput, help_record
from hocvuso.support.visits import VisitPlan, caseload, priority_households, visit_plan
from hocvuso.teams.models import TeamMember
from hocvuso.teams.services import teams_for_every_group
from tests import factories


@pytest.fixture
def members(world):
    teams_for_every_group(ward=world.ward, actor=world.officer)
    team = world.ward.teams.get(residential_group=world.group11)
    return [
        TeamMember.objects.create(
            team=team,
            ward=world.ward,
            residential_group=world.group11,
            full_name=name,
            joined_on=datetime.date(2025, 8, 1),
        )
        for name in ("Lê Minh Đức", "Vũ Thị Lan")
    ]


@pytest.fixture
def alone(world):
    h = factories.household(world.group11, key="TM-011-050", has_smartphone=False)
    factories.resident(h, "Cụ Phạm Văn Lộc", birth_year=1938, is_head=True)
    return h


def plan(world, household, visitor, partner=None, *, days=0):
    """The leader plans a visit `days` from today."""
    return visit_plan(
        actor=world.leader,
        plan=VisitPlan(
            household=household,
            planned_on=timezone.localdate() + datetime.timedelta(days=days),
            assigned_to=visitor,
            partner=partner,
        ),
    )


def keys(user):
    return [h.key for h in priority_households(user)]


def test_an_elderly_person_living_alone_without_a_smartphone_comes_first(world, alone):
    assert keys(world.leader)[0] == "TM-011-050"
    assert "TM-012-001" not in keys(world.leader), "group 12 is not the leader's"


def test_a_disability_raises_the_priority(world, alone):
    disability_record(
        actor=world.officer,
        resident=world.an,
        description="Đi lại khó khăn",
        given_by="Ông An",
        given_on=datetime.date(2026, 11, 1),
    )
    first = priority_households(world.leader)[0]
    assert first.key in ("TM-011-001", "TM-011-050") and world.h11.key in keys(world.leader)[:2]


def test_a_planned_visit_leaves_the_list_and_shows_in_the_caseload(world, alone, members):
    plan(world, alone, members[0], members[1])
    assert "TM-011-050" not in keys(world.leader)
    load = caseload(world.leader)
    assert [v["key"] for v in load.planned] == ["TM-011-050"]
    assert load.by_member == [("Lê Minh Đức", 1, 0)]


def test_a_visit_cannot_be_planned_twice_in_the_past_or_with_the_same_person(world, alone, members):
    with pytest.raises(ValidationError):
        plan(world, alone, members[0], days=-1)
    with pytest.raises(ValidationError):
        plan(world, alone, members[0], members[0])
    plan(world, alone, members[0])
    with pytest.raises(ValidationError):
        plan(world, alone, members[1])


def test_help_recorded_on_the_visit_closes_it_and_a_follow_up_brings_the_household_back(
    world, alone, members
):
    visit = plan(world, alone, members[0])
    resident = alone.residents.get()
    vneid = Service.objects.get(code="vneid")
    help_record(
        actor=world.volunteer,
        ward=world.ward,
        client_id=uuid.uuid4(),
        data=HelpInput(
            resident=resident, service=vneid, task="vneid_level2", outcome="follow_up", visit=visit
        ),
    )
    assert HomeVisit.objects.get(pk=visit.pk).status == VisitStatus.DONE
    assert "TM-011-050" in keys(world.leader), "the open follow-up puts it back on the list"
    help_record(
        actor=world.volunteer,
        ward=world.ward,
        client_id=uuid.uuid4(),
        data=HelpInput(resident=resident, service=vneid, task="vneid_level2"),
    )
    first = next(h for h in priority_households(world.leader) if h.key == "TM-011-050")
    assert first.follow_up == 0


def test_two_volunteers_closing_the_same_visit_both_keep_their_help(world, alone, members):
    visit = plan(world, alone, members[0], members[1])
    resident = alone.residents.get()
    for _ in range(2):
        help_record(
            actor=world.volunteer,
            ward=world.ward,
            client_id=uuid.uuid4(),
            data=HelpInput(
                resident=resident,
                service=Service.objects.get(code="vneid"),
                task="install",
                visit=visit,
            ),
        )
    assert HelpRecord.objects.filter(visit=visit).count() == 2
    assert HomeVisit.objects.get(pk=visit.pk).status == VisitStatus.DONE


def test_the_leader_plans_through_the_page_and_a_volunteer_cannot(client, world, alone, members):
    url = reverse("support:visit_plan", args=[alone.pk])
    client.force_login(world.volunteer)
    assert client.get(url).status_code == 403
    client.force_login(world.leader)
    response = client.post(
        url, {"planned_on": timezone.localdate().isoformat(), "assigned_to": members[0].pk}
    )
    assert response.status_code == 302
    page = client.get(reverse("support:caseload")).content.decode()
    assert "TM-011-050" in page and "Lê Minh Đức" in page


def test_the_priority_page_logs_that_it_shows_disabilities(client, world, alone):
    disability_record(
        actor=world.officer,
        resident=world.an,
        description="Đi lại khó khăn",
        given_by="Ông An",
        given_on=datetime.date(2026, 11, 1),
    )
    client.force_login(world.leader)
    page = client.get(reverse("support:priorities")).content.decode()
    assert "khuyết tật" in page
    assert AuditEvent.objects.filter(action="read_sensitive", actor=world.leader).exists()


def test_an_overdue_visit_is_shown_as_overdue(world, alone, members):
    visit = plan(world, alone, members[0])
    HomeVisit.objects.filter(pk=visit.pk).update(
        planned_on=timezone.localdate() - datetime.timedelta(days=3)
    )
    load = caseload(world.leader)
    assert [v["pk"] for v in load.overdue] == [visit.pk] and load.planned == []
    assert Household.objects.get(pk=alone.pk).first_reached_at is None


def test_a_volunteer_sees_their_own_visits_first(world, alone, members):
    members[1].user = world.volunteer
    members[1].save()
    plan(world, alone, members[0], members[1])
    assert [v["key"] for v in caseload(world.volunteer).mine] == ["TM-011-050"]
    assert caseload(world.leader).mine == []


def test_the_caseload_counts_the_same_read_whole_or_counted_by_the_database(
    world, members, monkeypatch
):
    """A group's caseload is read in one query and counted in Python, a ward's is counted by
    the database and paged: both give the same figures, lists and members, and both count
    a visit done at midnight 30 days ago, but not one done a second earlier."""
    from hocvuso.support import visits

    members[1].user = world.volunteer
    members[1].save()
    today = timezone.localdate()
    households = [factories.household(world.group11, key=f"TM-011-2{n:02d}") for n in range(7)]
    for n, days in enumerate((-13, -11, 0, 2, 5)):
        visit = plan(world, households[n], members[n % 2], members[1] if n == 0 else None)
        HomeVisit.objects.filter(pk=visit.pk).update(
            planned_on=today + datetime.timedelta(days=days)
        )
    midnight = timezone.make_aware(
        datetime.datetime.combine(today - datetime.timedelta(days=30), datetime.time.min)
    )
    for household, done_at in (
        (households[5], midnight),
        (households[6], midnight - datetime.timedelta(seconds=1)),
    ):
        visit = plan(world, household, members[0])
        HomeVisit.objects.filter(pk=visit.pk).update(status=VisitStatus.DONE, done_at=done_at)
    # One more open visit, in group 12, which neither sees.
    plan(world, factories.household(world.group12, key="TM-012-200"), members[1])

    def shown(load):
        return (
            [v["key"] for v in load.mine],
            [v["key"] for v in load.open],
            [v["key"] for v in load.overdue],
            (load.planned_count, load.overdue_count, load.done_count),
            [(v["key"], v["visitor"]) for v in load.done],
            load.by_member,
        )

    read_whole = [shown(visits.caseload(user)) for user in (world.leader, world.volunteer)]
    monkeypatch.setattr(visits, "READ_WHOLE", 0)
    counted = [shown(visits.caseload(user)) for user in (world.leader, world.volunteer)]
    assert read_whole == counted
    keys = [f"TM-011-2{n:02d}" for n in range(5)]
    assert read_whole[0] == (
        [],
        keys,
        keys[:2],
        (3, 2, 1),
        [("TM-011-205", "Lê Minh Đức")],
        [("Lê Minh Đức", 3, 1), ("Vũ Thị Lan", 2, 0)],
    )
    # The volunteer goes on the visits of the second member, and as the pair of the first.
    assert read_whole[1][0] == [keys[0], keys[1], keys[3]]


def test_a_groups_caseload_reads_its_visits_once(client, world, alone, members, monkeypatch):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from hocvuso.support import visits

    plan(world, alone, members[0], members[1])
    client.force_login(world.leader)
    url = reverse("support:caseload")

    def visit_reads() -> list[str]:
        with CaptureQueriesContext(connection) as captured:
            assert "TM-011-050" in client.get(url).content.decode()
        return [q["sql"] for q in captured if "support_homevisit" in q["sql"]]

    assert len(visit_reads()) == 1
    # A ward's caseload, too long to read whole: the try, then counts, page, mine and done.
    monkeypatch.setattr(visits, "READ_WHOLE", 0)
    assert len(visit_reads()) == 5


def test_the_caseload_page_draws_each_visit_as_the_template_did(client, world, alone, members):
    """The day in the user's language, the pair, the link to record it, escaping, the visits
    done and the empty list's sentence."""
    client.force_login(world.leader)
    page = client.get(reverse("support:caseload")).content.decode()
    assert '<h2>Đã lên lịch</h2>\n<ul class="pick"><li>Chưa có lịch thăm nào.</li></ul>' in page
    Household.objects.filter(pk=alone.pk).update(address="Số 5 <b>Tân Mai</b>")
    visit = plan(world, alone, members[0], members[1], days=1)
    done = plan(world, factories.household(world.group11, key="TM-011-051"), members[1])
    HomeVisit.objects.filter(pk=done.pk).update(status=VisitStatus.DONE, done_at=timezone.now())
    page = client.get(reverse("support:caseload")).content.decode()
    day = visit.planned_on
    weekday = ["Thứ 2", "Thứ 3", "Thứ 4", "Thứ 5", "Thứ 6", "Thứ 7", "Chủ nhật"][day.weekday()]
    assert (
        f'<li><a href="/support/record/?visit={visit.pk}"><strong>{weekday} {day:%d/%m}</strong>'
        " · TM-011-050 · Số 5 &lt;b&gt;Tân Mai&lt;/b&gt;<br>\n"
        '<span class="muted">Lê Minh Đức + Vũ Thị Lan · ghi kết quả chuyến thăm</span></a></li>'
    ) in page
    assert f"<li>{timezone.localdate():%d/%m} · TM-011-051 · Vũ Thị Lan</li>" in page
    assert "<b>Tân Mai</b>" not in page
