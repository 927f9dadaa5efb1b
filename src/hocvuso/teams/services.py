"""Writes to teams and trainings. Each is one transaction and logs itself for audit."""

import datetime
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from hocvuso.accounts.models import User
from hocvuso.audit.services import diff, record
from hocvuso.places.models import ResidentialGroup, Ward
from hocvuso.teams.models import CommunityTeam, TeamMember, Training

MEMBER_FIELDS = (
    "full_name",
    "phone",
    "organisation",
    "skills",
    "is_leader",
    "joined_on",
    "left_on",
)


def team_name_for(group: ResidentialGroup) -> str:
    return _("Digital team of %(group)s") % {"group": group.name}


@transaction.atomic
def teams_for_every_group(*, ward: Ward, actor: User | None) -> int:
    """Give every open residential group of `ward` its team, if it has none. Returns how many
    teams were created."""
    groups = ward.groups.filter(closed_at__isnull=True).exclude(teams__isnull=False)
    created = CommunityTeam.objects.bulk_create(
        [CommunityTeam(ward=ward, residential_group=g, name=team_name_for(g)) for g in groups]
    )
    if created:
        record(
            actor=actor,
            action="create",
            ward_id=ward.pk,
            object_type="communityteam",
            summary=_("Created %(count)d community digital teams") % {"count": len(created)},
        )
    return len(created)


@transaction.atomic
def member_save(
    *, actor: User, member: TeamMember, team: CommunityTeam, data: dict[str, Any]
) -> TeamMember:
    creating = member.pk is None
    stored = None if creating else TeamMember.objects.get(pk=member.pk)
    before = {} if stored is None else {f: getattr(stored, f) for f in MEMBER_FIELDS}
    for name, value in data.items():
        setattr(member, name, value)
    if member.left_on and member.left_on < member.joined_on:
        raise ValidationError({"left_on": _("A member cannot leave before joining.")})
    others = TeamMember.objects.filter(team=team, user_id=member.user_id).exclude(pk=member.pk)
    if member.user_id and others.exists():
        raise ValidationError({"user": _("This account is already a member of the team.")})
    member.team = team
    member.ward_id = team.ward_id
    member.residential_group_id = team.residential_group_id
    member.save()
    changes = diff(before, {f: getattr(member, f) for f in MEMBER_FIELDS})
    if creating or changes:
        record(
            actor=actor,
            action="create" if creating else "update",
            obj=member,
            summary=(
                _("Added %(name)s to %(team)s")
                if creating
                else _("Changed the record of %(name)s in %(team)s")
            )
            % {"name": member.full_name, "team": team.name},
            changes={k: [str(a), str(b)] for k, (a, b) in changes.items()},
        )
    return member


@transaction.atomic
def training_save(
    *,
    actor: User,
    training: Training,
    ward: Ward,
    data: dict[str, Any],
    attendees: Iterable[TeamMember],
) -> Training:
    """Create or change a training and set who attended; attendees must be of its ward."""
    attendees = list(attendees)
    if any(member.ward_id != ward.pk for member in attendees):
        raise ValidationError(_("Only members of the ward's teams can attend its trainings."))
    if data["held_on"] > datetime.date.today() and attendees:
        raise ValidationError(_("Attendance can only be taken on or after the training day."))
    creating = training.pk is None
    for name, value in data.items():
        setattr(training, name, value)
    training.ward = ward
    training.save()
    training.attendees.set(attendees)
    record(
        actor=actor,
        action="create" if creating else "update",
        obj=training,
        summary=_("Recorded the training “%(topic)s” of %(date)s: %(count)d attended")
        % {
            "topic": training.topic,
            "date": f"{training.held_on:%d/%m/%Y}",
            "count": len(attendees),
        },
    )
    return training
