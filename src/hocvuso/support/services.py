"""Recording help. One transaction per record: the record, the resident's service status,
the household's first contact and the audit event land together or not at all."""

import datetime
import uuid
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from hocvuso.accounts.models import User
from hocvuso.audit.services import record
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
from hocvuso.support.visits import visit_close
from hocvuso.teams.models import MobilePoint
from hocvuso.text.folding import fold

# What a finished task proves about the resident and the service.
STATUS_FROM_TASK: dict[str, tuple[str, ...]] = {
    Task.INSTALL: ("installed",),
    Task.CREATE_ACCOUNT: ("installed", "has_account"),
    Task.VNEID_LEVEL2: ("installed", "has_account", "level2"),
}


@dataclass
class HelpInput:
    service: Service
    task: str
    outcome: str = Outcome.DONE
    place: str = Place.POINT
    point: MobilePoint | None = None
    resident: Resident | None = None
    walk_in_name: str = ""
    walk_in_phone: str = ""
    dossier_code: str = ""
    verified: bool = False
    note: str = ""
    visit: HomeVisit | None = None


def services_for(ward: Ward):
    """The services a ward's volunteers choose from: the national catalog and its own."""
    return Service.objects.filter(Q(ward__isnull=True) | Q(ward=ward), is_active=True)


def _check(ward: Ward, data: HelpInput) -> None:
    if data.resident is None and not data.walk_in_name.strip():
        raise ValidationError(_("Choose the resident, or write the walk-in's name."))
    if data.resident is not None and data.resident.ward_id != ward.pk:
        raise ValidationError(_("This resident is not of the ward."))
    if data.service.ward_id not in (None, ward.pk) or not data.service.is_active:
        raise ValidationError(_("This service is not in the ward's catalog."))
    if data.task == Task.VNEID_LEVEL2 and not data.service.has_level2:
        raise ValidationError(_("Level 2 activation is a VNeID task."))
    if data.point is not None and data.point.ward_id != ward.pk:
        raise ValidationError(_("This mobile point is not of the ward."))


def _update_status(*, actor: User, resident: Resident, service: Service, task: str) -> None:
    fields = STATUS_FROM_TASK.get(task)
    if not fields:
        return
    proven = dict.fromkeys(fields, True)
    # Most residents helped already have a status for the service: one UPDATE, no read.
    if ServiceStatus.objects.filter(resident=resident, service=service).update(
        **proven, updated_by=actor, updated_at=timezone.now()
    ):
        return
    status, _created = ServiceStatus.objects.select_for_update().get_or_create(
        resident=resident, service=service
    )
    for name in fields:
        setattr(status, name, True)
    status.updated_by = actor
    status.save(update_fields=[*fields, "updated_by", "updated_at"])


def _reached(resident: Resident) -> bool:
    """Whether the resident's household, as loaded with the resident, was reached already:
    then there is no first contact to write. One not loaded is left to the write's filter."""
    return (
        Resident.household.is_cached(resident) and resident.household.first_reached_at is not None
    )


def help_record(
    *,
    actor: User,
    ward: Ward,
    client_id: uuid.UUID,
    data: HelpInput,
    helped_at: datetime.datetime | None = None,
) -> tuple[HelpRecord, bool]:
    """Store one time someone was helped. Returns the record and whether it is new: the same
    `client_id` sent again returns the record stored the first time, as it was stored: its
    insert fails on the unique `client_id` (a record sent once is not read first)."""
    try:
        _check(ward, data)
    except ValidationError:
        existing = HelpRecord.objects.filter(client_id=client_id).first()
        if existing is not None:  # stored when it could be: it stays stored
            return existing, False
        raise
    try:
        with transaction.atomic():
            help_given = HelpRecord.objects.create(
                client_id=client_id,
                ward=ward,
                residential_group_id=data.resident.residential_group_id if data.resident else None,
                resident=data.resident,
                walk_in_name="" if data.resident else data.walk_in_name.strip(),
                walk_in_phone="" if data.resident else data.walk_in_phone,
                place=data.place,
                point=data.point if data.place == Place.POINT else None,
                service=data.service,
                task=data.task,
                outcome=data.outcome,
                dossier_code=data.dossier_code.strip(),
                verified=data.verified,
                note=data.note.strip(),
                helped_by=actor,
                helped_at=helped_at or timezone.now(),
                visit=data.visit,
            )
            if data.visit is not None:
                visit_close(visit_id=data.visit.pk)
            if data.resident is not None:
                if data.outcome == Outcome.DONE:
                    _update_status(
                        actor=actor, resident=data.resident, service=data.service, task=data.task
                    )
                if not _reached(data.resident):
                    Household.objects.filter(
                        pk=data.resident.household_id, first_reached_at__isnull=True
                    ).update(first_reached_at=help_given.helped_at)
            record(
                actor=actor,
                action="create",
                obj=help_given,
                summary=_("Helped %(person)s: %(service)s, %(task)s (%(outcome)s)")
                % {
                    "person": help_given.person,
                    "service": data.service.name,
                    "task": help_given.get_task_display(),
                    "outcome": help_given.get_outcome_display(),
                },
            )
    except IntegrityError:
        # The same form arrived again, or twice at once: the first one stored it.
        return HelpRecord.objects.get(client_id=client_id), False
    return help_given, True


@transaction.atomic
def service_add(*, actor: User, ward: Ward, name: str) -> Service:
    """Add a service to the ward's own catalog, next to the national one."""
    code = slugify(fold(name))[:40] or "dich-vu"
    if services_for(ward).filter(Q(code=code) | Q(name__iexact=name)).exists():
        raise ValidationError(_("The catalog already has this service."))
    service = Service.objects.create(ward=ward, code=code, name=name, order=500)
    record(
        actor=actor,
        action="create",
        obj=service,
        ward_id=ward.pk,
        summary=_("Added %(name)s to the ward's services") % {"name": name},
    )
    return service
