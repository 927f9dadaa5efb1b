"""Staff pages of learning: digital classrooms and their report, households' QR cards,
and the ward's certificates."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from hocvuso.accounts.http import AuthenticatedHttpRequest
from hocvuso.learning import documents, queries, services
from hocvuso.learning.forms import AssignmentForm, ClassroomEditForm, ClassroomForm, RevokeForm
from hocvuso.learning.models import Classroom
from hocvuso.learning.reports import class_report_xlsx
from hocvuso.people.queries import (
    groups_for,
    household_for,
    residents_for,
    search_condition,
    search_text,
)
from hocvuso.places.models import Ward
from hocvuso.places.queries import is_id, staff_ward

MAX_CARDS = 500  # households on one printed sheet of cards
ENROL_RESULTS = 30


def _class_ward(request: AuthenticatedHttpRequest) -> Ward:
    """The ward a new class opens in: the one asked for among the user's, else their first."""
    return staff_ward(request)


@login_required
def classes(request: AuthenticatedHttpRequest) -> HttpResponse:
    classrooms = queries.classrooms_for(request.user)
    return render(request, "learning/classes.html", {"classrooms": classrooms})


@login_required
def class_new(request: AuthenticatedHttpRequest) -> HttpResponse:
    ward = _class_ward(request)
    form = ClassroomForm(request.POST or None, groups=groups_for(request.user).filter(ward=ward))
    if request.method == "POST" and form.is_valid():
        try:
            classroom = services.classroom_create(
                user=request.user,
                ward=ward,
                group=form.cleaned_data["residential_group"],
                name=form.cleaned_data["name"],
                organisation=form.cleaned_data["organisation"],
                meets_at=form.cleaned_data["meets_at"],
                schedule=form.cleaned_data["schedule"],
            )
        except PermissionDenied:
            form.add_error(None, _("You may not open a class for this group."))
        except services.LearningError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Class opened. Give its invite code to the learners."))
            return redirect("learning:class", classroom.pk)
    return render(request, "learning/class_form.html", {"form": form, "ward": ward})


@login_required
def class_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    classroom = queries.classroom_for(request.user, pk)
    can_run = services.may_run_classroom(request.user, classroom)
    q = search_text(request.GET.get("q", ""))
    found = []
    if q and can_run:
        condition, _folded = search_condition(q)
        found = list(
            residents_for(request.user)
            .filter(condition, ward=classroom.ward)
            .select_related("residential_group")[:ENROL_RESULTS]
        )
    context = {
        "classroom": classroom,
        "report": queries.class_report(classroom),
        "can_run": can_run,
        "assignment_form": AssignmentForm(),
        "q": q,
        "found": found,
        "join_url": request.build_absolute_uri(
            f"{reverse('learning:class_join')}?code={classroom.invite_code}"
        ),
    }
    return render(request, "learning/class_detail.html", context)


def _runnable(request: AuthenticatedHttpRequest, pk: int) -> Classroom:
    classroom = queries.classroom_for(request.user, pk)
    if not services.may_run_classroom(request.user, classroom):
        raise PermissionDenied
    return classroom


@login_required
def class_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The coach or an officer changes the class's name, place and time."""
    classroom = _runnable(request, pk)
    form = ClassroomEditForm(request.POST or None, instance=classroom)
    if request.method == "POST" and form.is_valid():
        services.classroom_update(
            user=request.user,
            classroom=classroom,
            name=form.cleaned_data["name"],
            organisation=form.cleaned_data["organisation"],
            meets_at=form.cleaned_data["meets_at"],
            schedule=form.cleaned_data["schedule"],
        )
        messages.success(request, _("Class saved."))
        return redirect("learning:class", classroom.pk)
    return render(
        request,
        "learning/class_form.html",
        {"form": form, "ward": classroom.ward, "classroom": classroom},
    )


@require_POST
@login_required
def class_assign(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    classroom = _runnable(request, pk)
    form = AssignmentForm(request.POST)
    if form.is_valid():
        services.assignment_set(
            user=request.user,
            classroom=classroom,
            course=form.cleaned_data["course"],
            due_on=form.cleaned_data["due_on"],
        )
        messages.success(request, _("Course assigned."))
    else:
        messages.error(request, _("Choose a course, and a valid due date if you give one."))
    return redirect("learning:class", pk)


@require_POST
@login_required
def class_enrol(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    classroom = _runnable(request, pk)
    ids = [int(v) for v in request.POST.getlist("resident") if is_id(v)][:ENROL_RESULTS]
    try:
        added = services.classroom_enrol(user=request.user, classroom=classroom, resident_ids=ids)
    except services.LearningError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("People enrolled: %(count)d.") % {"count": added})
    return redirect("learning:class", pk)


@login_required
def class_report_download(request: AuthenticatedHttpRequest, pk: int) -> FileResponse:
    classroom = queries.classroom_for(request.user, pk)
    return FileResponse(
        class_report_xlsx(queries.class_report(classroom)),
        as_attachment=True,
        filename=f"lop-hoc-so-{classroom.pk}.xlsx",
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )


@login_required
def household_card(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    household = household_for(request.user, pk)
    address = services.learning_address(household)
    return documents.cards_response(request, [address], f"the-hoc-tap-{household.key}.pdf")


@login_required
def group_cards(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    group = get_object_or_404(groups_for(request.user), pk=pk)
    households = list(group.households.order_by("key")[:MAX_CARDS])
    addresses = [services.learning_address(h) for h in households]
    return documents.cards_response(request, addresses, f"the-hoc-tap-to-{group.pk}.pdf")


@login_required
def certificates(request: AuthenticatedHttpRequest) -> HttpResponse:
    listed = queries.certificates_for(request.user)
    q = request.GET.get("code", "").strip().upper()[:12]
    if q:
        listed = listed.filter(code=q)
    return render(
        request,
        "learning/certificates.html",
        {
            "certificates": Paginator(listed, 25).get_page(request.GET.get("page")),
            "code": q,
            "form": RevokeForm(),
        },
    )


@require_POST
@login_required
def certificate_revoke(request: AuthenticatedHttpRequest, code: str) -> HttpResponse:
    certificate = get_object_or_404(queries.certificates_for(request.user), code=code)
    form = RevokeForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Say why the certificate is revoked."))
        return redirect("learning:certificates")
    try:
        services.certificate_revoke(
            user=request.user, certificate=certificate, reason=form.cleaned_data["reason"]
        )
    except services.LearningError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Certificate %(code)s revoked.") % {"code": code})
    return redirect("learning:certificates")
