"""Campaigns with targets; the daily snapshots of every indicator that dashboards and reports
read; the counts a ward enters by hand; the reports generated for sending up."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from hocvuso.places.models import ResidentialGroup, Ward


class Campaign(models.Model):
    """A drive with a period and targets, over one ward or, for a city officer, many."""

    name = models.CharField(_("name"), max_length=200)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    wards = models.ManyToManyField(Ward, related_name="campaigns", verbose_name=_("wards"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-starts_on", "name"]

    def __str__(self) -> str:
        return self.name

    @property
    def days(self) -> int:
        return (self.ends_on - self.starts_on).days + 1


class Target(models.Model):
    """What a campaign aims for on one indicator, for a ward or one of its groups."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="targets")
    indicator = models.CharField(max_length=40)
    ward = models.ForeignKey(Ward, on_delete=models.CASCADE, related_name="+")
    residential_group = models.ForeignKey(
        ResidentialGroup, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    value = models.FloatField(_("target"))

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "indicator", "ward", "residential_group"],
                name="one_target_per_group",
            ),
            models.UniqueConstraint(
                fields=["campaign", "indicator", "ward"],
                condition=models.Q(residential_group__isnull=True),
                name="one_target_per_ward",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.indicator} {self.value:g}"


class ManualIndicator(models.Model):
    """A figure hocvuso cannot see (say, every dossier the ward received online), entered
    by hand and always shown as such."""

    ward = models.ForeignKey(Ward, on_delete=models.CASCADE, related_name="manual_indicators")
    code = models.SlugField(max_length=40)
    name = models.CharField(_("name"), max_length=200)
    definition = models.TextField(_("definition"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["ward", "code"], name="unique_manual_indicator")
        ]

    def __str__(self) -> str:
        return self.name


class ManualCount(models.Model):
    indicator = models.ForeignKey(ManualIndicator, on_delete=models.CASCADE, related_name="counts")
    counted_on = models.DateField(_("as of"))
    value = models.PositiveIntegerField(_("count"))
    note = models.CharField(_("source"), max_length=200, blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    entered_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-counted_on", "-entered_at"]

    def __str__(self) -> str:
        return f"{self.indicator} {self.counted_on}: {self.value}"


class Snapshot(models.Model):
    """One indicator's figure for one ward (group empty) or one group, on one day. Kept as
    taken, so a trend or an "as of" report stays the same when records change later."""

    day = models.DateField()
    ward = models.ForeignKey(Ward, on_delete=models.CASCADE, related_name="+")
    residential_group = models.ForeignKey(
        ResidentialGroup, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    indicator = models.CharField(max_length=40)
    numerator = models.FloatField()
    denominator = models.FloatField(null=True, blank=True)
    taken_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["day", "ward", "residential_group", "indicator"],
                name="one_snapshot_per_group_day",
            ),
            models.UniqueConstraint(
                fields=["day", "ward", "indicator"],
                condition=models.Q(residential_group__isnull=True),
                name="one_snapshot_per_ward_day",
            ),
        ]
        indexes = [
            models.Index(fields=["ward", "indicator", "day"], name="snapshot_ward_indicator"),
            models.Index(fields=["day", "indicator"], name="snapshot_day_indicator"),
        ]

    def __str__(self) -> str:
        return f"{self.day} {self.indicator} {self.numerator:g}"

    @property
    def value(self) -> float | None:
        """A share in percent when the indicator has a denominator, else the count."""
        from hocvuso.campaigns.queries import value_of

        return value_of(self.numerator, self.denominator)


class Report(models.Model):
    class Kind(models.TextChoices):
        WEEKLY = "weekly", _("Weekly report")
        FINAL = "final", _("End-of-campaign report")

    class Status(models.TextChoices):
        QUEUED = "queued", _("Being prepared")
        READY = "ready", _("Ready")
        FAILED = "failed", _("Failed")

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="reports")
    ward = models.ForeignKey(Ward, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    as_of = models.DateField(_("as of"))
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    xlsx = models.FileField(upload_to="reports/", blank=True)
    pdf = models.FileField(upload_to="reports/", blank=True)
    error = models.CharField(max_length=300, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    requested_at = models.DateTimeField(auto_now_add=True)

    scope_fields = ("ward", None)

    class Meta:
        ordering = ["-requested_at"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.as_of}"
