"""Community digital teams (tổ công nghệ số cộng đồng), their members and their trainings."""

from django.conf import settings
from django.db import models
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
