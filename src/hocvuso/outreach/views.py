"""Broadcast pages: the ward's schedule, planning, each script, marking aired."""

import datetime

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy
from django.views.decorators.http import require_POST

from hocvuso.accounts.http import AuthenticatedHttpRequest
from hocvuso.accounts.permissions import may, requires
from hocvuso.accounts.scoping import visible
from hocvuso.outreach import drafts, services
from hocvuso.outreach.models import Broadcast
from hocvuso.places.models import Ward
from hocvuso.places.queries import staff_ward


class PlanForm(forms.Form):
    starts_on = forms.DateField(
        label=pgettext_lazy("date range", "From"), widget=forms.DateInput(attrs={"type": "date"})
    )
    weeks = forms.IntegerField(
        label=gettext_lazy("Weeks"), min_value=1, max_value=services.MAX_WEEKS, initial=4,
        error_messages={
            "min_value": gettext_lazy("Plan between 1 and 26 weeks at a time."),
            "max_value": gettext_lazy("Plan between 1 and 26 weeks at a time."),
        },
    )  # fmt: skip


class ScriptForm(forms.Form):
    title = forms.CharField(label=gettext_lazy("Title"), max_length=200)
    script = forms.CharField(
        label=gettext_lazy("Script"), max_length=20000, required=False,
        widget=forms.Textarea(attrs={"rows": 12}),
    )  # fmt: skip


def _ward(request: AuthenticatedHttpRequest) -> Ward:
    return staff_ward(request)


@requires("see", "news")
def broadcasts(request: AuthenticatedHttpRequest) -> HttpResponse:
    ward = _ward(request)
    can_edit = may(request.user, "record", "news", ward_id=ward.pk)
    form = PlanForm(request.POST or None, initial={"starts_on": timezone.localdate()})
    if request.method == "POST":
        if not can_edit:
            raise PermissionDenied
        if form.is_valid():
            added = services.broadcasts_plan(user=request.user, ward=ward, **form.cleaned_data)
            messages.success(request, _("Broadcasts planned: %(count)d.") % {"count": added})
            return redirect(f"{request.path}?ward={ward.pk}")
    today = timezone.localdate()
    listed = visible(Broadcast.objects.filter(ward=ward), request.user).filter(
        scheduled_at__date__gte=today - datetime.timedelta(days=14)
    )[:60]
    context = {"ward": ward, "broadcasts": listed, "form": form, "can_edit": can_edit}
    return render(request, "outreach/broadcasts.html", context)


def _broadcast(request: AuthenticatedHttpRequest, pk: int) -> Broadcast:
    return get_object_or_404(visible(Broadcast.objects.all(), request.user), pk=pk)


@requires("see", "news")
def broadcast_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    broadcast = _broadcast(request, pk)
    can_edit = may(request.user, "edit", "news", ward_id=broadcast.ward_id)
    # An empty script starts from a draft of the coming sessions and the latest news.
    script = broadcast.script or drafts.draft_script(broadcast)
    initial = {"title": broadcast.title, "script": script}
    form = ScriptForm(request.POST or None, initial=initial)
    if request.method == "POST":
        if not can_edit:
            raise PermissionDenied
        if form.is_valid():
            services.broadcast_update(user=request.user, broadcast=broadcast, **form.cleaned_data)
            messages.success(request, _("Script saved."))
            return redirect("outreach:broadcast", pk)
    context = {"broadcast": broadcast, "form": form, "can_edit": can_edit}
    return render(request, "outreach/broadcast.html", context)


@require_POST
@requires("see", "news")
def broadcast_mark(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    broadcast = _broadcast(request, pk)
    try:
        services.broadcast_mark(
            user=request.user, broadcast=broadcast, status=request.POST.get("status", "")
        )
    except services.BroadcastError as error:
        messages.error(request, str(error))
    return redirect(f"{reverse('outreach:broadcasts')}?ward={broadcast.ward_id}")
