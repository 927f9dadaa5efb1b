"""How long each kind of record holding personal data is kept, and why: the one table that
`manage.py apply_retention` applies daily and the public privacy notice shows.

Where a record counts in the campaign's figures (a help request, a learner), the personal
part is erased and the record stays; where it does not, the record goes. Periods are this
project's choices, made to be as short as the work allows; no period here is set by law.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from hocvuso.audit.models import AuditEvent
from hocvuso.audit.services import record
from hocvuso.learning.devices import MAX_AGE as DEVICE_COOKIE_SECONDS
from hocvuso.learning.models import Learner
from hocvuso.outreach.models import Delivery
from hocvuso.people.models import ImportBatch
from hocvuso.privacy.rights import ERASED
from hocvuso.support.models import HelpRequest, RequestStatus

# An import still being read or written is never touched, however old.
_IMPORT_AT_WORK = ("reading", "queued", "running")


@dataclass(frozen=True)
class Rule:
    code: str
    records: Promise  # what is kept
    days: int
    action: Promise  # what happens at the end of the period
    reason: Promise
    due: Callable[[datetime.datetime], QuerySet]  # the records past the period, by cutoff
    apply: Callable[[QuerySet], int]  # does it; returns how many

    @property
    def period(self) -> str:
        return _("%(days)d days") % {"days": self.days}


def _uploads_due(cutoff: datetime.datetime) -> QuerySet:
    return (
        ImportBatch.objects.filter(created_at__lt=cutoff)
        .exclude(status__in=_IMPORT_AT_WORK)
        .exclude(upload="", errors_file="", errors=[])
    )


def _drop_uploads(batches: QuerySet) -> int:
    count = 0
    for batch in batches:
        for kept in (batch.upload, batch.errors_file):
            if kept:
                kept.delete(save=False)
        batch.errors = []
        batch.notes = {k: v for k, v in batch.notes.items() if k != "sample"}
        batch.save(update_fields=["upload", "errors_file", "errors", "notes"])
        count += 1
    return count


def _requests_due(cutoff: datetime.datetime) -> QuerySet:
    closed = Q(status=RequestStatus.RESOLVED, resolved_at__lt=cutoff) | Q(
        status=RequestStatus.CANCELLED, created_at__lt=cutoff
    )
    return HelpRequest.objects.filter(closed).exclude(phone="")


def _anonymise_requests(requests: QuerySet) -> int:
    return requests.update(
        name=ERASED, phone="", address="", need="", convenient_time="", resolution=""
    )


def _deliveries_due(cutoff: datetime.datetime) -> QuerySet:
    return Delivery.objects.filter(message__created_at__lt=cutoff).exclude(address="")


def _forget_addresses(deliveries: QuerySet) -> int:
    return Delivery.objects.filter(pk__in=list(deliveries.values_list("pk", flat=True))).update(
        address="", last_error=""
    )


def _events_due(cutoff: datetime.datetime) -> QuerySet:
    return AuditEvent.objects.filter(at__lt=cutoff)


def _delete(queryset: QuerySet) -> int:
    return queryset.delete()[0]


def _devices_due(cutoff: datetime.datetime) -> QuerySet:
    """Learners with no account and no household link whose device has not come back."""
    last_seen = Q(last_seen_at__lt=cutoff) | Q(last_seen_at__isnull=True, created_at__lt=cutoff)
    return Learner.objects.filter(last_seen, phone__isnull=True, resident__isnull=True).exclude(
        first_name="", full_name=""
    )


def _anonymise_devices(learners: QuerySet) -> int:
    return learners.update(first_name="", full_name="")


RULES: list[Rule] = [
    Rule(
        "import_uploads",
        _("Uploaded resident lists, and the rows an import preview showed"),
        7,
        _("deleted"),
        _(
            "A list holds a whole ward's names and phones. Once imported it is not needed; "
            "a list left unconfirmed goes a week later."
        ),
        _uploads_due,
        _drop_uploads,
    ),
    Rule(
        "help_requests",
        _("Help requests resolved or cancelled: name, phone, address and what was asked"),
        365,
        _("erased; the request stays, without the person, for the campaign's counts"),
        _("A year is long enough to follow up a request or answer a complaint about it."),
        _requests_due,
        _anonymise_requests,
    ),
    Rule(
        "message_deliveries",
        _("The phone number or email address each group message was sent to"),
        90,
        _("erased from the outbox; the message and its counts stay"),
        _("Enough to retry a failed message and to check what was sent."),
        _deliveries_due,
        _forget_addresses,
    ),
    Rule(
        "learner_devices",
        _("The first name typed on a phone that learns without an account"),
        DEVICE_COOKIE_SECONDS // (24 * 3600),
        _("erased; the progress stays, without a name, for the campaign's counts"),
        _(
            "The phone forgets which learner it is after this time, so nobody can come "
            "back to this name."
        ),
        _devices_due,
        _anonymise_devices,
    ),
    Rule(
        "audit_events",
        _("The audit log: who read, changed or exported personal data, and when"),
        2 * 365,
        _("deleted"),
        _(
            "Two years let a resident ask who saw their data, and let the ward check its "
            "own work, without keeping a record of everyone's reads for ever."
        ),
        _events_due,
        _delete,
    ),
]


@dataclass(frozen=True)
class Outcome:
    rule: Rule
    count: int


def apply_retention(
    *, dry_run: bool = False, now: datetime.datetime | None = None
) -> list[Outcome]:
    """Apply every rule (each in its own transaction), or with `dry_run` only count."""
    now = now or timezone.now()
    outcomes = []
    for rule in RULES:
        due = rule.due(now - datetime.timedelta(days=rule.days))
        if dry_run:
            outcomes.append(Outcome(rule, due.count()))
            continue
        with transaction.atomic():
            count = rule.apply(due)
            if count:
                record(
                    actor=None,
                    action=AuditEvent.Action.DELETE,
                    object_type="retention",
                    summary=_("Deleted %(count)d records older than %(days)d days (rule %(rule)s)")
                    % {"count": count, "days": rule.days, "rule": rule.code},
                    changes={"rule": rule.code, "count": count, "days": rule.days},
                )
        outcomes.append(Outcome(rule, count))
    return outcomes
