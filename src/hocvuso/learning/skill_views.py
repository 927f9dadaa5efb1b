"""The skills self-check for residents (no account: the device's learner), and the one-tap
records volunteers make from the household page and the help form."""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from hocvuso.accounts.http import AuthenticatedHttpRequest
from hocvuso.learning import devices, skills
from hocvuso.learning.views import _learner, learner_page
from hocvuso.people import queries as people


@learner_page
def self_check(request: HttpRequest) -> HttpResponse:
    """About a dozen plain questions, each answered with one tap; nothing is typed."""
    answers: dict[str, int] = {}
    missing: list[int] = []
    if request.method == "POST":
        for number, question in enumerate(skills.QUESTIONS, start=1):
            value = request.POST.get(question.key, "")
            if value in ("0", "1", "2"):
                answers[question.key] = int(value)
            else:
                missing.append(number)
        if not missing:
            skills.self_check_record(learner=_learner(request), answers=answers)
            return redirect("learning:self_check_result")
    context = {
        "questions": skills.QUESTIONS,
        "choices": skills.ANSWERS,
        "answers": answers,
        "missing": missing,
    }
    return render(request, "learning/self_check.html", context, status=400 if missing else 200)


@learner_page
def self_check_result(request: HttpRequest) -> HttpResponse:
    learner = devices.learner_of(request)
    check = skills.latest_self_check(learner)
    if check is None:
        return redirect("learning:self_check")
    placement = skills.place(check.answers)
    context = {
        "check": check,
        "placement": placement,
        "courses": skills.proposals(placement.gaps, learner),
    }
    return render(request, "learning/self_check_result.html", context)


def _back(request: HttpRequest, resident) -> HttpResponse:
    """Back to the page the tap came from (the help form or the household page)."""
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = reverse("people:household", args=[resident.household_id])
    return redirect(f"{target}#skills-{resident.pk}")


def _field_worker(request: AuthenticatedHttpRequest, pk: int):
    """The resident, if the user sees them (404 otherwise) and does field work (403)."""
    resident = people.resident_for(request.user, pk)
    if not skills.may_confirm(request.user):
        raise PermissionDenied
    return resident


@login_required
@require_POST
def resident_fact(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    resident = _field_worker(request, pk)
    value = {"yes": True, "no": False, "": None}.get(request.POST.get("value", ""))
    try:
        skills.fact_set(
            actor=request.user, resident=resident, fact=request.POST.get("fact", ""), value=value
        )
    except skills.SkillsError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, _("Saved. Thank you!"))
    return _back(request, resident)


@login_required
@require_POST
def resident_confirm(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    resident = _field_worker(request, pk)
    try:
        skills.skills_confirm(actor=request.user, resident=resident)
    except skills.SkillsError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, _("Confirmed: %(name)s.") % {"name": resident.full_name})
    return _back(request, resident)


@login_required
@require_POST
def resident_vneid(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    resident = _field_worker(request, pk)
    day: datetime.date | None = None
    if request.POST.get("recorded") == "1":
        try:
            day = datetime.date.fromisoformat(request.POST.get("day", ""))
        except ValueError:
            day = timezone.localdate()
    try:
        skills.vneid_record(actor=request.user, resident=resident, day=day)
    except skills.SkillsError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, _("Saved. Thank you!"))
    return _back(request, resident)
