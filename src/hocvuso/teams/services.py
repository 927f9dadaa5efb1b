"""Writes to teams and trainings. Each is one transaction and logs itself for audit."""

import datetime
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hocvuso.accounts.models import User
from hocvuso.audit.services import diff, record
from hocvuso.places.models import ResidentialGroup, Ward
from hocvuso.teams.models import (
    CHECK_IN_EARLY,
    CommunityTeam,
    MobilePoint,
    OpeningHours,
    Shift,
    ShiftAssignment,
    TeamMember,
    Training,
)
from hocvuso.teams.signals import shifts_made
from hocvuso.text.folding import fold

MEMBER_FIELDS = (
    "full_name",
    "phone",
    "user_id",
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
def team_create(
    *, actor: User, ward: Ward, name: str, group: ResidentialGroup | None
) -> CommunityTeam:
    """A team of the ward's own, for a group or for the whole ward (a Youth Union team...)."""
    if group is not None and group.ward_id != ward.pk:
        raise ValidationError(_("Choose a residential group of this ward."))
    if fold(name) in {fold(existing) for existing in ward.teams.values_list("name", flat=True)}:
        raise ValidationError(_("The ward already has a team of this name."))
    team = CommunityTeam.objects.create(ward=ward, residential_group=group, name=name)
    record(
        actor=actor,
        action="create",
        obj=team,
        summary=_("Created the team %(name)s") % {"name": name},
    )
    return team


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
    # django-stubs refuses None in an id lookup, which Django reads as IS NULL (unused then).
    others = TeamMember.objects.filter(
        team=team,
        user_id=member.user_id,  # type: ignore[misc]
    ).exclude(pk=member.pk)
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
            changes=changes,
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


@transaction.atomic
def point_save(*, actor: User, point: MobilePoint, ward: Ward, data: dict[str, Any]) -> MobilePoint:
    creating = point.pk is None
    for name, value in data.items():
        setattr(point, name, value)
    point.ward = ward
    point.save()
    record(
        actor=actor,
        action="create" if creating else "update",
        obj=point,
        summary=(
            _("Opened the mobile point %(name)s")
            if creating
            else _("Changed the mobile point %(name)s")
        )
        % {"name": point.name},
    )
    return point


def hours_add(
    *, point: MobilePoint, weekday: int, starts: datetime.time, ends: datetime.time
) -> OpeningHours:
    if ends <= starts:
        raise ValidationError(_("The closing time must be after the opening time."))
    clash = point.hours.filter(weekday=weekday, starts__lt=ends, ends__gt=starts)
    if clash.exists():
        raise ValidationError(_("These hours overlap hours the point already has that day."))
    return OpeningHours.objects.create(point=point, weekday=weekday, starts=starts, ends=ends)


def roster_build(*, point: MobilePoint, first_day: datetime.date, days: int = 14) -> int:
    """Make the shifts of the coming `days` from the point's weekly hours; shifts that exist
    already are kept as they are, with their members. Returns how many were made."""
    hours = list(point.hours.all())
    wanted = [
        Shift(point=point, ward_id=point.ward_id, date=day, starts=h.starts, ends=h.ends)
        for day in (first_day + datetime.timedelta(days=n) for n in range(days))
        for h in hours
        if h.weekday == day.weekday()
    ]
    before = point.shifts.count()
    Shift.objects.bulk_create(wanted, ignore_conflicts=True)
    shifts_made.send(sender=Shift, ward_id=point.ward_id)  # bulk_create sends no post_save
    return point.shifts.count() - before


def session_add(
    *, point: MobilePoint, date: datetime.date, starts: datetime.time, ends: datetime.time
) -> Shift:
    """A one-off session, outside the weekly hours."""
    if ends <= starts:
        raise ValidationError(_("The closing time must be after the opening time."))
    if point.shifts.filter(date=date, starts=starts).exists():
        raise ValidationError(_("The point already has a session starting then."))
    return Shift.objects.create(
        point=point, ward_id=point.ward_id, date=date, starts=starts, ends=ends, is_one_off=True
    )


@transaction.atomic
def roster_set(*, actor: User, shift: Shift, members: Iterable[TeamMember]) -> None:
    """Put exactly `members` on the shift; check-ins of those who stay are kept."""
    members = list(members)
    if any(m.ward_id != shift.ward_id or not m.is_active for m in members):
        raise ValidationError(_("Only active members of the ward's teams can be put on a shift."))
    keep = {m.pk for m in members}
    shift.assignments.exclude(member_id__in=keep).delete()
    present = set(shift.assignments.values_list("member_id", flat=True))
    ShiftAssignment.objects.bulk_create(
        [ShiftAssignment(shift=shift, member=m) for m in members if m.pk not in present],
        ignore_conflicts=True,
    )
    record(
        actor=actor,
        action="update",
        obj=shift,
        summary=_("Set the roster of %(shift)s: %(count)d people")
        % {"shift": str(shift), "count": len(members)},
    )


def check_in(*, assignment: ShiftAssignment, now: datetime.datetime | None = None) -> bool:
    """Record the arrival once: a second tap, or two devices at once, change nothing. Only
    from a little before the shift starts until it ends, so the arrival recorded is real."""
    now = now or timezone.now()
    shift = assignment.shift
    if now < shift.check_in_opens_at:
        raise ValidationError(
            _("It is too early to check in: check-in opens at %(time)s, %(minutes)d minutes "
              "before the shift starts.")
            % {"time": _clock(shift.check_in_opens_at),
               "minutes": CHECK_IN_EARLY // datetime.timedelta(minutes=1)},
        )  # fmt: skip
    if now > shift.ends_at:
        raise ValidationError(
            _("This shift ended at %(time)s: it is too late to check in.")
            % {"time": _clock(shift.ends_at)}
        )
    return bool(
        ShiftAssignment.objects.filter(pk=assignment.pk, checked_in_at__isnull=True).update(
            checked_in_at=now
        )
    )


def _clock(moment: datetime.datetime) -> str:
    return f"{timezone.localtime(moment):%H:%M}"


def check_out(*, assignment: ShiftAssignment) -> bool:
    return bool(
        ShiftAssignment.objects.filter(
            pk=assignment.pk, checked_in_at__isnull=False, checked_out_at__isnull=True
        ).update(checked_out_at=timezone.now())
    )
