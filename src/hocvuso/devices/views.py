"""The ward officer's page of device tokens: who holds one on which device, what each sent,
issuing one (shown once, with a QR code that pairs the phone) and revoking a lost phone's."""

from typing import cast

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST, require_safe

from hocvuso.accounts.http import AuthenticatedHttpRequest
from hocvuso.accounts.models import User
from hocvuso.devices import services
from hocvuso.devices.models import DeviceToken
from hocvuso.devices.queries import events_of, sent_by, tokens_for
from hocvuso.places.queries import staff_ward


class IssueForm(forms.Form):
    person = forms.ModelChoiceField(queryset=User.objects.none(), label=gettext_lazy("Person"))
    device_name = forms.CharField(
        max_length=80,
        label=gettext_lazy("Device"),
        help_text=gettext_lazy("E.g. “Lan's phone”: how you will recognise it if it is lost."),
    )
    days = forms.IntegerField(
        min_value=1, max_value=services.MAX_DAYS, initial=30, label=gettext_lazy("Valid for (days)")
    )

    def __init__(self, *args, ward, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["person"]).queryset = (
            User.objects.filter(roles__ward=ward, is_active=True).distinct().order_by("username")
        )


@login_required
def token_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    ward = staff_ward(request, administer=True)
    form = IssueForm(request.POST or None, ward=ward)
    issued = None
    if request.method == "POST" and form.is_valid():
        try:
            token, plain = services.issue_token(
                person=form.cleaned_data["person"],
                device_name=form.cleaned_data["device_name"],
                issued_by=request.user,
                days=form.cleaned_data["days"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            link = request.build_absolute_uri("/app/") + "#pair=" + plain
            import segno  # only this page draws a QR code; web processes stay light

            qr = segno.make(link, error="m").svg_data_uri(scale=5, border=2)
            issued = {"token": token, "plain": plain, "link": link, "qr": qr}
            form = IssueForm(ward=ward)
    tokens = tokens_for(request.user).filter(ward=ward).select_related("person", "created_by")
    page = Paginator(tokens, 50).get_page(request.GET.get("page"))
    sent = sent_by([t.pk for t in page])
    rows = [(t, sent.get(t.pk, 0)) for t in page]
    return render(
        request,
        "devices/token_list.html",
        {"ward": ward, "form": form, "issued": issued, "page": page, "rows": rows},
    )


def _token(request: AuthenticatedHttpRequest, pk: int) -> DeviceToken:
    found = tokens_for(request.user).select_related("person").filter(pk=pk).first()
    if found is None:
        raise Http404
    return found


@login_required
@require_safe
def token_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """What one device sent: every audit event written through its token."""
    token = _token(request, pk)
    page = Paginator(events_of(token), 50).get_page(request.GET.get("page"))
    return render(request, "devices/token_detail.html", {"token": token, "page": page})


@login_required
@require_POST
def token_revoke(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    token = _token(request, pk)
    services.revoke_token(token, by=request.user)
    messages.success(
        request,
        _("The device token of %(person)s for %(device)s was revoked.")
        % {"person": token.person, "device": token.device_name},
    )
    return redirect(f"/devices/?ward={token.ward_id}")
