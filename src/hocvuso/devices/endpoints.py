"""The operations of /api/v1, each a thin call into the scoped reads and services."""

import datetime
import uuid
from typing import Annotated, Any

from django.core.exceptions import ValidationError as RuleBroken
from django.db import transaction
from django.db.models import Q
from django.http import Http404
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from ninja import Field, Path, Query, Schema
from ninja.security import django_auth
from pydantic import BaseModel

from hocvuso.accounts.http import AuthenticatedHttpRequest
from hocvuso.accounts.permissions import may, require
from hocvuso.accounts.scoping import scope_of, visible
from hocvuso.audit.reads import log_list_read
from hocvuso.audit.services import record
from hocvuso.campaigns import queries as campaigns
from hocvuso.devices import downloads, services
from hocvuso.devices.api import (
    ERRORS,
    ErrorOut,
    PageQuery,
    api_v1,
    audited,
    device_auth,
    error,
    home_ward,
    page_of,
    refusal,
)
from hocvuso.people import queries as people
from hocvuso.places.queries import MAX_ID
from hocvuso.support import batches, requests, visits
from hocvuso.support.models import HelpRequest, HomeVisit, RequestStatus, Task, VisitStatus
from hocvuso.support.queries import requests_for
from hocvuso.support.services import services_for
from hocvuso.teams import queries as teams
from hocvuso.teams import services as team_services
from hocvuso.teams.models import MobilePoint, ShiftAssignment, Training

Id = Annotated[int, Path(ge=1, le=MAX_ID)]

# Who am I ----------------------------------------------------------------------------------


class Named(Schema):
    id: int
    name: str


class PersonOut(Named):
    role: str


class MeOut(Schema):
    person: PersonOut
    # What the rights table lets this person change, so the app offers nothing it refuses.
    may_change_requests: bool
    ward: Named
    groups: list[Named]
    token_expires_at: datetime.datetime | None


@api_v1.get("/me", response={200: MeOut, **ERRORS}, tags=["device"])
def me(request: AuthenticatedHttpRequest):
    """Who the token acts as, in which ward and groups, and until when."""
    ward = home_ward(request)
    scope = scope_of(request.user)
    device = getattr(request, "device", None)
    return {
        "person": {
            "id": request.user.pk,
            "name": str(request.user),
            "role": sorted(scope.roles)[0] if scope.roles else "",
        },
        "may_change_requests": may(request.user, "edit", "requests"),
        "ward": {"id": ward.pk, "name": ward.name},
        "groups": [{"id": g.pk, "name": g.name} for g in people.groups_for(request.user)[:500]],
        "token_expires_at": device.expires_at if device else None,
    }


class PairIn(Schema):
    device_name: str = Field(min_length=1, max_length=80)


class PairOut(Schema):
    token: str
    expires_at: datetime.datetime


@api_v1.post("/devices/pair", auth=django_auth, response={200: PairOut, **ERRORS}, tags=["device"])
def pair(request: AuthenticatedHttpRequest, body: PairIn):
    """Issue a token for the logged-in user's own device (session and CSRF header)."""
    token, plain = services.issue_token(
        person=request.user, device_name=body.device_name, issued_by=request.user
    )
    return {"token": plain, "expires_at": token.expires_at}


# Residents ---------------------------------------------------------------------------------


class ResidentItem(Schema):
    id: int
    name: str
    birth_year: int | None
    household_code: str
    address: str
    group_id: int | None
    removed: bool


class DownloadPage(Schema):
    items: list[ResidentItem]
    next_cursor: str | None
    sync_cursor: str | None = Field(
        None, description="On the last page: the cursor of the next download (changes only)."
    )


class DownloadQuery(PageQuery):
    pass


@api_v1.get("/residents/download", response={200: DownloadPage, **ERRORS}, tags=["residents"])
def residents_download(request: AuthenticatedHttpRequest, paging: Query[DownloadQuery]):
    """Everyone you may see (first download), or what changed since `sync_cursor`; removals
    and moves out of your groups come as `removed: true`. No phone numbers."""
    if paging.cursor:
        download, offset = downloads.resume(request.user, paging.cursor)
    else:
        download, offset = downloads.start(request.user, None), 0
    items = downloads.page(request.user, download, offset, paging.limit)
    following = offset + paging.limit
    done = following >= downloads.total(download)
    log_list_read(
        request.user,
        route="api",
        offset=offset,
        shown=sum(not i["removed"] for i in items),
        total=downloads.total(download),
        filters={"download": download.pk},
        every_page=True,
    )
    return {
        "items": items,
        "next_cursor": None if done else downloads.cursor(download=download.pk, offset=following),
        "sync_cursor": downloads.cursor(since=download.pk) if done else None,
    }


class LookupQuery(Schema):
    q: str = Field(
        min_length=1, max_length=people.SEARCH_MAX, pattern=r"^[^\x00-\x08\x0b\x0c\x0e-\x1f\x7f]*$"
    )


class LookupOut(Schema):
    items: list[ResidentItem]


@api_v1.get("/residents/lookup", response={200: LookupOut, **ERRORS}, tags=["residents"])
def residents_lookup(request: AuthenticatedHttpRequest, query: Query[LookupQuery]):
    """At most 20 residents matching a name, address or household code, with or without
    diacritics."""
    flt = people.resident_filter(request.user, q=query.q)
    found = list(people.filter_residents(request.user, flt).select_related("household")[:20])
    return {"items": [downloads.item(r) for r in found if r.erased_at is None]}


# What the help form offers -----------------------------------------------------------------


class TaskOut(Schema):
    code: str
    name: str


class ServiceOut(Schema):
    code: str
    name: str
    tasks: list[TaskOut]


@api_v1.get("/services", response={200: list[ServiceOut], **ERRORS}, tags=["help"])
def service_list(request: AuthenticatedHttpRequest):
    """The ward's active services and the tasks of each, for the help form."""
    tasks = [{"code": code, "name": str(name)} for code, name in Task.choices]
    out = []
    for service in services_for(home_ward(request)):
        offered = [t for t in tasks if t["code"] != Task.VNEID_LEVEL2 or service.has_level2]
        out.append({"code": service.code, "name": service.name, "tasks": offered})
    return out


class PointOut(Schema):
    id: int
    name: str
    address: str


@api_v1.get("/points", response={200: list[PointOut], **ERRORS}, tags=["help"])
def point_list(request: AuthenticatedHttpRequest):
    """The ward's open mobile points, for the help form's "where"."""
    points = MobilePoint.objects.filter(ward=home_ward(request), is_active=True)
    return [{"id": p.pk, "name": p.name, "address": p.address} for p in points.order_by("name")]


# Help records ------------------------------------------------------------------------------


# Plain pydantic models, not ninja's Schema (which reads ORM objects field by field): a
# batch is up to 200 records and sync speed is this endpoint's goal (bench/sync.py).
class HelpIn(BaseModel):
    client_id: uuid.UUID
    resident_id: int | None = Field(None, ge=1, le=MAX_ID)
    walk_in_name: str = Field("", max_length=150)
    walk_in_phone: str = Field("", max_length=20)
    place: str = Field("point", max_length=10, description="point, home, phone or online")
    point_id: int | None = Field(None, ge=1, le=MAX_ID)
    service: str = Field(max_length=40)
    task: str = Field(max_length=20)
    outcome: str = Field("done", max_length=12, description="done, follow_up or could_not")
    helped_at: datetime.datetime | None = None
    dossier_code: str = Field("", max_length=40)
    note: str = Field("", max_length=500)
    visit_id: int | None = Field(
        None, ge=1, le=MAX_ID, description="The home visit this help was given on, if any."
    )


class BatchIn(BaseModel):
    records: list[HelpIn] = Field(max_length=200)


class ResultOut(BaseModel):
    client_id: uuid.UUID
    status: str = Field(description="stored, duplicate or rejected")
    detail: str
    detail_en: str
    code: str


class BatchOut(BaseModel):
    results: list[ResultOut]


@api_v1.post(
    "/help-records/batch", auth=device_auth, response={200: BatchOut, **ERRORS}, tags=["help"]
)
@audited
def help_records_batch(request: AuthenticatedHttpRequest, body: BatchIn):
    """Store help recorded offline. Each record is stored once (by `client_id`: a retry gets
    "duplicate") or rejected with its reason, without blocking the others."""
    require(request.user, "record", "help")
    # As the help form: only residents of the groups where this person records help (a
    # volunteer who also coaches another group records none there).
    recording = [
        group.pk
        for group in people.groups_for(request.user)
        if may(request.user, "record", "help", ward_id=group.ward_id, group_id=group.pk)
    ]
    with transaction.atomic():
        results = batches.help_record_batch(
            actor=request.user,
            home_ward=home_ward(request),
            residents=people.residents_for(request.user).filter(residential_group_id__in=recording),
            visits=visible(HomeVisit.objects.all(), request.user),
            items=[batches.QueuedHelp(**dict(r)) for r in body.records],
        )
    return {"results": [r.__dict__ for r in results]}


# Visits ------------------------------------------------------------------------------------


class VisitOut(Schema):
    id: int
    household_code: str
    address: str
    planned_on: datetime.date
    status: str
    version: int


class VisitPage(Schema):
    items: list[VisitOut]
    next_cursor: str | None


def _visit(v: HomeVisit) -> dict:
    return {
        "id": v.pk,
        "household_code": v.household.key,
        "address": v.household.address,
        "planned_on": v.planned_on,
        "status": v.status,
        "version": v.version,
    }


def _my_visits(request: AuthenticatedHttpRequest):
    return (
        visible(HomeVisit.objects.all(), request.user)
        .filter(Q(assigned_to__user=request.user) | Q(partner__user=request.user))
        .select_related("household")
        .order_by("planned_on", "id")
    )


@api_v1.get("/visits/mine", response={200: VisitPage, **ERRORS}, tags=["visits"])
def visits_mine(request: AuthenticatedHttpRequest, paging: Query[PageQuery]):
    """The open visits you go on, alone or in a pair."""
    rows, following = page_of(_my_visits(request).filter(status=VisitStatus.PLANNED), paging)
    return {"items": [_visit(v) for v in rows], "next_cursor": following}


class VisitRecordIn(Schema):
    status: str = Field(description="done or cancelled", max_length=10)
    note: str = Field("", max_length=300)
    version: int = Field(ge=1, le=2**31)
    client_id: uuid.UUID | None = None


class ConflictOut(ErrorOut):
    current: dict


CONFLICT = _(
    "Someone else changed this first; nothing was saved. Here is how it is now: check it and "
    "try again if needed."
)


@api_v1.post(
    "/visits/{visit_id}/record",
    auth=device_auth,
    response={200: VisitOut, 409: ConflictOut, **ERRORS},
    tags=["visits"],
)
@audited
def visit_record(request: AuthenticatedHttpRequest, visit_id: Id, body: VisitRecordIn):
    """Record a visit done or cancelled. The first change to arrive wins; a later one, made on
    an older `version`, gets 409 with the visit as it is now."""
    visit = _my_visits(request).filter(pk=visit_id).first()
    if visit is None:
        raise Http404
    done = visits.visit_record(
        actor=request.user,
        visit_id=visit.pk,
        status=body.status,
        note=body.note,
        expected_version=body.version,
    )
    if done is None:
        visit.refresh_from_db()
        return error(request, 409, "conflict", CONFLICT, current=_visit(visit))
    return _visit(done)


# The priority list ------------------------------------------------------------------------

# The reasons as the web list's tags name them, most weighty first (`visits.WEIGHTS`).
REASONS = {
    "alone_elderly": _("elderly, living alone"),
    "disability": _("disability"),
    "follow_up": _("follow-up open"),
    "no_smartphone": _("no smartphone"),
    "never_reached": _("never reached"),
}


class ReasonOut(Schema):
    code: str
    text: str


class PriorityOut(Schema):
    household_id: int
    household_code: str
    address: str
    group_id: int | None
    group_name: str
    reasons: list[ReasonOut]


class PriorityPage(Schema):
    items: list[PriorityOut]
    next_cursor: str | None


def _priority(household) -> dict:
    with translation.override("vi"):
        reasons = [
            {"code": code, "text": str(text)[:1].upper() + str(text)[1:]}
            for code, text in REASONS.items()
            if getattr(household, code)
        ]
    group = household.residential_group
    return {
        "household_id": household.pk,
        "household_code": household.key,
        "address": household.address,
        "group_id": household.residential_group_id,
        "group_name": group.name if group else "",
        "reasons": reasons,
    }


@api_v1.get("/priorities", response={200: PriorityPage, **ERRORS}, tags=["visits"])
@audited
def priority_list(request: AuthenticatedHttpRequest, paging: Query[PageQuery]):
    """The households of your groups to visit first, most urgent first, as the web's
    "Households to visit" lists them (those with a visit planned are left out, as there).
    A page naming a disability as a reason is read-logged, as the web page is."""
    require(request.user, "see", "visits")
    rows, following = page_of(visits.priority_households(request.user), paging)
    # The same sensitive read the web list logs, once for each ward the page names it in.
    for ward_id in sorted({h.ward_id for h in rows if h.disability}):
        record(
            actor=request.user,
            action="read_sensitive",
            ward_id=ward_id,
            object_type="disability",
            summary=str(_("Listed households to visit, with disability as a reason")),
        )
    return {"items": [_priority(h) for h in rows], "next_cursor": following}


# Help requests -----------------------------------------------------------------------------


class RequestOut(Schema):
    id: int
    reference: str
    name: str
    phone: str
    address: str
    need: str
    convenient_time: str
    group_id: int | None
    status: str
    assignee_id: int | None
    assignee_name: str
    scheduled_for: datetime.datetime | None
    created_at: datetime.datetime
    version: int


class RequestPage(Schema):
    items: list[RequestOut]
    next_cursor: str | None


def _request(r: HelpRequest) -> dict:
    return {
        "id": r.pk,
        "reference": r.reference,
        "name": r.name,
        "phone": r.phone,
        "address": r.address,
        "need": r.need,
        "convenient_time": r.convenient_time,
        "group_id": r.residential_group_id,
        "status": r.status,
        "assignee_id": r.assigned_to_id,
        "assignee_name": r.assigned_to.full_name if r.assigned_to else "",
        "scheduled_for": r.scheduled_for,
        "created_at": r.created_at,
        "version": r.version,
    }


class RequestQuery(PageQuery):
    status: str = Field("open", pattern="^(open|new|assigned|scheduled|resolved|cancelled)$")


@api_v1.get("/requests", response={200: RequestPage, **ERRORS}, tags=["requests"])
def request_queue(request: AuthenticatedHttpRequest, query: Query[RequestQuery]):
    """The help requests of your groups (open ones by default), newest first."""
    found = requests_for(request.user)
    if query.status == "open":
        found = found.exclude(status__in=[RequestStatus.RESOLVED, RequestStatus.CANCELLED])
    else:
        found = found.filter(status=query.status)
    rows, following = page_of(found.order_by("-created_at", "-id"), query)
    return {"items": [_request(r) for r in rows], "next_cursor": following}


class AssignIn(Schema):
    assignee_id: int = Field(ge=1, le=MAX_ID)
    version: int = Field(ge=1, le=2**31)


class ResolveIn(Schema):
    note: str = Field(min_length=1, max_length=300)
    version: int = Field(ge=1, le=2**31)


def _request_for(request: AuthenticatedHttpRequest, request_id: int) -> HelpRequest:
    """A request of the person's groups to change, as the request page allows: 404 outside
    them, 403 for whom the rights table does not let assign or resolve (a volunteer)."""
    found = requests_for(request.user).filter(pk=request_id).first()
    if found is None:
        raise Http404
    require(
        request.user,
        "edit",
        "requests",
        ward_id=found.ward_id,
        group_id=found.residential_group_id,
    )
    return found


def _change_request(
    request: AuthenticatedHttpRequest, found: HelpRequest, version: int, **change: Any
):
    applied = requests.request_update(
        actor=request.user,
        request_id=found.pk,
        expected_status=found.status,
        expected_version=version,
        **change,
    )
    found = requests_for(request.user).get(pk=found.pk)
    if not applied:
        return error(request, 409, "conflict", CONFLICT, current=_request(found))
    return _request(found)


@api_v1.post(
    "/requests/{request_id}/assign",
    auth=device_auth,
    response={200: RequestOut, 409: ConflictOut, **ERRORS},
    tags=["requests"],
)
@audited
def request_assign(request: AuthenticatedHttpRequest, request_id: Id, body: AssignIn):
    """Give the request to a member of the ward's teams."""
    found = _request_for(request, request_id)
    # Whom the request page's picker offers: the members this person may choose.
    member = teams.members_for(request.user, found.ward_id).filter(pk=body.assignee_id).first()
    if member is None:
        raise Http404
    return _change_request(
        request,
        found,
        body.version,
        assigned_to=member,
        scheduled_for=found.scheduled_for,
        resolution=found.resolution,
        resolve=False,
    )


@api_v1.post(
    "/requests/{request_id}/resolve",
    auth=device_auth,
    response={200: RequestOut, 409: ConflictOut, **ERRORS},
    tags=["requests"],
)
@audited
def request_resolve(request: AuthenticatedHttpRequest, request_id: Id, body: ResolveIn):
    """Close the request, saying what was done."""
    found = _request_for(request, request_id)
    return _change_request(
        request,
        found,
        body.version,
        assigned_to=found.assigned_to,
        scheduled_for=found.scheduled_for,
        resolution=body.note,
        resolve=True,
    )


# Shifts ------------------------------------------------------------------------------------


class ShiftOut(Schema):
    id: int
    point_name: str
    starts_at: datetime.datetime
    ends_at: datetime.datetime
    checked_in_at: datetime.datetime | None


class ShiftPage(Schema):
    items: list[ShiftOut]
    next_cursor: str | None


def _shift(a: ShiftAssignment) -> dict:
    return {
        "id": a.pk,
        "point_name": a.shift.point.name,
        "starts_at": datetime.datetime.combine(
            a.shift.date, a.shift.starts, tzinfo=timezone.get_current_timezone()
        ),
        "ends_at": a.shift.ends_at,
        "checked_in_at": a.checked_in_at,
    }


@api_v1.get("/shifts/mine", response={200: ShiftPage, **ERRORS}, tags=["shifts"])
def shifts_mine(request: AuthenticatedHttpRequest, paging: Query[PageQuery]):
    """Your shifts from today on. `id` is your place on the shift, used to check in."""
    rows, following = page_of(teams.my_assignments(request.user, timezone.localdate()), paging)
    return {"items": [_shift(a) for a in rows], "next_cursor": following}


class CheckInIn(Schema):
    client_id: uuid.UUID | None = None
    at: datetime.datetime | None = Field(None, description="When you tapped; now if left out.")


@api_v1.post(
    "/shifts/{assignment_id}/check-in",
    auth=device_auth,
    response={200: ShiftOut, **ERRORS},
    tags=["shifts"],
)
@audited
def shift_check_in(request: AuthenticatedHttpRequest, assignment_id: Id, body: CheckInIn):
    """Check in on the day of the shift, from a little before it starts; sent twice, the
    first arrival stays."""
    assignment = (
        teams.my_assignments(request.user, timezone.localdate() - datetime.timedelta(days=1))
        .filter(pk=assignment_id)
        .first()
    )
    if assignment is None:
        raise Http404
    now = timezone.now()
    at = min(body.at or now, now)
    if timezone.localtime(at).date() != assignment.shift.date:
        return error(request, 422, "refused", _("You can check in only on the day of the shift."))
    try:
        arrived = team_services.check_in(assignment=assignment, now=at)
    except RuleBroken:
        return refusal(request, lambda: team_services.check_in(assignment=assignment, now=at))
    if arrived:
        record(
            actor=request.user,
            action="update",
            obj=assignment.shift,
            summary=_("Checked in at %(point)s") % {"point": assignment.shift.point.name},
            changes={"client_id": str(body.client_id or "")},
        )
    assignment.refresh_from_db(fields=["checked_in_at"])
    return _shift(assignment)


# Learning and campaigns --------------------------------------------------------------------


class TrainingOut(Schema):
    id: int
    held_on: datetime.date
    topic: str


class ProgressOut(Schema):
    trainings: list[TrainingOut]
    trained: bool


@api_v1.get("/learning/progress", response={200: ProgressOut, **ERRORS}, tags=["learning"])
def learning_progress(request: AuthenticatedHttpRequest):
    """The trainings you attended as a team member."""
    attended = Training.objects.filter(attendees__user=request.user).distinct()
    rows = [{"id": t.pk, "held_on": t.held_on, "topic": t.topic} for t in attended[:200]]
    return {"trainings": rows, "trained": bool(rows)}


class FigureOut(Schema):
    campaign_id: int
    campaign: str
    ward_id: int
    group_id: int | None
    code: str
    name: str
    kind: str
    value: float | None
    target: float | None
    numerator: float | None
    denominator: float | None
    definition: str
    definition_denominator: str


class FiguresOut(Schema):
    items: list[FigureOut]


def _figure(campaign, ward, group_id, figure) -> dict:
    definition = figure.definition
    return {
        "campaign_id": campaign.pk,
        "campaign": campaign.name,
        "ward_id": ward.pk,
        "group_id": group_id,
        "code": figure.code,
        "name": str(figure.name),
        "kind": figure.kind,
        "value": figure.value,
        "target": figure.target,
        "numerator": figure.numerator,
        "denominator": figure.denominator,
        "definition": str(getattr(definition, "numerator", "") or ""),
        "definition_denominator": str(getattr(definition, "denominator", "") or ""),
    }


@api_v1.get("/campaigns/figures", response={200: FiguresOut, **ERRORS}, tags=["campaigns"])
def campaign_figures(request: AuthenticatedHttpRequest):
    """Today's figures of the campaigns running in your ward, with their targets and written
    definitions: the ward's and those of your groups."""
    items = []
    for campaign in campaigns.campaigns_for(request.user)[:10]:
        day = campaigns.report_day(campaign)
        for ward in campaigns.wards_of(campaign, request.user)[:5]:
            board = campaigns.ward_dashboard(campaign, ward, request.user, day)
            items += [_figure(campaign, ward, None, f) for f in board.figures]
            for row in board.groups:
                items += [_figure(campaign, ward, row.group.pk, f) for f in row.figures.values()]
    return {"items": items}
