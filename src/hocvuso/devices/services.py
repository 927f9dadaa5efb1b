"""Issuing, revoking and checking device tokens. A token is `hv1_` and 43 url-safe
characters; only its SHA-256 is stored, so a copy of the database opens no phone's access."""

import datetime
import hashlib
import secrets

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hocvuso.accounts.models import User
from hocvuso.accounts.scoping import administers, scope_of
from hocvuso.audit.services import record
from hocvuso.devices.models import DeviceToken

PREFIX = "hv1_"
MAX_DAYS = 90
# last_used_at is written at most this often, not on every request of a sync.
TOUCH_EVERY = datetime.timedelta(minutes=1)


class TokenRefused(Exception):
    """The token cannot be used: `code` is token_invalid, token_revoked or token_expired."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


def digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def ward_of(person: User) -> int | None:
    """The ward a person's token belongs to: the first ward they work in."""
    ward_ids = sorted(scope_of(person).seen_ward_ids)
    return ward_ids[0] if ward_ids else None


@transaction.atomic
def issue_token(
    *, person: User, device_name: str, issued_by: User, days: int = 30
) -> tuple[DeviceToken, str]:
    """A new token for `person` on one device; the plain token is returned here only."""
    ward_id = ward_of(person)
    if ward_id is None or not person.is_active:
        raise ValidationError(
            _("This person works in no ward: a device token would reach nothing.")
        )
    if issued_by.pk != person.pk and not administers(issued_by, ward_id):
        raise PermissionDenied
    name = device_name.strip()[:80]
    if not name:
        raise ValidationError(_("Name the device, e.g. “Lan's phone”."))
    days = max(1, min(days, MAX_DAYS))
    plain = PREFIX + secrets.token_urlsafe(32)
    token = DeviceToken.objects.create(
        person=person,
        device_name=name,
        ward_id=ward_id,
        secret_hash=digest(plain),
        created_by=issued_by,
        expires_at=timezone.now() + datetime.timedelta(days=days),
    )
    record(
        actor=issued_by,
        action="create",
        obj=token,
        summary=_("Issued a device token to %(person)s for %(device)s")
        % {"person": person, "device": name},
    )
    return token, plain


@transaction.atomic
def revoke_token(token: DeviceToken, *, by: User) -> None:
    """Stop the token at once: every request with it gets 401 token_revoked from now on."""
    if token.revoked_at is not None:
        return
    token.revoked_at = timezone.now()
    token.revoked_by = by
    token.save(update_fields=["revoked_at", "revoked_by"])
    record(
        actor=by,
        action="update",
        obj=token,
        summary=_("Revoked the device token of %(person)s for %(device)s")
        % {"person": token.person, "device": token.device_name},
    )


def authenticate(plain: str) -> DeviceToken:
    """The active token for this plain text, its person loaded; else TokenRefused."""
    if not plain.startswith(PREFIX) or len(plain) > 100:
        raise TokenRefused("token_invalid")
    token = (
        DeviceToken.objects.select_related("person", "ward")
        .filter(secret_hash=digest(plain))
        .first()
    )
    if token is None or not token.person.is_active:
        raise TokenRefused("token_invalid")
    if token.revoked_at is not None:
        raise TokenRefused("token_revoked")
    now = timezone.now()
    if token.expires_at <= now:
        raise TokenRefused("token_expired")
    if token.last_used_at is None or now - token.last_used_at > TOUCH_EVERY:
        DeviceToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
    return token
