"""Planning broadcasts and marking them aired."""

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hocvuso.accounts.models import User
from hocvuso.accounts.permissions import require
from hocvuso.audit.models import AuditEvent
from hocvuso.audit.services import record
from hocvuso.outreach.models import Broadcast
from hocvuso.places.models import Ward
from hocvuso.text.folding import clean

# Three a week by default, as the ward's loudspeakers run: Monday, Wednesday, Friday at 6:30.
DEFAULT_WEEKDAYS = (0, 2, 4)
DEFAULT_TIME = datetime.time(6, 30)
MAX_WEEKS = 26


class BroadcastError(ValueError):
    """A change that cannot be made; the message says why."""


@transaction.atomic
def broadcasts_plan(
    *,
    user: User,
    ward: Ward,
    starts_on: datetime.date,
    weeks: int,
    weekdays: tuple[int, ...] = DEFAULT_WEEKDAYS,
    at: datetime.time = DEFAULT_TIME,
) -> int:
    """Plan a broadcast on each of `weekdays` for `weeks` weeks; slots already planned stay.
    Returns how many were added."""
    require(user, "record", "news", ward_id=ward.pk)
    if not 1 <= weeks <= MAX_WEEKS:
        raise BroadcastError(_("Plan between 1 and 26 weeks at a time."))
    if not weekdays:
        raise BroadcastError(_("Choose at least one day of the week."))
    taken = set(
        Broadcast.objects.filter(ward=ward, scheduled_at__date__gte=starts_on).values_list(
            "scheduled_at", flat=True
        )
    )
    new = []
    for offset in range(weeks * 7):
        day = starts_on + datetime.timedelta(days=offset)
        when = timezone.make_aware(datetime.datetime.combine(day, at))
        if day.weekday() in weekdays and when not in taken:
            title = _("Broadcast of %(day)s") % {"day": day.strftime("%d/%m/%Y")}
            new.append(Broadcast(ward=ward, scheduled_at=when, title=title))
    Broadcast.objects.bulk_create(new)
    if new:
        record(actor=user, action=AuditEvent.Action.CREATE, ward_id=ward.pk,
               object_type="broadcast",
               summary=_("Planned %(count)d broadcasts") % {"count": len(new)})  # fmt: skip
    return len(new)


@transaction.atomic
def broadcast_update(*, user: User, broadcast: Broadcast, title: str, script: str) -> Broadcast:
    require(user, "edit", "news", ward_id=broadcast.ward_id)
    broadcast.title = clean(title)[:200] or broadcast.title
    broadcast.script = script.strip()[:20000]
    broadcast.save(update_fields=["title", "script"])
    return broadcast


@transaction.atomic
def broadcast_mark(*, user: User, broadcast: Broadcast, status: str) -> Broadcast:
    """Mark a broadcast aired (now) or cancelled; this feeds the campaign's indicator."""
    require(user, "edit", "news", ward_id=broadcast.ward_id)
    if status not in (Broadcast.Status.AIRED, Broadcast.Status.CANCELLED):
        raise BroadcastError(_("Unknown status."))
    broadcast.status = status
    broadcast.aired_at = timezone.now() if status == Broadcast.Status.AIRED else None
    broadcast.aired_by = user if status == Broadcast.Status.AIRED else None
    broadcast.save(update_fields=["status", "aired_at", "aired_by"])
    record(actor=user, action=AuditEvent.Action.UPDATE, obj=broadcast,
           summary=_("Broadcast of %(when)s: %(status)s")
           % {"when": f"{timezone.localtime(broadcast.scheduled_at):%d/%m/%Y %H:%M}",
              "status": broadcast.get_status_display()})  # fmt: skip
    return broadcast
