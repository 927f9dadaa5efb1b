"""The official map: provinces and wards (from the 2025 list), and the ward's residential groups."""

import re

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from hocvuso.text.folding import fold

_NUMBERS = re.compile(r"\d+")


class Province(models.Model):
    code = models.PositiveIntegerField(primary_key=True)
    name = models.CharField(_("name"), max_length=100)
    division_type = models.CharField(max_length=40)
    codename = models.CharField(max_length=100)

    class Meta:
        ordering = ["code"]
        verbose_name = _("province")
        verbose_name_plural = _("provinces")

    def __str__(self) -> str:
        return self.name


class Ward(models.Model):
    """A ward, commune or special zone: the tenant every record belongs to."""

    code = models.PositiveIntegerField(primary_key=True)
    province = models.ForeignKey(Province, on_delete=models.PROTECT, related_name="wards")
    name = models.CharField(_("name"), max_length=100)
    division_type = models.CharField(max_length=40)
    codename = models.CharField(max_length=100)
    is_active = models.BooleanField(_("active"), default=False)
    activated_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("ward")
        verbose_name_plural = _("wards")

    def __str__(self) -> str:
        return self.name


class ResidentialGroup(models.Model):
    """A tổ dân phố: the unit below a ward, with its community digital team."""

    ward = models.ForeignKey(Ward, on_delete=models.PROTECT, related_name="groups")
    name = models.CharField(_("name"), max_length=100)
    name_folded = models.CharField(max_length=100, editable=False)
    # The folded name with its numbers zero-padded, so "Tổ 2" sorts before "Tổ 10".
    sort_name = models.CharField(max_length=120, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    # A merged group stays, closed, so history and old reports still name it.
    merged_into = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="merged_from"
    )
    closed_at = models.DateTimeField(null=True, blank=True)

    # For accounts.scoping: a group is reached through its ward, or is itself the group.
    scope_fields = ("ward", "pk")

    class Meta:
        ordering = ["ward", "sort_name"]
        verbose_name = _("residential group")
        verbose_name_plural = _("residential groups")
        constraints = [
            models.UniqueConstraint(
                fields=["ward", "name_folded"],
                condition=models.Q(closed_at__isnull=True),
                name="unique_open_group_name_per_ward",
            )
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs) -> None:
        self.name_folded = fold(self.name)
        self.sort_name = _NUMBERS.sub(lambda m: m.group().zfill(6), self.name_folded)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "name" in update_fields:
            kwargs["update_fields"] = {*update_fields, "name_folded", "sort_name"}
        super().save(*args, **kwargs)

    @property
    def is_open(self) -> bool:
        return self.closed_at is None


class GroupEvent(models.Model):
    """The dated history of a residential group: created, renamed, merged."""

    class Kind(models.TextChoices):
        CREATED = "created", _("created")
        RENAMED = "renamed", _("renamed")
        MERGED = "merged", _("merged into another group")
        ABSORBED = "absorbed", _("took in another group")

    group = models.ForeignKey(ResidentialGroup, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    old_name = models.CharField(max_length=100, blank=True)
    new_name = models.CharField(max_length=100, blank=True)
    other_group = models.ForeignKey(
        ResidentialGroup, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    households_moved = models.PositiveIntegerField(default=0)
    effective_on = models.DateField()
    recorded_at = models.DateTimeField(auto_now_add=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-effective_on", "-recorded_at"]

    def __str__(self) -> str:
        return f"{self.group}: {self.get_kind_display()} ({self.effective_on})"


class WardContact(models.Model):
    """Where residents reach the ward itself, as its officer writes it: the public
    administration office (Trung tâm Phục vụ hành chính công), its hours, the ward police.
    Shown on the ward's public help page and in the assistant's answer on the ward's contact."""

    ward = models.OneToOneField(
        Ward, on_delete=models.CASCADE, primary_key=True, related_name="contact"
    )
    office_address = models.CharField(
        _("address of the public administration office"), max_length=255, blank=True
    )
    office_phone = models.CharField(
        _("phone of the public administration office"), max_length=20, blank=True
    )
    office_hours = models.CharField(_("opening hours"), max_length=200, blank=True)
    police_phone = models.CharField(_("phone of the ward police"), max_length=20, blank=True)
    email = models.EmailField(_("email"), blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("ward contact")
        verbose_name_plural = _("ward contacts")

    def __str__(self) -> str:
        return str(self.ward)

    @property
    def is_empty(self) -> bool:
        return not any(
            (self.office_address, self.office_phone, self.office_hours, self.police_phone,
             self.email)
        )  # fmt: skip
