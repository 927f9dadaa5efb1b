"""Writing the audit log. Services call `record()` inside their own transaction."""

from collections.abc import Mapping
from typing import Any

from django.db import models

from hocvuso.audit.context import current_device, current_ip
from hocvuso.audit.models import AuditEvent


def record(
    *,
    actor: Any,
    action: str,
    obj: models.Model | None = None,
    ward_id: int | None = None,
    summary: str,
    changes: Mapping[str, Any] | None = None,
    object_type: str = "",
) -> AuditEvent:
    """Log one action on personal data. `actor` is a user or None for the system."""
    event = unsaved(
        actor=actor,
        action=action,
        obj=obj,
        ward_id=ward_id,
        summary=summary,
        changes=changes,
        object_type=object_type,
    )
    event.save()
    return event


def unsaved(
    *,
    actor: Any,
    action: str,
    obj: models.Model | None = None,
    ward_id: int | None = None,
    summary: str,
    changes: Mapping[str, Any] | None = None,
    object_type: str = "",
) -> AuditEvent:
    """The event `record()` writes, not yet saved: for a service that writes many rows with
    `bulk_create` in its own transaction."""
    device = current_device()
    if device is not None:
        changes = {**(changes or {}), "device": device}
    if obj is not None:
        object_type = object_type or obj._meta.model_name or ""
        ward_id = ward_id if ward_id is not None else getattr(obj, "ward_id", None)
    return AuditEvent(
        actor=actor if getattr(actor, "pk", None) else None,
        actor_name=str(actor) if actor is not None else "",
        ward_id=ward_id,
        action=action,
        object_type=object_type,
        object_id=str(obj.pk) if obj is not None and obj.pk is not None else "",
        summary=summary[:300],
        changes=dict(changes or {}),
        ip_address=current_ip(),
    )


def diff(before: Mapping[str, Any], after: Mapping[str, Any]) -> dict[str, list[Any]]:
    """The fields that changed, as `{field: [old, new]}`."""
    return {
        key: [before.get(key), value] for key, value in after.items() if before.get(key) != value
    }
