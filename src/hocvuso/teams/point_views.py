"""Mobile point pages: the roster for staff, "my shifts" with check-in for members, and the
public week that answers "where and when can I get help?" without a login."""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from hocvuso.accounts.http import AuthenticatedHttpRequest
from hocvuso.accounts.permissions import may, require, requires
from hocvuso.places.queries import public_ward, staff_ward
from hocvuso.teams import queries, services
from hocvuso.teams.forms import HoursForm, PointForm, RosterForm, SessionForm
from hocvuso.teams.models import MobilePoint
from hocvuso.web.public_pages import shared_page

ROSTER_DAYS = 14


def _require_officer(request: HttpRequest, ward_id: int) -> None:
    require(request.user, "administer", "teams", ward_id=ward_id)


@requires("see", "teams")
def point_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    today = timezone.localdate()
    points = queries.points_for(request.user)
    shifts = queries.shifts_of(points, today, today + datetime.timedelta(days=ROSTER_DAYS - 1))
    return render(
        request,
        "teams/point_list.html",
        {"points": points, "short": [s for s in shifts if s.short]},
    )


@login_required
def point_edit(request: AuthenticatedHttpRequest, pk: int | None = None) -> HttpResponse:
    point = queries.point_for(request.user, pk) if pk else MobilePoint()
    ward = point.ward if pk else staff_ward(request, administer=True)
    _require_officer(request, ward.pk)
    form = PointForm(request.POST or None, instance=point)
    if request.method == "POST" and form.is_valid():
        point = services.point_save(
            actor=request.user, point=point, ward=ward, data=form.service_data()
        )
        messages.success(request, _("The mobile point was saved."))
        return redirect("teams:point", pk=point.pk)
    return render(request, "teams/point_form.html", {"form": form, "point": point})


@requires("see", "teams")
def point_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    point = queries.point_for(request.user, pk)
    can_edit = may(request.user, "administer", "teams", ward_id=point.ward_id)
    hours_form, session_form = HoursForm(prefix="hours"), SessionForm(prefix="session")
    if request.method == "POST":
        _require_officer(request, point.ward_id)
        action = request.POST.get("action")
        try:
            if action == "hours":
                hours_form = HoursForm(request.POST, prefix="hours")
                if hours_form.is_valid():
                    services.hours_add(point=point, **hours_form.cleaned_data)
                    return redirect("teams:point", pk=point.pk)
            elif action == "session":
                session_form = SessionForm(request.POST, prefix="session")
                if session_form.is_valid():
                    services.session_add(point=point, **session_form.cleaned_data)
                    return redirect("teams:point", pk=point.pk)
            elif action == "roster":
                made = services.roster_build(
                    point=point, first_day=timezone.localdate(), days=ROSTER_DAYS
                )
                messages.success(request, _("Shifts made: %(count)d.") % {"count": made})
                return redirect("teams:point", pk=point.pk)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
    today = timezone.localdate()
    return render(
        request,
        "teams/point_detail.html",
        {
            "point": point,
            "can_edit": can_edit,
            "hours_form": hours_form,
            "session_form": session_form,
            "shifts": queries.shifts_of(
                MobilePoint.objects.filter(pk=point.pk),
                today,
                today + datetime.timedelta(days=ROSTER_DAYS - 1),
            ),
        },
    )


@login_required
def shift_roster(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    shift = queries.shift_for(request.user, pk)
    _require_officer(request, shift.ward_id)
    # The same members the pickers' search offers (`teams:member_search`): any other id sent
    # fails the form's validation.
    members = queries.members_for(request.user, shift.ward_id).order_by(
        "team__name", "team_id", "full_name"
    )
    form = RosterForm(
        request.POST or None, members=members, initial={"members": list(shift.members.all())}
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.roster_set(
                actor=request.user, shift=shift, members=form.cleaned_data["members"]
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The roster was saved."))
            return redirect("teams:point", pk=shift.point_id)
    assignments = shift.assignments.select_related("member")
    return render(
        request,
        "teams/shift_roster.html",
        {
            "shift": shift,
            "form": form,
            "assignments": assignments,
            "search_url": reverse("teams:member_search") + f"?ward={shift.ward_id}",
        },
    )


@requires("record", "teams")
def my_shifts(request: AuthenticatedHttpRequest) -> HttpResponse:
    return render(
        request,
        "teams/my_shifts.html",
        {
            "assignments": queries.my_assignments(request.user, timezone.localdate()),
            "today": timezone.localdate(),
            "now": timezone.now(),
        },
    )


@login_required
@require_POST
def shift_check(request: AuthenticatedHttpRequest, pk: int, direction: str) -> HttpResponse:
    """A member checks in or out of their own shift, on the day."""
    if direction not in ("in", "out"):
        raise Http404
    assignment = get_object_or_404(
        queries.my_assignments(request.user, timezone.localdate()), pk=pk
    )
    if assignment.shift.date != timezone.localdate():
        messages.error(request, _("You can check in only on the day of the shift."))
    elif direction == "in":
        try:
            if services.check_in(assignment=assignment):
                messages.success(request, _("Checked in. Thank you for helping!"))
        except ValidationError as error:
            messages.error(request, error.message)
    elif services.check_out(assignment=assignment):
        messages.success(request, _("Checked out."))
    return redirect("teams:my_shifts")


@shared_page
def public_week(request: HttpRequest, code: int) -> HttpResponse:
    ward = public_ward(code)
    today = timezone.localdate()
    days: dict[datetime.date, list] = {}
    for shift in queries.public_week(ward, today):
        days.setdefault(shift.date, []).append(shift)
    return render(request, "teams/public_week.html", {"ward": ward, "days": days, "today": today})


def public_calendar(request: HttpRequest, code: int) -> HttpResponse:
    """The same week as an iCalendar feed, for a phone's calendar."""
    from icalendar import Calendar, Event  # only this feed needs it

    ward = public_ward(code)
    calendar = Calendar()
    calendar.add("prodid", "-//hocvuso//mobile points//VI")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", _("Digital help points of %(ward)s") % {"ward": ward.name})
    zone = timezone.get_current_timezone()
    for shift in queries.public_week(ward, timezone.localdate(), days=28):
        event = Event()
        event.add("uid", f"shift-{shift.pk}@hocvuso")
        event.add("summary", _("Digital help: %(point)s") % {"point": shift.point.name})
        event.add("location", shift.point.address)
        event.add("dtstart", datetime.datetime.combine(shift.date, shift.starts, tzinfo=zone))
        event.add("dtend", datetime.datetime.combine(shift.date, shift.ends, tzinfo=zone))
        event.add("dtstamp", timezone.now())
        calendar.add_component(event)
    response = HttpResponse(calendar.to_ical(), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="diem-ho-tro-{ward.pk}.ics"'
    return response
