"""Help given to residents, and what each resident can now do with each digital service."""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from hocvuso.people.encryption import EncryptedTextField
from hocvuso.people.models import Resident
from hocvuso.places.models import ResidentialGroup, Ward
from hocvuso.teams.models import MobilePoint


class Service(models.Model):
    """A digital public service residents are helped with. The national catalog has no ward;
    a ward may add services of its own."""

    ward = models.ForeignKey(
        Ward, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    code = models.SlugField(max_length=40)
    name = models.CharField(_("name"), max_length=150)
    has_level2 = models.BooleanField(default=False)  # VNeID: level 2 needs in-person checks
    order = models.PositiveSmallIntegerField(default=100)
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["order", "name"]
        constraints = [
            models.UniqueConstraint(fields=["ward", "code"], name="unique_service_code_per_ward"),
            models.UniqueConstraint(
                fields=["code"],
                condition=models.Q(ward__isnull=True),
                name="unique_national_service",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Task(models.TextChoices):
    INSTALL = "install", _("Install the app")
    CREATE_ACCOUNT = "create_account", _("Create an account")
    VNEID_LEVEL2 = "vneid_level2", _("VNeID level 2 activation")
    FILE_DOSSIER = "file_dossier", _("File a dossier online")
    LOOK_UP_RESULT = "look_up_result", _("Look up a result")
    PAY_FEE = "pay_fee", _("Pay a fee online")
    CHECK_SCAM = "check_scam", _("Check a suspected scam")
    OTHER = "other", _("Other")


class Place(models.TextChoices):
    POINT = "point", _("At a mobile point")
    HOME = "home", _("At home")
    PHONE = "phone", _("By phone")
    ONLINE = "online", _("Online")


class Outcome(models.TextChoices):
    DONE = "done", _("Done")
    FOLLOW_UP = "follow_up", _("Needs a follow-up")
    COULD_NOT = "could_not", _("Could not")


class HelpRecord(models.Model):
    """One time someone was helped. `client_id` is made when the form is shown, so a form
    sent twice (a double tap, a retry on a weak network) is stored once."""

    client_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    ward = models.ForeignKey(Ward, on_delete=models.PROTECT, related_name="+", db_index=False)
    residential_group = models.ForeignKey(
        ResidentialGroup, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    resident = models.ForeignKey(
        Resident, on_delete=models.SET_NULL, null=True, blank=True, related_name="help_records"
    )
    walk_in_name = models.CharField(_("name (walk-in)"), max_length=150, blank=True)
    walk_in_phone = models.CharField(_("phone (walk-in)"), max_length=15, blank=True)
    place = models.CharField(_("where"), max_length=10, choices=Place.choices, default=Place.POINT)
    point = models.ForeignKey(
        MobilePoint, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    service = models.ForeignKey(Service, on_delete=models.PROTECT, related_name="+")
    task = models.CharField(_("task"), max_length=20, choices=Task.choices)
    outcome = models.CharField(
        _("outcome"), max_length=10, choices=Outcome.choices, default=Outcome.DONE
    )
    dossier_code = models.CharField(_("dossier code"), max_length=40, blank=True)
    verified = models.BooleanField(
        _("result seen on the resident's phone"),
        default=False,
        help_text=_("Leave unticked if the resident only told you."),
    )
    # Free text may say something about health: encrypted at rest (people.encryption).
    note = EncryptedTextField(_("note"), max_length=300, blank=True)
    helped_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    helped_at = models.DateTimeField(_("when"))
    # The home visit this help was given on, if any: recording it closes the visit.
    visit = models.ForeignKey(
        "support.HomeVisit",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="help_given",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-helped_at", "-id"]
        indexes = [
            models.Index(fields=["ward", "-helped_at"], name="help_ward_time"),
            models.Index(fields=["resident", "-helped_at"], name="help_resident_time"),
        ]

    def __str__(self) -> str:
        return f"{self.helped_at:%d/%m/%Y} {self.service} {self.get_task_display()}"

    @property
    def person(self) -> str:
        return self.resident.full_name if self.resident is not None else self.walk_in_name


class ServiceStatus(models.Model):
    """Where a resident stands with one service, kept up to date by the help records (the
    records themselves are its history)."""

    resident = models.ForeignKey(
        Resident, on_delete=models.CASCADE, related_name="service_statuses"
    )
    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="+")
    installed = models.BooleanField(null=True)
    has_account = models.BooleanField(null=True)
    level2 = models.BooleanField(null=True)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        ordering = ["service__order"]
        constraints = [
            models.UniqueConstraint(fields=["resident", "service"], name="one_status_per_service")
        ]

    def __str__(self) -> str:
        return f"{self.resident} · {self.service}"


class RequestStatus(models.TextChoices):
    NEW = "new", _("New")
    ASSIGNED = "assigned", _("Assigned")
    SCHEDULED = "scheduled", _("Scheduled")
    RESOLVED = "resolved", _("Resolved")
    CANCELLED = "cancelled", _("Cancelled")


class HelpRequest(models.Model):
    """A resident, or a relative, asks for help without an account; the reference lets them
    follow it up, together with the phone they gave."""

    reference = models.CharField(max_length=12, unique=True, editable=False)
    ward = models.ForeignKey(Ward, on_delete=models.PROTECT, related_name="+")
    residential_group = models.ForeignKey(
        ResidentialGroup,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("residential group"),
    )
    name = models.CharField(_("your name"), max_length=150)
    phone = models.CharField(_("phone"), max_length=15)
    address = models.CharField(_("address"), max_length=255, blank=True)
    # What residents write may say something about their health: encrypted at rest.
    need = EncryptedTextField(_("what do you need help with?"), max_length=500)
    convenient_time = models.CharField(_("a convenient time"), max_length=150, blank=True)
    status = models.CharField(
        max_length=12, choices=RequestStatus.choices, default=RequestStatus.NEW
    )
    assigned_to = models.ForeignKey(
        "teams.TeamMember",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("assigned to"),
    )
    scheduled_for = models.DateTimeField(_("planned for"), null=True, blank=True)
    resolution = EncryptedTextField(_("what was done"), max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    resolved_at = models.DateTimeField(null=True, blank=True)
    # Raised by every change, so a device that changed an older copy gets a conflict.
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["ward", "status", "-created_at"], name="request_queue")]

    def __str__(self) -> str:
        return self.reference


class VisitStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    DONE = "done", _("Done")
    CANCELLED = "cancelled", _("Cancelled")


class HomeVisit(models.Model):
    """A visit planned to a household, by one member or a pair; its outcome is help given."""

    ward = models.ForeignKey(Ward, on_delete=models.PROTECT, related_name="+", db_index=False)
    residential_group = models.ForeignKey(
        ResidentialGroup, on_delete=models.PROTECT, related_name="+"
    )
    household = models.ForeignKey(
        "people.Household", on_delete=models.CASCADE, related_name="visits"
    )
    planned_on = models.DateField(_("planned for"))
    assigned_to = models.ForeignKey(
        "teams.TeamMember",
        on_delete=models.PROTECT,
        related_name="visits",
        verbose_name=_("visitor"),
    )
    partner = models.ForeignKey(
        "teams.TeamMember",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("second visitor"),
    )
    status = models.CharField(
        max_length=10, choices=VisitStatus.choices, default=VisitStatus.PLANNED
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    done_at = models.DateTimeField(null=True, blank=True)
    # Raised by every change, so a device that changed an older copy gets a conflict.
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["planned_on", "id"]
        indexes = [
            models.Index(fields=["ward", "status", "planned_on"], name="visit_ward_status"),
            models.Index(
                fields=["residential_group", "status", "planned_on"], name="visit_group_status"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.household} {self.planned_on:%d/%m/%Y}"
