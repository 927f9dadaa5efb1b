"""Recording help on a phone: find the person, tap the service and the task, save."""

from collections.abc import Iterable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import F, QuerySet
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from hocvuso.accounts.http import AuthenticatedHttpRequest
from hocvuso.accounts.permissions import require, requires
from hocvuso.accounts.scoping import visible
from hocvuso.people import queries as people
from hocvuso.people.models import Resident
from hocvuso.places.queries import is_id, staff_ward
from hocvuso.support import help_form, services
from hocvuso.support.forms import ServiceForm
from hocvuso.support.models import HomeVisit
from hocvuso.support.queries import resident_to_help
from hocvuso.web.frames import render_body, render_framed


def _visit_of(request: AuthenticatedHttpRequest) -> HomeVisit | None:
    """The home visit this help is given on (`?visit=`), if the user may see it."""
    visit_id = request.GET.get("visit", "")
    if not is_id(visit_id):
        return None
    visit = visible(HomeVisit.objects.all(), request.user).filter(pk=int(visit_id)).first()
    if visit is None:
        raise Http404
    return visit


def _shown(residents: QuerySet[Resident]) -> QuerySet[Resident, Any]:
    """What the list of people found shows of each, as plain values: a search lists twenty."""
    return residents.values(
        "pk",
        "full_name",
        "birth_year",
        address=F("household__address"),
        group=F("residential_group__name"),
    )


@requires("record", "help")
def record_help(request: AuthenticatedHttpRequest) -> HttpResponse:
    resident_id = request.GET.get("resident", "")
    walk_in = request.GET.get("walk_in") == "1"
    resident = resident_to_help(request.user, int(resident_id)) if is_id(resident_id) else None
    if resident is not None:
        require(
            request.user,
            "record",
            "help",
            ward_id=resident.ward_id,
            group_id=resident.residential_group_id,
        )
    visit = _visit_of(request)
    if visit is not None and resident is not None and visit.household_id != resident.household_id:
        raise Http404
    if resident is None and not walk_in:
        q = people.search_text(request.GET.get("q", ""))
        found: Iterable[Any]
        if visit is not None:
            found = _shown(visit.household.residents.all())
        else:
            found = (
                _shown(people.filter_residents(request.user, people.ResidentFilter(q=q)))[:20]
                if q
                else []
            )
        return _record_page(request, "find_person", {"q": q, "found": found, "visit": visit})
    ward = resident.ward if resident is not None else staff_ward(request)
    if request.method != "POST":  # nothing chosen yet: the fields as kept for the ward
        fields = help_form.first_fields(ward, walk_in=resident is None)
        context: dict[str, object] = {"fields": fields, "resident": resident, "walk_in": walk_in}
        return _record_page(request, "record_help", context)
    form = help_form.help_form(request.POST or None, ward=ward, walk_in=resident is None)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.help_record(
                actor=request.user,
                ward=ward,
                client_id=data["client_id"],
                data=services.HelpInput(
                    resident=resident,
                    walk_in_name=data.get("walk_in_name", ""),
                    walk_in_phone=data.get("walk_in_phone", ""),
                    service=data["service"],
                    task=data["task"],
                    outcome=data["outcome"],
                    place=data["place"],
                    point=data["point"],
                    dossier_code=data["dossier_code"],
                    verified=data["verified"],
                    note=data["note"],
                    visit=visit,
                ),
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Saved. Thank you!"))
            if visit is not None:
                return redirect("support:caseload")
            again = f"?resident={resident.pk}" if resident else "?walk_in=1"
            return redirect(reverse("support:record") + again)
    context = {"form": form, "resident": resident, "walk_in": walk_in}
    return _record_page(request, "record_help", context)


def _record_page(request: AuthenticatedHttpRequest, body: str, context: dict) -> HttpResponse:
    """Finding the person, then the form: one frame, kept (web/frames.py), around either."""
    content = render_body(f"support/partials/{body}_body.html", context, request)
    return render_framed(request, "support/record_help.html", content)


@login_required
def catalog(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The services volunteers choose from; an officer adds the ward's own."""
    ward = staff_ward(request, administer=True)
    form = ServiceForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.service_add(actor=request.user, ward=ward, name=form.cleaned_data["name"])
        except ValidationError as error:
            form.add_error("name", error)
        else:
            messages.success(request, _("The service was added."))
            return redirect("support:catalog")
    return render(
        request,
        "support/catalog.html",
        {"ward": ward, "services": services.services_for(ward), "form": form},
    )
