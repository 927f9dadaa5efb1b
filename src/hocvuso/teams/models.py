"""Community digital teams (tổ công nghệ số cộng đồng), their members and their trainings."""

import datetime

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hocvuso.places.models import ResidentialGroup, Ward


class Organisation(models.TextChoices):
    YOUTH_UNION = "youth_union", _("Youth Union")
    WOMENS_UNION = "womens_union", _("Women's Union")
    ELDERLY_ASSOCIATION = "elderly_association", _("Elderly Association")
    VETERANS_ASSOCIATION = "veterans_association", _("Veterans' Association")
    POLICE = "police", _("Police")
    OTHER = "other", _("Other")


class CommunityTeam(models.Model):
    """One residential group's team; a ward may add teams of its own (no group)."""

    ward = models.ForeignKey(Ward, on_delete=models.PROTECT, related_name="teams")
    residential_group = models.ForeignKey(
        ResidentialGroup, on_delete=models.PROTECT, null=True, blank=True, related_name="teams"
    )
    name = models.CharField(_("name"), max_length=150)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["ward", "name"]
        verbose_name = _("community digital team")
        verbose_name_plural = _("community digital teams")
        constraints = [
            models.UniqueConstraint(fields=["ward", "name"], name="unique_team_name_per_ward")
        ]

    def __str__(self) -> str:
        return self.name


class TeamMember(models.Model):
    """A member of a team: a person with an account or without one."""

    team = models.ForeignKey(CommunityTeam, on_delete=models.CASCADE, related_name="members")
    # Copies of the team's, kept by the services, so the one scoping filter applies.
    ward = models.ForeignKey(Ward, on_delete=models.PROTECT, related_name="+")
    residential_group = models.ForeignKey(
        ResidentialGroup, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    full_name = models.CharField(_("full name"), max_length=150)
    phone = models.CharField(_("phone"), max_length=15, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="team_memberships",
        verbose_name=_("account"),
    )
    organisation = models.CharField(
        _("organisation"), max_length=30, choices=Organisation.choices, default=Organisation.OTHER
    )
    skills = models.CharField(
        _("skills"),
        max_length=300,
        blank=True,
        help_text=_("For example: installs VNeID, explains eTax, speaks with the elderly."),
    )
    is_leader = models.BooleanField(_("team leader"), default=False)
    joined_on = models.DateField(_("joined on"))
    left_on = models.DateField(_("left on"), null=True, blank=True)

    class Meta:
        ordering = ["-is_leader", "full_name"]

    def __str__(self) -> str:
        return self.full_name

    @property
    def is_active(self) -> bool:
        return self.left_on is None


class Training(models.Model):
    """A training session for team members, with who attended."""

    ward = models.ForeignKey(Ward, on_delete=models.PROTECT, related_name="trainings")
    held_on = models.DateField(_("date"))
    topic = models.CharField(_("topic"), max_length=200)
    trainer = models.CharField(_("trainer"), max_length=150)
    place = models.CharField(_("place"), max_length=200, blank=True)
    attendees = models.ManyToManyField(TeamMember, blank=True, related_name="trainings")
    created_at = models.DateTimeField(auto_now_add=True)

    # A training is the ward's: it has no residential group of its own.
    scope_fields = ("ward", None)

    class Meta:
        ordering = ["-held_on", "-id"]

    def __str__(self) -> str:
        return f"{self.held_on:%d/%m/%Y} · {self.topic}"


class MobilePoint(models.Model):
    """A mobile help point (điểm lưu động): a place, its weekly hours and its shifts."""

    ward = models.ForeignKey(Ward, on_delete=models.PROTECT, related_name="mobile_points")
    name = models.CharField(_("name"), max_length=150)
    address = models.CharField(_("address"), max_length=255)
    latitude = models.DecimalField(
        _("latitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    longitude = models.DecimalField(
        _("longitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    min_staff = models.PositiveSmallIntegerField(
        _("people needed on each shift"),
        default=7,
        help_text=_("A shift with fewer people stands out on the roster."),
    )
    is_active = models.BooleanField(_("open"), default=True)

    # A point serves the whole ward: everyone working in it sees the roster.
    scope_fields = ("ward", None)

    class Meta:
        ordering = ["ward", "name"]
        verbose_name = _("mobile point")
        verbose_name_plural = _("mobile points")

    def __str__(self) -> str:
        return self.name


class Weekday(models.IntegerChoices):
    MONDAY = 0, _("Monday")
    TUESDAY = 1, _("Tuesday")
    WEDNESDAY = 2, _("Wednesday")
    THURSDAY = 3, _("Thursday")
    FRIDAY = 4, _("Friday")
    SATURDAY = 5, _("Saturday")
    SUNDAY = 6, _("Sunday")


class OpeningHours(models.Model):
    """A weekly opening of a point; the roster's shifts are made from these."""

    point = models.ForeignKey(MobilePoint, on_delete=models.CASCADE, related_name="hours")
    weekday = models.PositiveSmallIntegerField(_("day"), choices=Weekday.choices)
    starts = models.TimeField(_("from"))
    ends = models.TimeField(_("to"))

    class Meta:
        ordering = ["weekday", "starts"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends__gt=models.F("starts")), name="hours_end_after_start"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_weekday_display()} {self.starts:%H:%M}–{self.ends:%H:%M}"


# How long before a shift starts its members may check in.
CHECK_IN_EARLY = datetime.timedelta(minutes=30)


class Shift(models.Model):
    """One opening of a point on a date, weekly or one-off, with the members rostered on it."""

    point = models.ForeignKey(MobilePoint, on_delete=models.CASCADE, related_name="shifts")
    ward = models.ForeignKey(Ward, on_delete=models.PROTECT, related_name="+")
    date = models.DateField(_("date"))
    starts = models.TimeField(_("from"))
    ends = models.TimeField(_("to"))
    is_one_off = models.BooleanField(_("one-off session"), default=False)
    is_cancelled = models.BooleanField(_("cancelled"), default=False)
    members = models.ManyToManyField(TeamMember, through="ShiftAssignment", related_name="shifts")

    scope_fields = ("ward", None)

    class Meta:
        ordering = ["date", "starts", "point"]
        constraints = [
            models.UniqueConstraint(fields=["point", "date", "starts"], name="one_shift_per_start"),
            models.CheckConstraint(
                condition=models.Q(ends__gt=models.F("starts")), name="shift_end_after_start"
            ),
        ]
        indexes = [models.Index(fields=["ward", "date"], name="shift_ward_date")]

    def __str__(self) -> str:
        return f"{self.point} {self.date:%d/%m} {self.starts:%H:%M}–{self.ends:%H:%M}"

    @property
    def check_in_opens_at(self) -> datetime.datetime:
        """The first moment a member may check in: a little before the point opens, to set up."""
        return self._at(self.starts) - CHECK_IN_EARLY

    @property
    def ends_at(self) -> datetime.datetime:
        return self._at(self.ends)

    def _at(self, time: datetime.time) -> datetime.datetime:
        return datetime.datetime.combine(self.date, time, tzinfo=timezone.get_current_timezone())


class ShiftAssignment(models.Model):
    shift = models.ForeignKey(Shift, on_delete=models.CASCADE, related_name="assignments")
    member = models.ForeignKey(TeamMember, on_delete=models.CASCADE, related_name="assignments")
    checked_in_at = models.DateTimeField(null=True, blank=True)
    checked_out_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["shift", "member"], name="one_assignment_per_member")
        ]

    def __str__(self) -> str:
        return f"{self.member} · {self.shift}"
