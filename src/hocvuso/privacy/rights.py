"""A resident's rights over what the registry holds on them (Law 91/2025/QH15): to see it
all, exported, and to have it erased.

Erasure keeps the resident's row, without name, phone or anything else that says who they
were, because the campaign counts it (residents aged 14+, households with someone aged 60+):
its birth year, group and household stay; help given keeps its service, date and group.
Daily snapshots are never touched.
"""

import datetime
import json
from dataclasses import dataclass, field
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from hocvuso.accounts.models import User
from hocvuso.audit.models import AuditEvent
from hocvuso.audit.services import record
from hocvuso.learning.models import Certificate, CourseProgress, Learner
from hocvuso.outreach.models import ChannelMember, Delivery
from hocvuso.people.models import Consent, Disability, Household, Resident
from hocvuso.people.services import household_search_text
from hocvuso.support.models import HelpRecord, HelpRequest, HomeVisit, ServiceStatus
from hocvuso.text.folding import fold

# What replaces a name or an address that was erased; stored as it is shown.
ERASED = "(đã xóa)"

ERASURE_REASONS = {
    "request": gettext_lazy("The resident asked for their data to be erased"),
    "consent": gettext_lazy("The resident withdrew their consent"),
    "not_needed": gettext_lazy("The data is no longer needed (the resident moved away)"),
}


@dataclass
class Holdings:
    """Everything the registry holds on one resident, read in one place for the export
    and for the erasure, so the two can never disagree about what "everything" is."""

    resident: Resident
    household: Household
    consents: list[Consent]
    disability: Disability | None
    help_records: list[HelpRecord]
    statuses: list[ServiceStatus]
    visits: list[HomeVisit]
    learners: list[Learner]
    courses: list[CourseProgress]
    certificates: list[Certificate]
    help_requests: list[HelpRequest]
    list_entries: list[ChannelMember]
    deliveries: int = 0
    others_in_household: int = 0
    audit_ids: dict[str, list[int]] = field(default_factory=dict)


def holdings(resident: Resident) -> Holdings:
    """Read everything held on `resident` (already loaded through the user's scope).

    Help requests and message-list entries carry no link to a resident: they are theirs when
    they give the resident's own phone, in the resident's ward.
    """
    phone = resident.phone
    learners = list(
        Learner.objects.filter(Q(resident=resident) | (Q(phone=phone) if phone else Q(pk=None)))
    )
    requests = HelpRequest.objects.none()
    entries = ChannelMember.objects.none()
    deliveries = Delivery.objects.none()
    if phone:
        requests = HelpRequest.objects.filter(ward_id=resident.ward_id, phone=phone)
        entries = ChannelMember.objects.filter(channel__ward_id=resident.ward_id, address=phone)
        deliveries = Delivery.objects.filter(message__ward_id=resident.ward_id, address=phone)
    help_records = list(
        HelpRecord.objects.filter(resident=resident).select_related("service", "helped_by")
    )
    return Holdings(
        resident=resident,
        household=resident.household,
        consents=list(Consent.objects.filter(resident=resident)),
        disability=Disability.objects.filter(resident=resident).first(),
        help_records=help_records,
        statuses=list(ServiceStatus.objects.filter(resident=resident).select_related("service")),
        visits=list(
            HomeVisit.objects.filter(household_id=resident.household_id).select_related(
                "assigned_to"
            )
        ),
        learners=learners,
        courses=list(CourseProgress.objects.filter(learner__in=learners).select_related("course")),
        certificates=list(
            Certificate.objects.filter(learner__in=learners).select_related("course")
        ),
        help_requests=list(requests.order_by("created_at")),
        list_entries=list(entries.select_related("channel")),
        deliveries=deliveries.count(),
        others_in_household=Resident.objects.filter(
            household_id=resident.household_id, erased_at__isnull=True
        )
        .exclude(pk=resident.pk)
        .count(),
        audit_ids={
            "resident": [resident.pk],
            "disability": [resident.pk],
            "helprecord": [r.pk for r in help_records],
            "helprequest": [r.pk for r in requests],
            "learner": [learner.pk for learner in learners],
        },
    )


def _when(value: datetime.datetime | datetime.date | None) -> str | None:
    if value is None:
        return None
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).isoformat(timespec="seconds")
    return value.isoformat()


def as_data(held: Holdings) -> dict[str, Any]:
    """The holdings as plain data: the JSON export, and what the printed one shows."""
    r, h = held.resident, held.household
    return {
        "exported_at": _when(timezone.now()),
        "controller": f"UBND {r.ward.name}",
        "resident": {
            "id": r.pk,
            "full_name": r.full_name,
            "birth_year": r.birth_year,
            "gender": r.get_gender_display() if r.gender else "",
            "relation_to_head": r.relation,
            "head_of_household": r.is_head,
            "phone": r.phone,
            "residential_group": r.residential_group.name,
            "in_registry_since": _when(r.created_at),
            "last_changed": _when(r.updated_at),
        },
        "household": {
            "code": h.key,
            "address": h.address,
            "phone": h.phone,
            "has_smartphone": h.has_smartphone,
            "has_internet": h.has_internet,
            "first_reached": _when(h.first_reached_at),
        },
        "consents": [
            {
                "purpose": c.get_purpose_display(),
                "given_by": c.given_by,
                "given_on": _when(c.given_on),
                "recorded_at": _when(c.recorded_at),
                "withdrawn_at": _when(c.withdrawn_at),
            }
            for c in held.consents
        ],
        "disability": (
            {"what_help_is_needed": held.disability.description}
            if held.disability is not None
            else None
        ),
        "digital_services": [
            {
                "service": s.service.name,
                "installed": s.installed,
                "has_account": s.has_account,
                "level2": s.level2,
                "updated_at": _when(s.updated_at),
            }
            for s in held.statuses
        ],
        "help_given": [
            {
                "when": _when(x.helped_at),
                "service": x.service.name,
                "task": x.get_task_display(),
                "where": x.get_place_display(),
                "outcome": x.get_outcome_display(),
                "dossier_code": x.dossier_code,
                "note": x.note,
                "helped_by": str(x.helped_by),
            }
            for x in held.help_records
        ],
        "home_visits_to_the_household": [
            {
                "planned_on": _when(v.planned_on),
                "status": v.get_status_display(),
                "done_at": _when(v.done_at),
            }
            for v in held.visits
        ],
        "learning": [
            {
                "name": learner.full_name or learner.first_name,
                "phone": learner.phone or "",
                "has_account": learner.has_account,
                "since": _when(learner.created_at),
                "last_seen": _when(learner.last_seen_at),
            }
            for learner in held.learners
        ],
        "courses": [
            {
                "course": p.course.title,
                "lessons_done": p.lessons_done,
                "best_score": p.best_score,
                "completed_at": _when(p.completed_at),
            }
            for p in held.courses
        ],
        "certificates": [
            {
                "code": c.code,
                "course": c.course.title,
                "name": c.name,
                "issued_at": _when(c.issued_at),
                "revoked_at": _when(c.revoked_at),
            }
            for c in held.certificates
        ],
        "help_requests": [
            {
                "reference": q.reference,
                "name": q.name,
                "phone": q.phone,
                "address": q.address,
                "need": q.need,
                "convenient_time": q.convenient_time,
                "status": q.get_status_display(),
                "created_at": _when(q.created_at),
                "resolved_at": _when(q.resolved_at),
                "what_was_done": q.resolution,
            }
            for q in held.help_requests
        ],
        "message_lists": [
            {
                "list": m.channel.name,
                "kind": m.channel.get_kind_display(),
                "address": m.address,
                "name": m.name,
                "opted_out_at": _when(m.opted_out_at),
            }
            for m in held.list_entries
        ],
        "messages_sent_to_this_phone": held.deliveries,
    }


def export(*, actor: User, resident: Resident, fmt: str) -> dict[str, Any]:
    """Everything held on `resident`, logged as an export (the log names no personal data)."""
    held = holdings(resident)
    record(
        actor=actor,
        action=AuditEvent.Action.EXPORT,
        obj=resident,
        summary=_("Exported everything held on resident no. %(id)d (%(format)s)")
        % {"id": resident.pk, "format": fmt.upper()},
        changes={"format": fmt, "sensitive": held.disability is not None},
    )
    return as_data(held)


def _scrub(text: str, secrets: list[str]) -> str:
    for secret in secrets:
        text = text.replace(secret, ERASED)
    return text


def _scrub_audit(held: Holdings, secrets: list[str]) -> int:
    """Take the erased name and phone out of the log's past events about this person (and
    of list reads that searched for them), keeping who did what and when."""
    about = Q(object_id="")
    for object_type, ids in held.audit_ids.items():
        about |= Q(object_type=object_type, object_id__in=[str(pk) for pk in ids])
    about |= Q(object_type="household", object_id=str(held.household.pk))
    scrubbed = 0
    events = AuditEvent.objects.filter(about, ward_id=held.resident.ward_id)
    for event in events.only("summary", "changes").iterator(chunk_size=500):
        changes = json.dumps(event.changes, ensure_ascii=False, cls=DjangoJSONEncoder)
        summary, new_changes = _scrub(event.summary, secrets), _scrub(changes, secrets)
        if summary != event.summary or new_changes != changes:
            event.summary, event.changes = summary, json.loads(new_changes)
            event.save(update_fields=["summary", "changes"])
            scrubbed += 1
    return scrubbed


@transaction.atomic
def erase(*, actor: User, resident: Resident, reason: str, note: str = "") -> None:
    """Erase the personal data held on `resident`, in one transaction; see the module's note
    for what stays. The audit event says who, when and why, never what was erased."""
    resident = Resident.objects.select_for_update().select_related("household").get(pk=resident.pk)
    if resident.erased_at is not None:
        return
    held = holdings(resident)
    phone, name = resident.phone, resident.full_name
    secrets = [s for s in (name, fold(name), phone) if s and len(s) >= 3]
    now = timezone.now()

    HelpRecord.objects.filter(resident=resident).update(
        resident=None, note="", dossier_code="", walk_in_name="", walk_in_phone=""
    )
    Disability.objects.filter(resident=resident).delete()
    Consent.objects.filter(resident=resident).update(given_by="")
    Consent.objects.filter(resident=resident, withdrawn_at__isnull=True).update(withdrawn_at=now)
    for learner in held.learners:
        if learner.resident_id == resident.pk:
            # Progress and certificates still count where the person lived, under no name.
            learner.ward_id = resident.ward_id
            learner.residential_group_id = resident.residential_group_id
        learner.resident, learner.first_name, learner.full_name = None, "", ""
        learner.phone, learner.password = None, ""
        learner.save(
            update_fields=[
                "resident", "first_name", "full_name", "phone", "password", "ward",
                "residential_group",
            ]
        )  # fmt: skip
    Certificate.objects.filter(learner__in=held.learners).update(name=ERASED)
    HelpRequest.objects.filter(pk__in=[q.pk for q in held.help_requests]).update(
        name=ERASED, phone="", address="", need="", convenient_time="", resolution=""
    )
    ChannelMember.objects.filter(pk__in=[m.pk for m in held.list_entries]).delete()
    if phone:
        Delivery.objects.filter(message__ward_id=resident.ward_id, address=phone).update(
            address="", last_error=""
        )
    _erase_from_household(resident.household, phone=phone, emptied=not held.others_in_household)

    resident.full_name, resident.name_folded = ERASED, fold(ERASED)
    resident.phone, resident.relation, resident.gender = "", "", ""
    resident.erased_at = now
    resident.save(
        update_fields=["full_name", "name_folded", "phone", "relation", "gender", "erased_at"]
    )
    scrubbed = _scrub_audit(held, secrets)
    record(
        actor=actor,
        action=AuditEvent.Action.DELETE,
        obj=resident,
        summary=_("Erased the personal data of resident no. %(id)d (household %(key)s): %(why)s")
        % {"id": resident.pk, "key": resident.household.key, "why": ERASURE_REASONS[reason]},
        changes={"reason": reason, "note": _scrub(note.strip(), secrets)[:300],
                 "audit_events_scrubbed": scrubbed},
    )  # fmt: skip


def _erase_from_household(household: Household, *, phone: str, emptied: bool) -> None:
    """The household keeps its code and group; its phone goes if it was the person's, and its
    address too once nobody named is left in it."""
    fields = []
    if phone and household.phone == phone:
        household.phone = ""
        fields.append("phone")
    if emptied:
        household.address, household.phone = ERASED, ""
        fields += ["address", "phone"]
    if fields:
        household.search_text = household_search_text(
            key=household.key, address=household.address, phone=household.phone
        )
        household.save(update_fields=[*set(fields), "search_text", "updated_at"])


def events_about(resident: Resident, *, limit: int = 200) -> list[AuditEvent]:
    """The log's events about this person, newest first: their record and sensitive data,
    exports of their data, help given to them, their help requests, and who did each."""
    ids = {
        "resident": [resident.pk],
        "disability": [resident.pk],
        "helprecord": list(
            HelpRecord.objects.filter(resident=resident).values_list("pk", flat=True)
        ),
    }
    if resident.phone:
        ids["helprequest"] = list(
            HelpRequest.objects.filter(ward_id=resident.ward_id, phone=resident.phone).values_list(
                "pk", flat=True
            )
        )
    about = Q(pk__in=[])
    for object_type, pks in ids.items():
        about |= Q(object_type=object_type, object_id__in=[str(pk) for pk in pks])
    events = AuditEvent.objects.filter(about, ward_id=resident.ward_id)
    return list(events.order_by("-at", "-id")[:limit])
