"""Device tokens: a volunteer's phone talks to /api/v1 with one, issued and revoked by the
ward's officer. Only the token's SHA-256 is kept; the token itself is shown once."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hocvuso.places.models import Ward


class DeviceToken(models.Model):
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="device_tokens"
    )
    device_name = models.CharField(_("device"), max_length=80)
    ward = models.ForeignKey(Ward, on_delete=models.PROTECT, related_name="+")
    secret_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField(_("expires"))
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)

    scope_fields = ("ward", None)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.person} · {self.device_name}"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None and self.expires_at > timezone.now()


class ResidentDownload(models.Model):
    """One offline download of the residents a person may see: which ones (and in which
    group) it sent, so the next one can send only changes, removals and moves out included."""

    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    started_at = models.DateTimeField()
    members = models.JSONField(default=dict)  # {resident id: group id} at `started_at`
    removed = models.JSONField(default=list)  # resident ids to drop from the phone
    changed = models.JSONField(default=list)  # resident ids to send, sorted

    class Meta:
        ordering = ["-started_at", "-id"]

    def __str__(self) -> str:
        return f"{self.person} {self.started_at:%Y-%m-%d %H:%M}"
