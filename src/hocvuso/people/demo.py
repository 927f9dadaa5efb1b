"""Loading synthetic wards: the demo ward for `make run`, a whole city for benchmarks."""

import datetime
import random

from django.db import connection, transaction
from django.db.models import OuterRef, Subquery
from django.utils import timezone

from hocvuso.accounts.models import Role, RoleAssignment, User
from hocvuso.people import search_index
from hocvuso.people.demo_data import demo_group_names, generate_rows
from hocvuso.people.importing.writing import WriteResult, write_rows
from hocvuso.people.models import Household
from hocvuso.places.models import Ward
from hocvuso.places.services import activate_ward, load_official_units
from hocvuso.teams.models import CommunityTeam, MobilePoint, Organisation, TeamMember
from hocvuso.teams.services import hours_add, roster_build, teams_for_every_group

DEMO_WARD_CODE = 313  # Phường Tương Mai, Hà Nội
# A Hà Nội ward's size since the 2025 merger: 8.7 million people in 126 wards.
DEMO_RESIDENTS = 70_000
DEMO_PASSWORD = "hocvuso-demo"  # noqa: S105 - printed for the demo; never used in production
DEMO_ACCOUNTS = (
    ("canbo", "Cán bộ phường (demo)", Role.OFFICER, ()),
    ("totruong11", "Tổ trưởng tổ 11 (demo)", Role.LEADER, (11,)),
    ("tinhnguyen11", "Tình nguyện viên tổ 11 (demo)", Role.VOLUNTEER, (11,)),
    ("huongdan", "Người hướng dẫn (demo)", Role.COACH, (11, 12)),
)


def populate_ward(*, ward: Ward, residents: int, groups: int, seed: int) -> WriteResult | None:
    """Activate `ward` with numbered groups and fill it with synthetic residents, once."""
    names = demo_group_names(groups)
    activate_ward(ward=ward, group_names=names)
    if ward.residents.exists():
        return None
    by_name = {g.name: g for g in ward.groups.filter(closed_at__isnull=True)}
    rows = list(generate_rows(seed=seed, ward_code=ward.pk, group_names=names, residents=residents))
    with transaction.atomic():
        result = write_rows(ward=ward, rows=rows, groups=by_name)
    search_index.after_bulk_write(connection)
    return result


def load_demo_ward(*, residents: int = DEMO_RESIDENTS) -> Ward:
    load_official_units()
    ward = Ward.objects.get(pk=DEMO_WARD_CODE)
    populate_ward(ward=ward, residents=residents, groups=74, seed=DEMO_WARD_CODE)
    for username, full_name, role, group_numbers in DEMO_ACCOUNTS:
        user, created = User.objects.get_or_create(
            username=username, defaults={"full_name": full_name}
        )
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save(update_fields=["password"])
        assignment, _ = RoleAssignment.objects.get_or_create(user=user, role=role, ward=ward)
        assignment.groups.set(
            ward.groups.filter(name__in=[f"Tổ dân phố số {n}" for n in group_numbers])
        )
    teams_for_every_group(ward=ward, actor=None)
    _demo_team_members(ward)
    _demo_points(ward)
    if not User.objects.filter(username="admin").exists():
        User.objects.create_superuser("admin", password=DEMO_PASSWORD, full_name="Quản trị (demo)")
    populate_field_work(ward=ward, seed=DEMO_WARD_CODE)
    return ward


def _demo_team_members(ward: Ward) -> None:
    """Group 11's team gets the demo leader and volunteer, so its page is not empty."""
    team = CommunityTeam.objects.filter(
        ward=ward, residential_group__name="Tổ dân phố số 11"
    ).first()
    if team is None or team.members.exists():
        return
    joined = datetime.date(2025, 8, 1)
    TeamMember.objects.bulk_create(
        [
            TeamMember(
                team=team,
                ward=ward,
                residential_group=team.residential_group,
                full_name=full_name,
                user=User.objects.get(username=username),
                organisation=organisation,
                is_leader=leader,
                joined_on=joined,
            )
            for username, full_name, organisation, leader in (
                ("totruong11", "Trần Thị Hoa", Organisation.WOMENS_UNION, True),
                ("tinhnguyen11", "Lê Minh Đức", Organisation.YOUTH_UNION, False),
            )
        ]
    )


DEMO_POINTS = (
    (
        "Điểm phục vụ hành chính công phường",
        "Số 1 Trương Định",
        ((0, 8, 11), (2, 8, 11), (4, 14, 17)),
    ),
    ("Nhà văn hoá tổ dân phố số 11", "Số 2, ngõ 168 Trương Định", ((5, 8, 11), (6, 8, 11))),
    ("Sân chung cư Tân Mai", "Ngõ 2 Tân Mai", ((1, 18, 20), (3, 18, 20))),
)


def _demo_points(ward: Ward) -> None:
    """A few mobile points with weekly hours, and shifts for the coming two weeks (made again
    on every start, so the public page of a demo never runs dry)."""
    if not ward.mobile_points.exists():
        for name, address, hours in DEMO_POINTS:
            point = MobilePoint.objects.create(ward=ward, name=name, address=address)
            for weekday, start, end in hours:
                hours_add(
                    point=point,
                    weekday=weekday,
                    starts=datetime.time(start),
                    ends=datetime.time(end),
                )
    for point in ward.mobile_points.all():
        roster_build(point=point, first_day=timezone.localdate())


def populate_field_work(*, ward: Ward, seed: int) -> None:
    """Synthetic field work for a ward, once: seven members a team, help given to about one
    resident in seven, and visits planned to one household in fifty."""
    from hocvuso.support.models import HelpRecord, HomeVisit, Service, ServiceStatus

    if HelpRecord.objects.filter(ward=ward).exists():
        return
    rng = random.Random(seed)
    teams_for_every_group(ward=ward, actor=None)
    joined = datetime.date(2025, 8, 1)
    teams = list(ward.teams.select_related("residential_group"))
    TeamMember.objects.bulk_create(
        TeamMember(
            team=team,
            ward=ward,
            residential_group=team.residential_group,
            full_name=f"Thành viên {n} · {team.name}",
            joined_on=joined,
            organisation=rng.choice(Organisation.values),
        )
        for team in teams
        for n in range(1, 8)
    )
    members_by_group: dict[int | None, list[int]] = {}
    for member_id, group_id in TeamMember.objects.filter(ward=ward).values_list(
        "pk", "residential_group_id"
    ):
        members_by_group.setdefault(group_id, []).append(member_id)
    actor = User.objects.filter(is_superuser=True).first() or User.objects.create_superuser(
        "admin", password=DEMO_PASSWORD, full_name="Quản trị (demo)"
    )
    services = list(Service.objects.filter(ward__isnull=True))
    now = timezone.now()
    residents = ward.residents.values_list("pk", "residential_group_id", "household_id")
    HelpRecord.objects.bulk_create(
        (
            HelpRecord(
                ward=ward,
                residential_group_id=group_id,
                resident_id=pk,
                service=rng.choice(services),
                task=rng.choice(("install", "create_account")),
                outcome=rng.choice(("done", "done", "done", "follow_up")),
                helped_by=actor,
                helped_at=now - datetime.timedelta(days=rng.randint(0, 90)),
            )
            for pk, group_id, _household in residents.iterator(chunk_size=5000)
            if rng.random() < 0.15
        ),
        batch_size=2000,
    )
    first_help = (
        HelpRecord.objects.filter(resident__household=OuterRef("pk"))
        .order_by("helped_at")
        .values("helped_at")[:1]
    )
    Household.objects.filter(ward=ward, residents__help_records__isnull=False).update(
        first_reached_at=Subquery(first_help)
    )
    # What the help achieved: each resident helped with VNeID has it installed, and about
    # half of them got to level 2, recorded on the day of the help.
    vneid = Service.objects.get(code="vneid", ward__isnull=True)
    statuses = []
    for resident_id in (
        HelpRecord.objects.filter(ward=ward, service=vneid, outcome="done")
        .values_list("resident_id", flat=True)
        .order_by("resident_id")
        .distinct()
    ):
        statuses.append(
            ServiceStatus(
                resident_id=resident_id,
                service=vneid,
                installed=True,
                has_account=True,
                level2=rng.random() < 0.5,
                updated_by=actor,
            )
        )
    ServiceStatus.objects.bulk_create(statuses, batch_size=2000)
    first_vneid = (
        HelpRecord.objects.filter(resident=OuterRef("resident"), service=vneid, outcome="done")
        .order_by("helped_at")
        .values("helped_at")[:1]
    )
    ServiceStatus.objects.filter(resident__ward=ward, service=vneid).update(
        updated_at=Subquery(first_vneid)
    )
    today = timezone.localdate()
    HomeVisit.objects.bulk_create(
        (
            HomeVisit(
                ward=ward,
                residential_group_id=group_id,
                household_id=pk,
                planned_on=today + datetime.timedelta(days=rng.randint(-5, 14)),
                assigned_to_id=rng.choice(members_by_group[group_id]),
                created_by=actor,
            )
            for pk, group_id in ward.households.values_list("pk", "residential_group_id")
            if rng.random() < 0.02
        ),
        batch_size=2000,
    )
