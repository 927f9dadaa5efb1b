"""Help recorded offline, arriving in batches from a device. Each record is checked by the
same rules as the help form (`services._check`) and stored whole or not at all; a batch is
one transaction of bulk inserts, falling back to one savepoint per record only when another
request stored one of its records at the same moment."""

import datetime
import uuid
from collections.abc import Callable
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Case, DateTimeField, Q, QuerySet, Value, When
from django.utils import timezone, translation
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from hocvuso.accounts.models import User
from hocvuso.audit.models import AuditEvent
from hocvuso.audit.services import unsaved
from hocvuso.people.models import Household, Resident
from hocvuso.places.models import Ward
from hocvuso.support.models import (
    HelpRecord,
    HomeVisit,
    Outcome,
    Place,
    Service,
    ServiceStatus,
    Task,
)
from hocvuso.support.services import STATUS_FROM_TASK, HelpInput, _check, help_record
from hocvuso.support.visits import visit_close
from hocvuso.teams.models import MobilePoint
from hocvuso.text.phones import InvalidPhone, normalize_phone

_TASKS, _OUTCOMES, _PLACES = (
    frozenset(Task.values),
    frozenset(Outcome.values),
    frozenset(Place.values),
)
# What the checks and writes read of a resident and their household.
_RESIDENT_FIELDS = (
    "full_name", "ward_id", "residential_group_id", "household_id", "erased_at",
    "household__first_reached_at",
)  # fmt: skip
# Help recorded this far ahead of the server's clock is a phone with a wrong date.
FUTURE_SLACK = datetime.timedelta(hours=1)


@dataclass
class QueuedHelp:
    """One record as the device queued it."""

    client_id: uuid.UUID
    service: str
    task: str
    outcome: str = Outcome.DONE
    place: str = Place.POINT
    resident_id: int | None = None
    walk_in_name: str = ""
    walk_in_phone: str = ""
    point_id: int | None = None
    helped_at: datetime.datetime | None = None
    dossier_code: str = ""
    note: str = ""
    visit_id: int | None = None


@dataclass
class BatchResult:
    client_id: uuid.UUID
    status: str  # stored, duplicate or rejected
    code: str = ""
    detail: str = ""
    detail_en: str = ""


def _in_both(message: Callable[[], str | Promise]) -> tuple[str, str]:
    texts = []
    for language in ("vi", "en"):
        with translation.override(language):
            texts.append(str(message()))
    return texts[0], texts[1]


def _rejected(item: QueuedHelp, code: str, message: Callable[[], str | Promise]) -> BatchResult:
    detail, detail_en = _in_both(message)
    return BatchResult(item.client_id, "rejected", code, detail, detail_en)


def _rule_broken(check: Callable[[], None]) -> Callable[[], str]:
    """The help form's own message for a broken rule, in the language active when asked."""

    def message() -> str:
        try:
            check()
        except ValidationError as error:
            return " ".join(error.messages)
        return ""

    return message


OUT_OF_SCOPE = gettext_lazy(
    "This resident is no longer in your residential groups (moved or removed): the record "
    "was not stored. Check with your team leader."
)
UNKNOWN_SERVICE = gettext_lazy("This service is not in the ward's catalog.")
UNKNOWN_POINT = gettext_lazy("This mobile point is not of the ward.")
BAD_CHOICE = gettext_lazy("The task, outcome or place is not one of the form's choices.")
FUTURE = gettext_lazy("The record is dated in the future: check the phone's date and time.")
BAD_PHONE = gettext_lazy("The walk-in's phone is not a Vietnamese phone number.")
VISIT_OUT_OF_SCOPE = gettext_lazy(
    "This home visit is not one you may see, or is of another household: the record was not stored."
)


def help_record_batch(
    *,
    actor: User,
    home_ward: Ward,
    residents: QuerySet[Resident],
    items: list[QueuedHelp],
    visits: QuerySet[HomeVisit] | None = None,
) -> list[BatchResult]:
    """Store what can be stored of `items`, each once. `residents` are those the actor may
    see (a record for anyone else is rejected); walk-ins are counted in `home_ward`.
    `visits` are those the actor may see: a record naming another is rejected, as the help
    form's `?visit=` is refused, and so is one whose resident lives in another household."""
    ids = [item.client_id for item in items]
    stored = set(HelpRecord.objects.filter(client_id__in=ids).values_list("client_id", flat=True))
    people = (
        residents.select_related("household")
        .only(*_RESIDENT_FIELDS)
        .in_bulk({item.resident_id for item in items if item.resident_id})
    )
    ward_ids = {home_ward.pk} | {r.ward_id for r in people.values()}
    wards = {home_ward.pk: home_ward}
    if len(ward_ids) > 1:  # someone who works in several wards
        wards = Ward.objects.in_bulk(ward_ids)
    services = {}
    for service in Service.objects.filter(
        Q(ward__isnull=True) | Q(ward_id__in=ward_ids), code__in={i.service for i in items}
    ):
        services[(service.ward_id, service.code)] = service
    points = MobilePoint.objects.in_bulk({item.point_id for item in items if item.point_id})
    visit_ids = {item.visit_id for item in items if item.visit_id}
    home_visits = (
        (visits if visits is not None else HomeVisit.objects.none())
        .only("household_id", "status")
        .in_bulk(visit_ids)
        if visit_ids
        else {}
    )
    now = timezone.now()
    results: list[BatchResult] = []
    pending: dict[uuid.UUID, BatchResult] = {}
    accepted: list[tuple[QueuedHelp, Ward, HelpInput]] = []
    for item in items:
        if item.client_id in stored or item.client_id in pending:
            results.append(BatchResult(item.client_id, "duplicate"))
            continue
        checked = _checked(item, home_ward, people, wards, services, points, home_visits, now)
        if isinstance(checked, BatchResult):
            result = checked
        else:
            accepted.append((item, *checked))
            result = BatchResult(item.client_id, "stored")
        pending[item.client_id] = result
        results.append(result)
    if accepted:
        try:
            with transaction.atomic():
                _store(actor, accepted, now)
        except IntegrityError:
            # Another request stored one of these at the same moment: one at a time, each
            # in a savepoint, so the others are stored and that one reads as a duplicate.
            for item, ward, data in accepted:
                _record, new = help_record(
                    actor=actor, ward=ward, client_id=item.client_id, data=data,
                    helped_at=item.helped_at,
                )  # fmt: skip
                pending[item.client_id].status = "stored" if new else "duplicate"
    return results


def _checked(item, home_ward, people, wards, services, points, home_visits, now):
    """(ward, HelpInput) for a record that may be stored, else its rejection."""
    if item.task not in _TASKS or item.outcome not in _OUTCOMES:
        return _rejected(item, "invalid", lambda: BAD_CHOICE)
    if item.place not in _PLACES:
        return _rejected(item, "invalid", lambda: BAD_CHOICE)
    if item.helped_at is not None and item.helped_at > now + FUTURE_SLACK:
        return _rejected(item, "invalid", lambda: FUTURE)
    resident = None
    if item.resident_id:
        resident = people.get(item.resident_id)
        if resident is None or resident.erased_at is not None:
            return _rejected(item, "resident_out_of_scope", lambda: OUT_OF_SCOPE)
    visit = home_visits.get(item.visit_id) if item.visit_id else None
    if item.visit_id and (
        visit is None or (resident is not None and visit.household_id != resident.household_id)
    ):
        return _rejected(item, "visit_out_of_scope", lambda: VISIT_OUT_OF_SCOPE)
    ward = wards[resident.ward_id] if resident else home_ward
    service = services.get((ward.pk, item.service)) or services.get((None, item.service))
    if service is None:
        return _rejected(item, "service_withdrawn", lambda: UNKNOWN_SERVICE)
    point = points.get(item.point_id) if item.point_id else None
    if item.point_id and point is None:
        return _rejected(item, "invalid", lambda: UNKNOWN_POINT)
    phone = ""
    if resident is None and item.walk_in_phone.strip():
        try:
            phone = normalize_phone(item.walk_in_phone)
        except InvalidPhone:
            return _rejected(item, "invalid", lambda: BAD_PHONE)
    data = HelpInput(
        service=service,
        task=item.task,
        outcome=item.outcome,
        place=item.place,
        point=point,
        resident=resident,
        walk_in_name=item.walk_in_name,
        walk_in_phone=phone,
        dossier_code=item.dossier_code,
        note=item.note,
        visit=visit,
    )
    try:
        _check(ward, data)
    except ValidationError:
        code = "service_withdrawn" if not service.is_active else "invalid"
        return _rejected(item, code, _rule_broken(lambda: _check(ward, data)))
    return ward, data


def _store(actor: User, accepted: list[tuple[QueuedHelp, Ward, HelpInput]], now) -> None:
    """The help form's writes for many records at once: the records, the residents' service
    statuses, the households' first contact, and the audit log."""
    records, inputs = [], []
    for item, ward, data in accepted:
        resident = data.resident
        inputs.append(data)
        records.append(
            HelpRecord(
                client_id=item.client_id,
                ward_id=ward.pk,
                residential_group_id=resident.residential_group_id if resident else None,
                resident_id=resident.pk if resident else None,
                walk_in_name="" if resident else data.walk_in_name.strip(),
                walk_in_phone="" if resident else data.walk_in_phone,
                place=data.place,
                point_id=data.point.pk if data.point and data.place == Place.POINT else None,
                service_id=data.service.pk,
                task=data.task,
                outcome=data.outcome,
                dossier_code=data.dossier_code.strip()[:40],
                note=data.note.strip(),
                helped_by_id=actor.pk,
                helped_at=item.helped_at or now,
                visit_id=data.visit.pk if data.visit else None,
            )
        )
    HelpRecord.objects.bulk_create(records)
    # As the help form does: the first help recorded on a planned visit closes it.
    for visit_id in sorted({r.visit_id for r in records if r.visit_id}):
        visit_close(visit_id=visit_id)
    _update_statuses(actor, records, now)
    _first_reached(records, inputs)
    _log(actor, records, inputs)


def _log(actor: User, records: list[HelpRecord], inputs: list[HelpInput]) -> None:
    """One audit event per ward for the batch, listing every record it stored (who was
    helped, with what): a batch of 100 records is one line of the log, not 100."""
    tasks, outcomes = dict(Task.choices), dict(Outcome.choices)
    by_ward: dict[int, list[tuple[HelpRecord, HelpInput]]] = {}
    for help_given, data in zip(records, inputs, strict=True):
        by_ward.setdefault(help_given.ward_id, []).append((help_given, data))
    events = []
    for ward_id, stored in by_ward.items():
        listed = [
            {
                "id": r.pk,
                "client_id": str(r.client_id),
                "person": data.resident.full_name if data.resident else r.walk_in_name,
                "service": data.service.name,
                "task": str(tasks[r.task]),
                "outcome": str(outcomes[r.outcome]),
            }
            for r, data in stored
        ]
        people = ", ".join(dict.fromkeys(str(entry["person"]) for entry in listed))
        events.append(
            unsaved(
                actor=actor,
                action="create",
                ward_id=ward_id,
                object_type="helprecord",
                summary=_("Stored %(count)d help records: %(people)s")
                % {"count": len(listed), "people": people},
                changes={"help_records": listed},
            )
        )
    AuditEvent.objects.bulk_create(events)


def _update_statuses(actor: User, records: list[HelpRecord], now) -> None:
    proven: dict[tuple[int, int], set[str]] = {}
    for help_given in records:
        facts = STATUS_FROM_TASK.get(help_given.task)
        if facts and help_given.resident_id and help_given.outcome == Outcome.DONE:
            key = (help_given.resident_id, help_given.service_id)
            proven.setdefault(key, set()).update(facts)
    if not proven:
        return
    existing = {
        (resident_id, service_id): pk
        for pk, resident_id, service_id in ServiceStatus.objects.select_for_update()
        .filter(resident_id__in={r for r, _s in proven}, service_id__in={s for _r, s in proven})
        .values_list("pk", "resident_id", "service_id")
    }
    new: list[ServiceStatus] = []
    changed: dict[frozenset[str], list[int]] = {}
    for (resident_id, service_id), fields in proven.items():
        pk = existing.get((resident_id, service_id))
        if pk is None:
            status = ServiceStatus(resident_id=resident_id, service_id=service_id)
            for name in fields:
                setattr(status, name, True)
            status.updated_by_id, status.updated_at = actor.pk, now
            new.append(status)
        else:
            changed.setdefault(frozenset(fields), []).append(pk)
    ServiceStatus.objects.bulk_create(new)
    # One UPDATE for each set of facts proven (at most three), not one per status.
    for facts_proven, pks in changed.items():
        ServiceStatus.objects.filter(pk__in=pks).update(
            updated_by=actor, updated_at=now, **dict.fromkeys(facts_proven, True)
        )


def _first_reached(records: list[HelpRecord], inputs: list[HelpInput]) -> None:
    first: dict[int, datetime.datetime] = {}
    for help_given, data in zip(records, inputs, strict=True):
        resident = data.resident
        if resident is None or resident.household.first_reached_at is not None:
            continue
        known = first.get(resident.household_id)
        if known is None or help_given.helped_at < known:
            first[resident.household_id] = help_given.helped_at
    if first:
        Household.objects.filter(pk__in=list(first), first_reached_at__isnull=True).update(
            first_reached_at=Case(
                *(When(pk=pk, then=Value(at)) for pk, at in first.items()),
                output_field=DateTimeField(),
            )
        )
