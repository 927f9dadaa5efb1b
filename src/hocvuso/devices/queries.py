"""Reads of device tokens: only an officer's wards' tokens, and what each one sent."""

from django.db.models import Count, QuerySet

from hocvuso.accounts.models import User
from hocvuso.accounts.scoping import administered_ward_ids
from hocvuso.audit.models import AuditEvent
from hocvuso.devices.models import DeviceToken


def tokens_for(user: User) -> QuerySet[DeviceToken]:
    """The tokens of the wards `user` administers (none for anyone else)."""
    ward_ids = administered_ward_ids(user)
    tokens = DeviceToken.objects.all()
    return tokens if ward_ids is None else tokens.filter(ward_id__in=sorted(ward_ids))


def events_of(token: DeviceToken) -> QuerySet[AuditEvent]:
    """Every audit event written through the token: what a lost phone sent."""
    return AuditEvent.objects.filter(changes__device__id=token.pk).order_by("-at", "-id")


def sent_by(token_ids: list[int]) -> dict[int, int]:
    """How many audit events each token wrote."""
    if not token_ids:
        return {}
    rows = (
        AuditEvent.objects.filter(changes__device__id__in=token_ids)
        .values("changes__device__id")
        .annotate(n=Count("pk"))
    )
    return {int(row["changes__device__id"]): row["n"] for row in rows}
