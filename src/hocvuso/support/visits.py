"""Home visits: who should be visited first, who goes when, and the team's caseload."""

import datetime
from dataclasses import dataclass
from operator import itemgetter
from typing import TYPE_CHECKING, TypedDict

from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import (
    BooleanField,
    Count,
    Exists,
    ExpressionWrapper,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Value,
)
from django.db.models.expressions import Combinable
from django.db.models.functions import Cast
from django.utils import timezone
from django.utils.translation import gettext as _

from hocvuso.accounts.models import User
from hocvuso.accounts.scoping import visible
from hocvuso.audit.services import record
from hocvuso.people.models import ELDERLY_AGE, Disability, Household
from hocvuso.people.queries import households_for
from hocvuso.support.models import HelpRecord, HomeVisit, Outcome, VisitStatus
from hocvuso.teams.models import TeamMember

if TYPE_CHECKING:  # django-stubs' own helper, installed for the type checker only
    from django_stubs_ext import WithAnnotations

# How much each reason weighs when ordering the households to visit.
WEIGHTS = {
    "alone_elderly": 4,
    "disability": 3,
    "follow_up": 3,
    "no_smartphone": 2,
    "never_reached": 1,
}


def _flag(condition: Q | Exists) -> Cast:
    return Cast(ExpressionWrapper(condition, output_field=BooleanField()), IntegerField())


class Reasons(TypedDict):
    """Why a household is worth a visit, as `priority_households` annotates it."""

    people: int
    elderly: int
    alone_elderly: bool
    disability: bool
    follow_up: bool
    no_smartphone: bool
    never_reached: bool
    score: int


def priority_households(
    user: User, *, today: datetime.date | None = None
) -> "QuerySet[WithAnnotations[Household, Reasons]]":
    """The households of the user's scope worth a visit, most urgent first, each annotated
    with its reasons; those with a visit already planned are left out."""
    today = today or timezone.localdate()
    elderly_year = today.year - ELDERLY_AGE
    later_done = HelpRecord.objects.filter(
        resident=OuterRef("resident"),
        service=OuterRef("service"),
        outcome=Outcome.DONE,
        helped_at__gt=OuterRef("helped_at"),
    )
    open_follow_up = HelpRecord.objects.filter(
        resident__household=OuterRef("pk"), outcome=Outcome.FOLLOW_UP
    ).exclude(Exists(later_done))
    households = (
        households_for(user)
        .exclude(
            Exists(HomeVisit.objects.filter(household=OuterRef("pk"), status=VisitStatus.PLANNED))
        )
        .annotate(
            people=Count("residents", distinct=True),
            elderly=Count(
                "residents", filter=Q(residents__birth_year__lte=elderly_year), distinct=True
            ),
        )
        .annotate(
            alone_elderly=_flag(Q(people=1, elderly=1)),
            disability=_flag(Exists(Disability.objects.filter(resident__household=OuterRef("pk")))),
            follow_up=_flag(Exists(open_follow_up)),
            no_smartphone=_flag(Q(has_smartphone=False)),
            never_reached=_flag(Q(first_reached_at__isnull=True)),
        )
    )
    score: Combinable = Value(0, output_field=IntegerField())
    for name, weight in WEIGHTS.items():
        score = score + weight * F(name)
    return (
        households.annotate(score=score)
        .filter(score__gt=0)
        .select_related("residential_group")
        .order_by("-score", "key")
    )


@dataclass
class VisitPlan:
    household: Household
    planned_on: datetime.date
    assigned_to: TeamMember
    partner: TeamMember | None = None


@transaction.atomic
def visit_plan(*, actor: User, plan: VisitPlan) -> HomeVisit:
    household = plan.household
    for member in filter(None, (plan.assigned_to, plan.partner)):
        if member.ward_id != household.ward_id or not member.is_active:
            raise ValidationError(_("Visitors must be active members of the ward's teams."))
    if plan.partner is not None and plan.partner.pk == plan.assigned_to.pk:
        raise ValidationError(_("Choose two different people for a pair."))
    if plan.planned_on < timezone.localdate():
        raise ValidationError(_("A visit cannot be planned in the past."))
    if (
        HomeVisit.objects.select_for_update()
        .filter(household=household, status=VisitStatus.PLANNED)
        .exists()
    ):
        raise ValidationError(_("This household already has a visit planned."))
    visit = HomeVisit.objects.create(
        ward_id=household.ward_id,
        residential_group_id=household.residential_group_id,
        household=household,
        planned_on=plan.planned_on,
        assigned_to=plan.assigned_to,
        partner=plan.partner,
        created_by=actor,
    )
    record(
        actor=actor,
        action="create",
        obj=visit,
        summary=_("Planned a visit to household %(key)s on %(date)s")
        % {"key": household.key, "date": f"{plan.planned_on:%d/%m/%Y}"},
    )
    return visit


def visit_close(*, visit_id: int) -> bool:
    """Mark the visit done once: the first help recorded on it closes it."""
    return bool(
        HomeVisit.objects.filter(pk=visit_id, status=VisitStatus.PLANNED).update(
            status=VisitStatus.DONE, done_at=timezone.now(), version=F("version") + 1
        )
    )


@transaction.atomic
def visit_record(
    *, actor: User, visit_id: int, status: str, note: str, expected_version: int
) -> HomeVisit | None:
    """Record a visit's outcome from a device: done or cancelled, with a note. The first
    change to arrive wins: if the visit changed since `expected_version`, nothing is written
    and None is returned, so the caller can show the current state."""
    if status not in (VisitStatus.DONE, VisitStatus.CANCELLED):
        raise ValidationError(_("A visit is recorded as done or cancelled."))
    visit = HomeVisit.objects.select_for_update().select_related("household").get(pk=visit_id)
    if visit.version != expected_version:
        return None
    before = visit.status
    visit.status = status
    visit.done_at = timezone.now() if status == VisitStatus.DONE else None
    visit.version += 1
    visit.save(update_fields=["status", "done_at", "version"])
    record(
        actor=actor,
        action="update",
        obj=visit,
        summary=_("Visit to household %(key)s: %(status)s")
        % {"key": visit.household.key, "status": visit.get_status_display()},
        changes={"status": [before, status], "note": note.strip()[:300]},
    )
    return visit


class VisitLine(TypedDict):
    """What the caseload shows of a visit: read as plain values, not as four models a row."""

    pk: int
    status: str
    planned_on: datetime.date
    done_at: datetime.datetime | None
    key: str  # the household's
    address: str
    visitor: str
    partner_name: str | None
    visitor_user: int | None  # the visitors' accounts, to find the user's own visits
    partner_user: int | None


_LINE = {
    "key": F("household__key"),
    "address": F("household__address"),
    "visitor": F("assigned_to__full_name"),
    "partner_name": F("partner__full_name"),
    "visitor_user": F("assigned_to__user"),
    "partner_user": F("partner__user"),
}


def _lines(visits: QuerySet[HomeVisit]) -> "QuerySet[HomeVisit, VisitLine]":
    return visits.values("pk", "status", "planned_on", "done_at", **_LINE)  # type: ignore[return-value]


@dataclass
class Caseload:
    """The counts come first and are whole; the open visits are what the page pages."""

    today: datetime.date
    mine: list[VisitLine]  # open visits the user goes on, alone or in a pair
    open: "list[VisitLine] | QuerySet[HomeVisit, VisitLine]"  # every open visit, overdue first
    planned_count: int
    overdue_count: int
    done_count: int
    done: list[VisitLine]  # the latest visits done
    by_member: list[tuple[str, int, int]]  # name, planned, done

    @property
    def planned(self) -> list[VisitLine]:
        return [v for v in self.open if v["planned_on"] >= self.today]

    @property
    def overdue(self) -> list[VisitLine]:
        return [v for v in self.open if v["planned_on"] < self.today]

    def paginator(self, per_page: int) -> Paginator:
        pages = Paginator(self.open, per_page)
        pages.count = self.planned_count + self.overdue_count  # counted already
        return pages


# A group's caseload is a few dozen visits: up to this many are read in one query and
# counted here; a ward's, or a city's, is counted by the database and paged.
READ_WHOLE = 100


def caseload(
    user: User, *, today: datetime.date | None = None, done_days: int = 30, latest: int = 25
) -> Caseload:
    """A leader's view of the group's visits: what is coming, late and done, and who does what."""
    today = today or timezone.localdate()
    visits = visible(HomeVisit.objects.all(), user)
    # Done since the start of that day where the ward is, as `done_at__date__gte` says, but
    # without converting every row's time to a date.
    done_since = timezone.make_aware(
        datetime.datetime.combine(today - datetime.timedelta(days=done_days), datetime.time.min)
    )
    planned = Q(status=VisitStatus.PLANNED)
    done = Q(status=VisitStatus.DONE, done_at__gte=done_since)
    lines = list(
        _lines(visits.filter(planned | done)).order_by("planned_on", "pk")[: READ_WHOLE + 1]
    )
    if len(lines) <= READ_WHOLE:
        return _counted_here(user, today, lines, latest=latest)
    # Every figure in one pass: each member's overdue, coming and done visits.
    per_member = (
        visits.filter(planned | done)
        .order_by()
        .values_list("assigned_to__full_name")
        .annotate(
            overdue=Count("pk", filter=planned & Q(planned_on__lt=today)),
            coming=Count("pk", filter=planned & Q(planned_on__gte=today)),
            done=Count("pk", filter=done),
        )
    )
    counts: dict[str, list[int]] = {}
    for name, overdue_n, coming_n, done_n in per_member:
        row = counts.setdefault(name, [0, 0, 0])
        row[0] += overdue_n
        row[1] += coming_n
        row[2] += done_n
    open_visits = _lines(visits.filter(planned)).order_by("planned_on", "pk")
    mine = open_visits.filter(Q(assigned_to__user=user) | Q(partner__user=user))
    return Caseload(
        today=today,
        mine=list(mine[:50]),
        open=open_visits,
        planned_count=sum(row[1] for row in counts.values()),
        overdue_count=sum(row[0] for row in counts.values()),
        done_count=sum(row[2] for row in counts.values()),
        done=list(_lines(visits.filter(done)).order_by("-done_at")[:latest]),
        by_member=sorted((name, o + c, d) for name, (o, c, d) in counts.items()),
    )


def _counted_here(
    user: User, today: datetime.date, lines: list[VisitLine], *, latest: int
) -> Caseload:
    """The caseload of every open and lately done visit, `lines`, in the order planned."""
    open_lines = [v for v in lines if v["status"] == VisitStatus.PLANNED]
    done_lines = [v for v in lines if v["status"] == VisitStatus.DONE]
    counts: dict[str, list[int]] = {}
    for v in open_lines:
        counts.setdefault(v["visitor"], [0, 0])[0] += 1
    for v in done_lines:
        counts.setdefault(v["visitor"], [0, 0])[1] += 1
    overdue = sum(1 for v in open_lines if v["planned_on"] < today)
    return Caseload(
        today=today,
        mine=[v for v in open_lines if user.pk in (v["visitor_user"], v["partner_user"])][:50],
        open=open_lines,
        planned_count=len(open_lines) - overdue,
        overdue_count=overdue,
        done_count=len(done_lines),
        done=sorted(done_lines, key=itemgetter("done_at"), reverse=True)[:latest],
        by_member=sorted((name, p, d) for name, (p, d) in counts.items()),
    )
