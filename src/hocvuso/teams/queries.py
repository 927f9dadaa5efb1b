"""Reads of teams and trainings, each starting from what the acting user may see."""

from django.db.models import Count, Q, QuerySet
from django.http import Http404

from hocvuso.accounts.models import User
from hocvuso.accounts.scoping import visible
from hocvuso.teams.models import CommunityTeam, TeamMember, Training


def teams_for(user: User) -> QuerySet[CommunityTeam]:
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


def members_of(team: CommunityTeam) -> QuerySet[TeamMember]:
    return team.members.select_related("user").annotate(training_count=Count("trainings"))


def trainings_for(user: User) -> QuerySet[Training]:
    return visible(Training.objects.all(), user).annotate(attendee_count=Count("attendees"))


def training_for(user: User, pk: int) -> Training:
    found = visible(Training.objects.all(), user).filter(pk=pk).first()
    if found is None:
        raise Http404
    return found
