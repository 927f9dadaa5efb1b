"""Help-request pages: the public form and status check, and the staff queue."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from hocvuso.accounts.http import AuthenticatedHttpRequest
from hocvuso.accounts.permissions import may, require, requires
from hocvuso.places.queries import public_ward
from hocvuso.support import queries, requests
from hocvuso.support.forms import RequestForm, RequestUpdateForm, StatusForm
from hocvuso.support.models import RequestStatus
from hocvuso.teams.queries import members_for
from hocvuso.web.public_pages import shared_page
from hocvuso.web.refusals import Refused
from hocvuso.web.throttling import allow, client_key, too_many

FILE_LIMIT = (5, 3600)  # requests a person may file an hour
LOOKUP_LIMIT = (20, 3600)  # status checks an hour: enough for a person, too few to guess codes


@shared_page
def request_new(request: HttpRequest, code: int) -> HttpResponse:
    ward = public_ward(code)
    groups = ward.groups.filter(closed_at__isnull=True)
    form = RequestForm(request.POST or None, groups=groups)
    if request.method == "POST":
        limit, window = FILE_LIMIT
        if not allow(f"request:{client_key(request)}", limit=limit, window=window):
            return too_many(request)
        if form.is_valid():
            data = form.cleaned_data
            if data["website"]:  # a bot: answer as if all went well, store nothing
                return render(
                    request, "support/request_sent.html", {"ward": ward, "reference": None}
                )
            try:
                filed, _created = requests.request_file(
                    ward=ward,
                    group=data["group"],
                    name=data["name"],
                    phone=data["phone"],
                    address=data["address"],
                    need=data["need"],
                    convenient_time=data["convenient_time"],
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                return render(
                    request,
                    "support/request_sent.html",
                    {"ward": ward, "reference": filed.reference},
                )
    return render(request, "support/request_form.html", {"ward": ward, "form": form})


def request_status(request: HttpRequest) -> HttpResponse:
    form = StatusForm(request.POST or None)
    found, looked = None, False
    if request.method == "POST":
        limit, window = LOOKUP_LIMIT
        if not allow(f"lookup:{client_key(request)}", limit=limit, window=window):
            return too_many(request)
        if form.is_valid():
            looked = True
            found = requests.request_lookup(
                reference=form.cleaned_data["reference"], phone=form.cleaned_data["phone"]
            )
    return render(
        request, "support/request_status.html", {"form": form, "found": found, "looked": looked}
    )


@requires("see", "requests")
def queue(request: AuthenticatedHttpRequest) -> HttpResponse:
    status = request.GET.get("status") or "open"
    found = queries.requests_for(request.user)
    if status == "open":
        found = found.exclude(status__in=[RequestStatus.RESOLVED, RequestStatus.CANCELLED])
    elif status in RequestStatus.values:
        found = found.filter(status=status)
    else:
        raise Refused(_("This filter does not exist; choose one from the list."), status=400)
    return render(
        request,
        "support/request_queue.html",
        {"requests": found[:200], "status": status, "statuses": RequestStatus.choices},
    )


@requires("see", "requests")
def request_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    found = queries.requests_for(request.user).filter(pk=pk).first()
    if found is None:
        raise Http404
    where = {"ward_id": found.ward_id, "group_id": found.residential_group_id}
    can_edit = may(request.user, "edit", "requests", **where)
    if request.method == "POST":
        require(request.user, "edit", "requests", **where)
    form = RequestUpdateForm(
        request.POST or None,
        members=members_for(request.user, found.ward_id),
        ward_id=found.ward_id,
        initial={
            "status": found.status,
            "assigned_to": found.assigned_to_id,
            "scheduled_for": found.scheduled_for,
            "resolution": found.resolution,
        },
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            applied = requests.request_update(
                actor=request.user,
                request_id=found.pk,
                expected_status=data["status"],
                assigned_to=data["assigned_to"],
                scheduled_for=data["scheduled_for"],
                resolution=data["resolution"],
                resolve=request.POST.get("action") == "resolve",
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            if applied:
                messages.success(request, _("The request was updated."))
            else:
                messages.error(
                    request,
                    _("Someone changed this request meanwhile; nothing was saved. Here it is now."),
                )
            return redirect("support:request", pk=found.pk)
    return render(
        request,
        "support/request_detail.html",
        {"found": found, "form": form, "can_edit": can_edit},
    )
