"""The ward's loudspeaker broadcasts: planned on a schedule, each with its script, marked
aired once read out."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from hocvuso.places.models import Ward


class Broadcast(models.Model):
    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        AIRED = "aired", _("Aired")
        CANCELLED = "cancelled", _("Cancelled")

    ward = models.ForeignKey(Ward, on_delete=models.PROTECT, related_name="broadcasts")
    scheduled_at = models.DateTimeField(_("scheduled for"))
    title = models.CharField(_("title"), max_length=200)
    script = models.TextField(_("script"), blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PLANNED)
    aired_at = models.DateTimeField(_("aired at"), null=True, blank=True)
    aired_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    scope_fields = ("ward", None)

    class Meta:
        ordering = ["scheduled_at"]
        constraints = [
            models.UniqueConstraint(fields=["ward", "scheduled_at"], name="one_broadcast_per_slot")
        ]
        indexes = [models.Index(fields=["ward", "scheduled_at"], name="broadcast_ward_time")]

    def __str__(self) -> str:
        return f"{self.scheduled_at:%d/%m/%Y %H:%M} {self.title}"
