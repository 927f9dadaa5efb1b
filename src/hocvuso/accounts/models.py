"""Users and the roles that say which ward, or which residential groups, each may see."""

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _

from hocvuso.places.models import ResidentialGroup, Ward


class User(AbstractUser):
    """A staff account: ward officer, team leader, volunteer or coach.

    Residents are not users here; the registry holds them without any credential.
    """

    full_name = models.CharField(_("full name"), max_length=150, blank=True)

    def __str__(self) -> str:
        return self.full_name or self.username


class Role(models.TextChoices):
    OFFICER = "officer", _("Ward officer")
    LEADER = "leader", _("Team leader")
    VOLUNTEER = "volunteer", _("Volunteer")
    COACH = "coach", _("Coach")


class RoleAssignment(models.Model):
    """One role of one user in one ward.

    An officer covers the whole ward; a leader, volunteer or coach covers the residential
    groups listed (none listed: no household at all).
    """

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="roles")
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    ward = models.ForeignKey(Ward, on_delete=models.PROTECT, related_name="role_assignments")
    groups = models.ManyToManyField(ResidentialGroup, blank=True, related_name="role_assignments")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "role", "ward"], name="one_role_per_user_ward")
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.get_role_display()} · {self.ward}"

    @property
    def covers_whole_ward(self) -> bool:
        return self.role == Role.OFFICER
