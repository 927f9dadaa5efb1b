"""The household registry: households, residents, consent, and sensitive data behind consent.

No ID-card number, password or OTP of a resident is ever stored here.
"""

import datetime

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from hocvuso.people.encryption import EncryptedTextField
from hocvuso.places.models import ResidentialGroup, Ward

# The Law on the Elderly (2009) counts people aged 60 and over as elderly.
ELDERLY_AGE = 60


class Gender(models.TextChoices):
    MALE = "male", _("Male")
    FEMALE = "female", _("Female")
    UNKNOWN = "", _("Not given")


class Household(models.Model):
    """A household: the registry's unit, and later its digital learning address."""

    # The composite indexes below lead with these columns, so they need none of their own;
    # every index is paid on each of a 100,000-row import's inserts.
    ward = models.ForeignKey(
        Ward, on_delete=models.PROTECT, related_name="households", db_index=False
    )
    residential_group = models.ForeignKey(
        ResidentialGroup, on_delete=models.PROTECT, related_name="households", db_index=False
    )
    key = models.CharField(_("household code"), max_length=40)
    address = models.CharField(_("address"), max_length=255)
    phone = models.CharField(_("phone"), max_length=15, blank=True)
    has_smartphone = models.BooleanField(_("has a smartphone"), null=True, blank=True)
    has_internet = models.BooleanField(_("has internet"), null=True, blank=True)
    # Set by the field-operations records the first time anyone helps this household.
    first_reached_at = models.DateTimeField(_("first reached"), null=True, blank=True)
    # Phone, folded address and code: what search matches on the household.
    search_text = models.CharField(max_length=400, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["key"]
        verbose_name = _("household")
        verbose_name_plural = _("households")
        constraints = [
            models.UniqueConstraint(fields=["ward", "key"], name="unique_household_key_per_ward")
        ]
        indexes = [models.Index(fields=["residential_group", "key"], name="household_group_key")]

    def __str__(self) -> str:
        return f"{self.key} · {self.address}"


class Resident(models.Model):
    # Indexed through the composite indexes below (see Household).
    ward = models.ForeignKey(
        Ward, on_delete=models.PROTECT, related_name="residents", db_index=False
    )
    # Kept equal to the household's group by the services, so scoping needs no join.
    residential_group = models.ForeignKey(
        ResidentialGroup, on_delete=models.PROTECT, related_name="residents", db_index=False
    )
    household = models.ForeignKey(
        Household, on_delete=models.CASCADE, related_name="residents", db_index=False
    )
    full_name = models.CharField(_("full name"), max_length=150)
    birth_year = models.PositiveSmallIntegerField(_("birth year"), null=True, blank=True)
    gender = models.CharField(_("gender"), max_length=10, choices=Gender.choices, blank=True)
    relation = models.CharField(_("relation to the head"), max_length=50, blank=True)
    is_head = models.BooleanField(_("head of household"), default=False)
    phone = models.CharField(_("phone"), max_length=15, blank=True)
    # What search matches on the person; the household's own search text covers the rest.
    name_folded = models.CharField(max_length=150, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # Set when the person's data was erased at their request (privacy.rights): the row stays,
    # with no name or phone, so the campaign's counts stay true.
    erased_at = models.DateTimeField(_("data erased"), null=True, blank=True, editable=False)

    class Meta:
        ordering = ["name_folded", "id"]
        verbose_name = _("resident")
        verbose_name_plural = _("residents")
        indexes = [
            models.Index(fields=["ward", "name_folded"], name="resident_ward_name"),
            models.Index(fields=["residential_group", "name_folded"], name="resident_group_name"),
            models.Index(fields=["household"], name="resident_household"),
        ]

    def __str__(self) -> str:
        return self.full_name

    @property
    def age(self) -> int | None:
        if self.birth_year is None:
            return None
        return datetime.date.today().year - self.birth_year

    @property
    def is_elderly(self) -> bool:
        return self.age is not None and self.age >= ELDERLY_AGE


class Consent(models.Model):
    """A person's recorded agreement that the ward may hold a piece of sensitive data."""

    class Purpose(models.TextChoices):
        DISABILITY = "disability", _("Disability, for priority home visits")

    resident = models.ForeignKey(Resident, on_delete=models.CASCADE, related_name="consents")
    purpose = models.CharField(_("purpose"), max_length=30, choices=Purpose.choices)
    given_by = models.CharField(
        _("given by"), max_length=150, help_text=_("The resident, or the relative who agreed.")
    )
    given_on = models.DateField(_("date given"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-recorded_at"]

    def __str__(self) -> str:
        return f"{self.get_purpose_display()} · {self.given_by} · {self.given_on:%d/%m/%Y}"


class Disability(models.Model):
    """Sensitive personal data: stored only with a consent, read-logged on every view."""

    resident = models.OneToOneField(Resident, on_delete=models.CASCADE, related_name="disability")
    consent = models.ForeignKey(Consent, on_delete=models.PROTECT, related_name="+")
    # Encrypted at rest (people.encryption): only the application, holding the key, reads it.
    description = EncryptedTextField(
        _("what help is needed"),
        max_length=300,
        help_text=_("Only what volunteers need to know to help, e.g. “cannot see small text”."),
    )
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"{self.resident}: {self.description}"


class HouseholdMove(models.Model):
    """A household moved between residential groups (by a merge or a correction)."""

    household = models.ForeignKey(Household, on_delete=models.CASCADE, related_name="moves")
    from_group = models.ForeignKey(ResidentialGroup, on_delete=models.PROTECT, related_name="+")
    to_group = models.ForeignKey(ResidentialGroup, on_delete=models.PROTECT, related_name="+")
    effective_on = models.DateField()
    reason = models.CharField(max_length=100)

    class Meta:
        ordering = ["-effective_on", "-id"]

    def __str__(self) -> str:
        return f"{self.household.key}: {self.from_group} → {self.to_group} ({self.effective_on})"


class ImportBatch(models.Model):
    """One uploaded resident list, from preview to commit."""

    class Status(models.TextChoices):
        READING = "reading", _("Reading the file")
        REFUSED = "refused", _("Refused, nothing was read")
        PREVIEW = "preview", _("Waiting for confirmation")
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Importing")
        DONE = "done", _("Imported")
        FAILED = "failed", _("Failed, nothing was written")

    ward = models.ForeignKey(Ward, on_delete=models.PROTECT, related_name="imports")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    filename = models.CharField(max_length=255)
    upload = models.FileField(upload_to="imports/%Y/%m/")
    # Every error of the list as a workbook, written when it is read (the preview shows the
    # first ones); it goes with the upload.
    errors_file = models.FileField(upload_to="imports/%Y/%m/", blank=True)
    sha256 = models.CharField(max_length=64)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.READING)
    header_row = models.PositiveIntegerField(default=0)
    mapping = models.JSONField(default=dict)
    row_count = models.PositiveIntegerField(default=0)
    error_count = models.PositiveIntegerField(default=0)
    errors = models.JSONField(default=list)  # the first errors, for the preview
    notes = models.JSONField(default=dict)  # ignored and refused columns, skipped rows
    result = models.JSONField(default=dict)  # counts written, or the failure reason
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.filename

    @property
    def can_commit(self) -> bool:
        return self.status == self.Status.PREVIEW and self.error_count == 0 and self.row_count > 0
