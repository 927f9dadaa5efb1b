"""Help requests: filed on a public form, worked through a group's queue, followed up by the
requester with a reference and their phone."""

import datetime
import secrets

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hocvuso.accounts.models import User
from hocvuso.audit.services import record
from hocvuso.places.models import ResidentialGroup, Ward
from hocvuso.support.models import HelpRequest, RequestStatus
from hocvuso.teams.models import TeamMember

# No 0/O, 1/I/L: a reference is read out over the phone and typed by elderly people.
_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
# The same person asking the same thing again within this time gets the same request.
_REPEAT_WINDOW = datetime.timedelta(minutes=30)


def new_reference() -> str:
    return "".join(secrets.choice(_ALPHABET) for _ in range(8))


@transaction.atomic
def request_file(
    *,
    ward: Ward,
    group: ResidentialGroup | None,
    name: str,
    phone: str,
    address: str,
    need: str,
    convenient_time: str,
) -> tuple[HelpRequest, bool]:
    """File a request; a repeat (a double tap, a second try) returns the first one."""
    if group is not None and group.ward_id != ward.pk:
        raise ValidationError(_("Choose a residential group of this ward."))
    # `need` is encrypted at rest, so it is compared here rather than in the query.
    recent = HelpRequest.objects.filter(
        ward=ward, phone=phone, created_at__gte=timezone.now() - _REPEAT_WINDOW
    )
    repeat = next((found for found in recent if found.need == need), None)
    if repeat is not None:
        return repeat, False
    for _attempt in range(5):
        try:
            with transaction.atomic():
                filed = HelpRequest.objects.create(
                    reference=new_reference(),
                    ward=ward,
                    residential_group=group,
                    name=name,
                    phone=phone,
                    address=address,
                    need=need,
                    convenient_time=convenient_time,
                )
            return filed, True
        except IntegrityError:  # the reference was taken: draw another
            continue
    raise RuntimeError("no free reference after 5 draws")


def request_lookup(*, reference: str, phone: str) -> HelpRequest | None:
    """The request with this reference and phone, or None: a guessed reference alone says
    nothing, not even whether it exists."""
    return HelpRequest.objects.filter(reference=reference.strip().upper(), phone=phone).first()


@transaction.atomic
def request_update(
    *,
    actor: User,
    request_id: int,
    expected_status: str,
    assigned_to: TeamMember | None,
    scheduled_for: datetime.datetime | None,
    resolution: str,
    resolve: bool,
    expected_version: int | None = None,
) -> bool:
    """Assign, schedule or resolve a request. Applies only if nobody changed its status (or,
    from a device, its version) since the page was shown, so two volunteers closing it at
    once get one clear outcome."""
    found = HelpRequest.objects.select_for_update().get(pk=request_id)
    if found.status != expected_status:
        return False
    if expected_version is not None and found.version != expected_version:
        return False
    if assigned_to is not None and assigned_to.ward_id != found.ward_id:
        raise ValidationError(_("Assign the request to a member of the ward's teams."))
    if resolve and not resolution.strip():
        raise ValidationError(_("Say what was done before closing the request."))
    found.assigned_to = assigned_to
    found.scheduled_for = scheduled_for
    found.resolution = resolution.strip()
    if resolve:
        found.status, found.resolved_at = RequestStatus.RESOLVED, timezone.now()
    elif scheduled_for is not None:
        found.status = RequestStatus.SCHEDULED
    elif assigned_to is not None:
        found.status = RequestStatus.ASSIGNED
    found.version += 1
    found.save()
    record(
        actor=actor,
        action="update",
        obj=found,
        summary=_("Request %(reference)s: %(status)s")
        % {"reference": found.reference, "status": found.get_status_display()},
    )
    return True
