"""Reads of teams, trainings and mobile points, each starting from what the acting user may
see; the public week of the points is the one read that needs no login."""

import datetime
from typing import TYPE_CHECKING, TypedDict

from django.db.models import Case, Count, F, Q, QuerySet, When
from django.http import Http404

from hocvuso.accounts.models import User
from hocvuso.accounts.scoping import visible
from hocvuso.places.models import Ward
from hocvuso.teams.models import (
    CommunityTeam,
    MobilePoint,
    Shift,
    ShiftAssignment,
    TeamMember,
    Training,
)

if TYPE_CHECKING:  # django-stubs' own helper, installed for the type checker only
    from django_stubs_ext import WithAnnotations


class MemberCounts(TypedDict):
    member_count: int
    trained_count: int


class Staffing(TypedDict):
    staff: int
    short: bool


def teams_for(user: User) -> "QuerySet[WithAnnotations[CommunityTeam, MemberCounts]]":
    """Teams with their active and trained member counts, for the team list."""
    active = Q(members__left_on__isnull=True)
    return (
        visible(CommunityTeam.objects.all(), user)
        .select_related("residential_group", "ward")
        .annotate(
            member_count=Count("members", filter=active, distinct=True),
            trained_count=Count(
                "members", filter=active & Q(members__trainings__isnull=False), distinct=True
            ),
        )
        .order_by("ward", "residential_group__sort_name", "name")
    )


def team_for(user: User, pk: int) -> CommunityTeam:
    team = visible(CommunityTeam.objects.all(), user).select_related("ward", "residential_group")
    found = team.filter(pk=pk).first()
    if found is None:
        raise Http404
    return found


def members_for(user: User, ward_id: int) -> QuerySet[TeamMember]:
    """The ward's active members `user` may choose (to visit, to take a request): the
    user's own groups' teams, or the whole ward's for its officer."""
    members = TeamMember.objects.filter(ward_id=ward_id, left_on__isnull=True)
    return visible(members, user).select_related("team")


def members_of(team: CommunityTeam) -> QuerySet[TeamMember]:
    return team.members.select_related("user").annotate(training_count=Count("trainings"))


def trainings_for(user: User) -> QuerySet[Training]:
    return visible(Training.objects.all(), user).annotate(attendee_count=Count("attendees"))


def training_for(user: User, pk: int) -> Training:
    found = visible(Training.objects.all(), user).filter(pk=pk).first()
    if found is None:
        raise Http404
    return found


def points_for(user: User) -> QuerySet[MobilePoint]:
    return visible(MobilePoint.objects.all(), user).prefetch_related("hours")


def point_for(user: User, pk: int) -> MobilePoint:
    found = points_for(user).select_related("ward").filter(pk=pk).first()
    if found is None:
        raise Http404
    return found


def shifts_of(
    points: QuerySet[MobilePoint], first: datetime.date, last: datetime.date
) -> "QuerySet[WithAnnotations[Shift, Staffing]]":
    """Shifts between two dates with how many people are on each and whether that is too few."""
    return (
        Shift.objects.filter(point__in=points, date__range=(first, last), is_cancelled=False)
        .select_related("point")
        .annotate(staff=Count("assignments"))
        .annotate(short=Case(When(staff__lt=F("point__min_staff"), then=True), default=False))
        .order_by("date", "starts", "point__name")
    )


def shift_for(user: User, pk: int) -> Shift:
    found = visible(Shift.objects.all(), user).select_related("point", "ward").filter(pk=pk).first()
    if found is None:
        raise Http404
    return found


def my_assignments(user: User, since: datetime.date) -> QuerySet[ShiftAssignment]:
    """The user's own shifts from `since` on, through the team members linked to the account."""
    return (
        ShiftAssignment.objects.filter(
            member__user=user, shift__date__gte=since, shift__is_cancelled=False
        )
        .select_related("shift__point", "member")
        .order_by("shift__date", "shift__starts")
    )


def public_week(ward: Ward, first: datetime.date, days: int = 7) -> QuerySet[Shift]:
    """What a resident may know without logging in: where and when the ward's points open."""
    return (
        Shift.objects.filter(
            ward=ward,
            point__is_active=True,
            is_cancelled=False,
            date__range=(first, first + datetime.timedelta(days=days - 1)),
        )
        .select_related("point")
        .order_by("date", "starts", "point__name")
    )
