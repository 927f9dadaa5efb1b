"""Loading synthetic wards: the demo ward for `make run`, a whole city for benchmarks."""

import datetime
import random
from contextlib import contextmanager
from typing import Any

from django.db import connection, transaction
from django.db.models import OuterRef, Subquery
from django.utils import timezone

from hocvuso.accounts.models import Role, RoleAssignment, User
from hocvuso.people import search_index
from hocvuso.people.demo_data import demo_group_names, generate_rows
from hocvuso.people.importing.writing import WriteResult, write_rows
from hocvuso.people.models import ELDERLY_AGE, Household
from hocvuso.places.models import Ward, WardContact
from hocvuso.places.services import activate_ward, load_official_units
from hocvuso.teams.models import (
    CommunityTeam,
    MobilePoint,
    Organisation,
    Shift,
    ShiftAssignment,
    TeamMember,
    Training,
)
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


def _demo_contact(ward: Ward) -> None:
    """Contact details an officer would write, marked as the demo's: no real address or
    phone number is made up, so the phones stay empty until a real ward writes its own."""
    WardContact.objects.update_or_create(
        ward=ward,
        defaults={
            "office_address": f"Trụ sở {ward.name} (địa chỉ mẫu của bản demo)",
            "office_hours": "Thứ Hai đến thứ Sáu, 7:30–11:30 và 13:30–17:00 (giờ mẫu)",
        },
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
    _demo_contact(ward)
    if not User.objects.filter(username="admin").exists():
        User.objects.create_superuser("admin", password=DEMO_PASSWORD, full_name="Quản trị (demo)")
    populate_field_work(ward=ward, seed=DEMO_WARD_CODE)
    _demo_rosters(ward, seed=DEMO_WARD_CODE)
    return ward


def demo_examples(ward: Ward) -> tuple[str | None, str | None]:
    """A household card's code and a certificate's number in group 11, for a newcomer to
    open: `/learn/household/<code>/` and `/c/<number>/`."""
    from hocvuso.learning.models import Certificate
    from hocvuso.learning.services import learning_address

    group = ward.groups.filter(name="Tổ dân phố số 11").first()
    certificate = (
        Certificate.objects.filter(ward=ward, residential_group=group, revoked_at__isnull=True)
        .select_related("learner__resident__household")
        .order_by("pk")
        .first()
    )
    resident = certificate.learner.resident if certificate else None
    household = resident.household if resident else ward.households.order_by("pk").first()
    return (
        learning_address(household).code if household else None,
        certificate.code if certificate else None,
    )


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


# What the demo's volunteers help with, per service: the tasks a ward's log shows most.
DEMO_TASKS = {
    "vneid": ("install", "create_account", "vneid_level2", "vneid_level2", "look_up_result"),
    "ihanoi": ("install", "create_account", "create_account", "look_up_result"),
    "dvcqg": ("create_account", "file_dossier", "file_dossier", "look_up_result"),
    "dvc-bca": ("create_account", "file_dossier", "look_up_result"),
    "etax": ("install", "create_account", "pay_fee"),
    "vssid": ("install", "create_account", "look_up_result"),
}
# What residents could already do when the team first recorded it (a ward's household
# survey, spread over the months before and during the campaign): shares of adults.
DEMO_VNEID_LEVEL2, DEMO_VNEID_ACCOUNT_ONLY, DEMO_IHANOI = 0.52, 0.12, 0.11
DEMO_NEEDS = (
    "Nhờ cài VNeID và kích hoạt mức 2 cho bố tôi",
    "Không đăng nhập được iHanoi, quên mật khẩu",
    "Muốn nộp hồ sơ cấp đổi giấy phép lái xe trực tuyến",
    "Hỏi cách nộp thuế phí trên eTax Mobile",
    "Mẹ tôi nhận tin nhắn lạ đòi chuyển tiền, nhờ kiểm tra",
    "Cần tra cứu quá trình đóng bảo hiểm xã hội trên VssID",
    "Đăng ký tạm trú online cho con đi học",
)


@contextmanager
def _dated(*fields: tuple[Any, str]):
    """Let `bulk_create` keep the dates the demo gives to `auto_now`/`auto_now_add` fields:
    a ward's records were made over weeks, not all at the moment the demo loads."""
    found = [model._meta.get_field(name) for model, name in fields]
    saved = [(f.auto_now, f.auto_now_add) for f in found]
    for f in found:
        f.auto_now = f.auto_now_add = False
    try:
        yield
    finally:
        for f, (auto_now, auto_now_add) in zip(found, saved, strict=True):
            f.auto_now, f.auto_now_add = auto_now, auto_now_add


def _at(day: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


def populate_field_work(*, ward: Ward, seed: int) -> None:
    """Synthetic field work for a ward, once: seven members a team, most of them trained;
    help given to about one resident in seven and what it proved; what residents could
    already do; home visits done, overdue and planned for two in five elderly households; help
    requests in every state; and the mobile points' shifts of the past five weeks."""
    from hocvuso.support.models import HelpRecord

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
    residents = list(
        ward.residents.values_list("pk", "residential_group_id", "household_id", "birth_year")
    )
    _demo_trainings(ward, rng)
    _demo_help(ward, rng, actor, residents)
    _demo_visits(ward, rng, actor, residents, members_by_group)
    _demo_requests(ward, rng, residents, members_by_group)
    today = timezone.localdate()
    for point in ward.mobile_points.all():
        roster_build(point=point, first_day=today - datetime.timedelta(days=35), days=35)


def _demo_trainings(ward: Ward, rng: random.Random) -> None:
    """Four trainings since the summer; about four members in five attended one or more."""
    today = timezone.localdate()
    trainings = Training.objects.bulk_create(
        Training(ward=ward, held_on=today - datetime.timedelta(days=back), topic=topic,
                 trainer=trainer, place="Hội trường UBND phường")
        for back, topic, trainer in (
            (60, "Kích hoạt VNeID mức 2 và dịch vụ công trực tuyến", "Công an phường"),
            (40, "Hướng dẫn người cao tuổi dùng iHanoi", "Đoàn Thanh niên phường"),
            (25, "Nhận diện lừa đảo trên mạng", "Công an phường"),
            (9, "Nộp hồ sơ trên Cổng Dịch vụ công quốc gia", "Bộ phận một cửa phường"),
        )
    )  # fmt: skip
    Attendance = Training.attendees.through
    Attendance.objects.bulk_create(
        Attendance(training_id=training.pk, teammember_id=member_id)
        for member_id in TeamMember.objects.filter(ward=ward).values_list("pk", flat=True)
        for training in trainings
        if rng.random() < 0.4
    )


def _demo_help(ward: Ward, rng: random.Random, actor: User, residents: list[tuple]) -> None:
    """Help records, and the status per service they prove (as `support.services` records
    it), over what residents could already do, recorded as the team reached them."""
    from hocvuso.support.models import HelpRecord, Service, ServiceStatus
    from hocvuso.support.services import STATUS_FROM_TASK

    services = {s.code: s for s in Service.objects.filter(ward__isnull=True)}
    codes = [code for code in DEMO_TASKS if code in services]
    now = timezone.now()
    adult_born = timezone.localdate().year - 14
    # (resident, service code) -> [installed, has_account, level2, when recorded]
    statuses: dict[tuple[int, str], list] = {}
    for pk, _group, _household, birth_year in residents:
        if birth_year is None or birth_year > adult_born:
            continue
        when = now - datetime.timedelta(days=rng.triangular(0, 120, 120), hours=rng.random())
        draw = rng.random()
        if draw < DEMO_VNEID_LEVEL2:
            statuses[(pk, "vneid")] = [True, True, True, when]
        elif draw < DEMO_VNEID_LEVEL2 + DEMO_VNEID_ACCOUNT_ONLY:
            statuses[(pk, "vneid")] = [True, True, False, when]
        if rng.random() < DEMO_IHANOI:
            statuses[(pk, "ihanoi")] = [True, True, None, when]
    records = []
    for pk, group_id, _household, _born in residents:
        if rng.random() >= 0.15:
            continue
        code = rng.choice(codes)
        task = rng.choice(DEMO_TASKS[code])
        outcome = rng.choice(("done", "done", "done", "done", "done", "follow_up", "could_not"))
        helped_on = now.date() - datetime.timedelta(days=int(rng.triangular(0, 90, 0)))
        helped_at = min(now, _at(helped_on, rng.randint(8, 19), rng.randint(0, 59)))
        records.append(
            HelpRecord(
                ward=ward, residential_group_id=group_id, resident_id=pk,
                service=services[code], task=task, outcome=outcome,
                place=rng.choice(("point", "point", "home", "phone")),
                dossier_code=f"G22.{rng.randint(100000, 999999)}" if task == "file_dossier" else "",
                helped_by=actor, helped_at=helped_at,
            )
        )  # fmt: skip
        if outcome != "done" or task not in STATUS_FROM_TASK:
            continue
        status = statuses.setdefault((pk, code), [None, None, None, helped_at])
        status[3] = max(status[3], helped_at)
        for flag in STATUS_FROM_TASK[task]:
            status[("installed", "has_account", "level2").index(flag)] = True
    HelpRecord.objects.bulk_create(records, batch_size=2000)
    with _dated((ServiceStatus, "updated_at")):
        ServiceStatus.objects.bulk_create(
            (
                ServiceStatus(
                    resident_id=pk, service=services[code], installed=installed,
                    has_account=account, level2=level2 if code == "vneid" else None,
                    updated_at=when, updated_by=actor,
                )
                for (pk, code), (installed, account, level2, when) in statuses.items()
            ),
            batch_size=2000,
        )  # fmt: skip
    first_help = (
        HelpRecord.objects.filter(resident__household=OuterRef("pk"))
        .order_by("helped_at")
        .values("helped_at")[:1]
    )
    Household.objects.filter(ward=ward, residents__help_records__isnull=False).update(
        first_reached_at=Subquery(first_help)
    )


def _demo_visits(
    ward: Ward,
    rng: random.Random,
    actor: User,
    residents: list[tuple],
    members_by_group: dict[int | None, list[int]],
) -> None:
    """Visits to two in five households with someone aged 60 or more (and one other in a
    hundred): most of the past five weeks' done, some overdue, the next ten days' planned."""
    from hocvuso.support.models import HomeVisit

    today = timezone.localdate()
    elderly_born = today.year - ELDERLY_AGE
    elderly = {h for _pk, _g, h, born in residents if born is not None and born <= elderly_born}
    visits = []
    for pk, group_id in ward.households.values_list("pk", "residential_group_id"):
        if rng.random() >= (0.4 if pk in elderly else 0.01):
            continue
        planned_on = today + datetime.timedelta(days=rng.randint(-35, 10))
        done = planned_on < today and rng.random() < 0.85
        visits.append(
            HomeVisit(
                ward=ward, residential_group_id=group_id, household_id=pk,
                planned_on=planned_on, assigned_to_id=rng.choice(members_by_group[group_id]),
                status="done" if done else "planned",
                done_at=_at(planned_on, rng.randint(8, 17), rng.randint(0, 59)) if done else None,
                created_by=actor,
                created_at=_at(planned_on - datetime.timedelta(days=rng.randint(1, 6)), 7),
            )
        )  # fmt: skip
    with _dated((HomeVisit, "created_at")):
        HomeVisit.objects.bulk_create(visits, batch_size=2000)


def _demo_requests(
    ward: Ward,
    rng: random.Random,
    residents: list[tuple],
    members_by_group: dict[int | None, list[int]],
) -> None:
    """Help requests filed on the public form over the campaign, one per 800 residents, in
    every state: the old ones mostly resolved within a few days, the recent ones still open."""
    from hocvuso.people.models import Resident
    from hocvuso.support.models import HelpRequest, RequestStatus
    from hocvuso.support.requests import new_reference

    now = timezone.now()
    status = RequestStatus
    # Group 11, whose leader and volunteer are demo logins, has one of each state, recent.
    group11 = ward.groups.filter(name="Tổ dân phố số 11").values_list("pk", flat=True).first()
    own = [r for r in residents if r[1] == group11]
    shown = (status.NEW, status.ASSIGNED, status.SCHEDULED, status.RESOLVED, status.CANCELLED)
    picks = rng.sample(own, k=min(len(own), len(shown)))
    ages = (5, 20, 40, 80, 120)  # hours ago
    plan: list[tuple[tuple, float, str | None]] = list(zip(picks, ages, shown, strict=False))
    others = rng.sample(residents, k=min(len(residents), max(20, len(residents) // 800)))
    plan += [(resident, rng.uniform(2, 35 * 24), None) for resident in others]
    people = Resident.objects.select_related("household").in_bulk([r[0] for r, *_ in plan])
    requests = []
    for n, ((pk, group_id, _household, _born), hours, state) in enumerate(plan):
        resident = people[pk]
        created = now - datetime.timedelta(hours=hours)
        if state is None:  # by age: the recent ones still open, the old ones mostly resolved
            opened = hours / 24
            state = (
                status.CANCELLED if n % 15 == 0
                else rng.choice((status.NEW, status.ASSIGNED)) if opened < 2
                else rng.choice((status.ASSIGNED, status.SCHEDULED, status.RESOLVED))
                if opened < 6
                else status.RESOLVED if rng.random() < 0.95 else status.SCHEDULED
            )  # fmt: skip
        open_or_done = state not in (status.NEW, status.CANCELLED)
        resolved = created + datetime.timedelta(hours=rng.uniform(3, min(96, hours)))
        requests.append(
            HelpRequest(
                reference=new_reference(), ward=ward, residential_group_id=group_id,
                name=resident.full_name, address=resident.household.address,
                phone=resident.phone or f"09{rng.randint(0, 99999999):08d}",
                need=rng.choice(DEMO_NEEDS), convenient_time=rng.choice(("Sáng", "Chiều", "Tối")),
                status=state,
                assigned_to_id=rng.choice(members_by_group[group_id]) if open_or_done else None,
                scheduled_for=_at(now.date() + datetime.timedelta(days=rng.randint(1, 4)), 9)
                if state == status.SCHEDULED else None,
                resolution="Đã hướng dẫn tại nhà, người dân tự làm được"
                if state == status.RESOLVED else "",
                created_at=created,
                resolved_at=min(resolved, now) if state == status.RESOLVED else None,
            )
        )  # fmt: skip
    with _dated((HelpRequest, "created_at")):
        HelpRequest.objects.bulk_create(requests)


def _demo_rosters(ward: Ward, seed: int) -> None:
    """Every shift without a roster gets 7 to 10 members, as the ward rosters them (one past
    shift in ten ran short); past shifts have their check-ins. Run on every start, after the
    coming shifts are made."""
    rng = random.Random(seed)
    members = list(TeamMember.objects.filter(ward=ward, left_on__isnull=True).values_list(
        "pk", "user_id"))  # fmt: skip
    if not members:
        return
    regulars = [pk for pk, user_id in members if user_id]  # the demo's own logins
    pool = [pk for pk, _user in members]
    today = timezone.localdate()
    assignments = []
    for shift in Shift.objects.filter(ward=ward, is_cancelled=False, assignments__isnull=True):
        past = shift.date < today
        size = rng.randint(5, 6) if past and rng.random() < 0.1 else rng.randint(7, 10)
        chosen = rng.sample(pool, k=min(size, len(pool)))
        regular = rng.choice(regulars) if regulars and rng.random() < 0.6 else None
        if regular is not None and regular not in chosen:
            chosen[-1] = regular
        for member_id in chosen:
            arrived = None
            if past:
                start = _at(shift.date, shift.starts.hour, shift.starts.minute)
                arrived = start - datetime.timedelta(minutes=rng.randint(-10, 15))
            assignments.append(
                ShiftAssignment(
                    shift=shift, member_id=member_id, checked_in_at=arrived,
                    checked_out_at=_at(shift.date, shift.ends.hour) if past else None,
                )
            )  # fmt: skip
    ShiftAssignment.objects.bulk_create(assignments, batch_size=2000, ignore_conflicts=True)
