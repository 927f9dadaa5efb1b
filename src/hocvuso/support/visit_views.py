"""Home-visit pages: the priority list, planning a visit, and the team leader's caseload."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from hocvuso.accounts.http import AuthenticatedHttpRequest
from hocvuso.accounts.permissions import require, requires
from hocvuso.audit.services import record
from hocvuso.people.queries import household_for
from hocvuso.support import visits
from hocvuso.support.forms import VisitPlanForm
from hocvuso.teams.queries import members_for
from hocvuso.web.frames import render_body, render_framed


@requires("see", "visits")
def priority_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    # 25 households a page: each is a card of three lines at 360 px.
    page = Paginator(visits.priority_households(request.user), 25).get_page(request.GET.get("page"))
    # django-stubs keeps the annotations of `Reasons` up to the Page, then loses them.
    if any(household.disability for household in page):  # type: ignore[attr-defined]
        # The list says which households hold a person with a disability: a sensitive read.
        record(
            actor=request.user,
            action="read_sensitive",
            ward_id=page[0].ward_id,
            object_type="disability",
            summary=_("Listed households to visit, with disability as a reason"),
        )
    return render(request, "support/priority_list.html", {"page": page})


@requires("edit", "visits")
def visit_plan(request: AuthenticatedHttpRequest, household_pk: int) -> HttpResponse:
    household = household_for(request.user, household_pk)
    require(
        request.user,
        "edit",
        "visits",
        ward_id=household.ward_id,
        group_id=household.residential_group_id,
    )
    form = VisitPlanForm(
        request.POST or None,
        members=members_for(request.user, household.ward_id),
        ward_id=household.ward_id,
    )
    if request.method == "POST" and form.is_valid():
        try:
            visits.visit_plan(
                actor=request.user, plan=visits.VisitPlan(household=household, **form.cleaned_data)
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The visit was planned."))
            return redirect("support:caseload")
    return render(request, "support/visit_plan.html", {"household": household, "form": form})


@requires("see", "visits")
def caseload(request: AuthenticatedHttpRequest) -> HttpResponse:
    load = visits.caseload(request.user)
    # The counts and the user's own visits come first; the rest is paged, overdue first.
    page = load.paginator(25).get_page(request.GET.get("page"))
    overdue = [v for v in page if v["planned_on"] < load.today]
    planned = [v for v in page if v["planned_on"] >= load.today]
    context = {"load": load, "page": page, "overdue": overdue, "planned": planned}
    body = render_body("support/partials/caseload_body.html", context, request)
    return render_framed(request, "support/caseload.html", body)
