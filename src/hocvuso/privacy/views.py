"""A resident's rights, for the officer of their ward: what is held and who read it, the
export (JSON, PDF), the erasure; and the public privacy notice."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from hocvuso.accounts.http import AuthenticatedHttpRequest
from hocvuso.accounts.permissions import require
from hocvuso.people import queries
from hocvuso.people.models import Resident
from hocvuso.places.models import Ward
from hocvuso.privacy import rights
from hocvuso.privacy.retention import RULES


class ErasureForm(forms.Form):
    reason = forms.ChoiceField(
        label=gettext_lazy("Why"),
        choices=list(rights.ERASURE_REASONS.items()),
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label=gettext_lazy("Note (optional)"),
        max_length=300,
        required=False,
        help_text=gettext_lazy(
            "For example the date of the written request. Do not write the person's name "
            "or phone: they would be kept in the log."
        ),
    )


def _resident_for_officer(request: AuthenticatedHttpRequest, pk: int) -> Resident:
    """The resident, for the officer of their ward: 404 outside the user's scope, 403 for
    a team leader or volunteer who sees them but does not administer the ward."""
    resident = queries.resident_for(request.user, pk)
    require(request.user, "administer", "residents", ward_id=resident.ward_id)
    return resident


@login_required
def resident_rights(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    resident = _resident_for_officer(request, pk)
    held = rights.holdings(resident)
    return render(
        request,
        "privacy/resident.html",
        {"resident": resident, "held": held, "events": rights.events_about(resident)},
    )


def _filename(resident: Resident, ext: str) -> str:
    return f"du-lieu-ca-nhan-{resident.pk}-{timezone.localdate():%Y%m%d}.{ext}"


@login_required
def resident_export_json(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    resident = _resident_for_officer(request, pk)
    data = rights.export(actor=request.user, resident=resident, fmt="json")
    response = JsonResponse(data, json_dumps_params={"ensure_ascii": False, "indent": 2})
    response["Content-Disposition"] = f'attachment; filename="{_filename(resident, "json")}"'
    return response


@login_required
def resident_export_pdf(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    resident = _resident_for_officer(request, pk)
    from weasyprint import HTML  # 40 MB: loaded by the processes that draw a PDF, only

    data = rights.export(actor=request.user, resident=resident, fmt="pdf")
    html = render_to_string("privacy/export_pdf.html", {"data": data}, request=request)
    pdf = HTML(string=html, base_url=request.build_absolute_uri("/")).write_pdf()
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{_filename(resident, "pdf")}"'
    return response


@login_required
def resident_erase(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Two steps: the reason, then a confirmation that lists what goes and what stays."""
    resident = _resident_for_officer(request, pk)
    if resident.erased_at is not None:
        return redirect("privacy:resident_rights", pk=resident.pk)
    form = ErasureForm(request.POST or None)
    confirming = request.method == "POST" and form.is_valid()
    if confirming and request.POST.get("confirm") == "yes":
        rights.erase(
            actor=request.user,
            resident=resident,
            reason=form.cleaned_data["reason"],
            note=form.cleaned_data["note"],
        )
        messages.success(request, _("The resident's personal data was erased."))
        return redirect("privacy:resident_rights", pk=resident.pk)
    return render(
        request,
        "privacy/erase.html",
        {
            "resident": resident,
            "form": form,
            "confirming": confirming,
            "held": rights.holdings(resident) if confirming else None,
        },
    )


def privacy_notice(request: HttpRequest) -> HttpResponse:
    """The public privacy notice: who holds what, why, for how long, and residents' rights."""
    wards = list(Ward.objects.filter(is_active=True).order_by("name")[:6])
    return render(request, "privacy/privacy.html", {"rules": RULES, "wards": wards})
