"""The assistant's public page, and the ward's own questions and answers for officers."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from hocvuso.accounts.http import AuthenticatedHttpRequest
from hocvuso.accounts.scoping import administers
from hocvuso.assistant import page, retrieval, ward_guides, writer
from hocvuso.assistant.models import FaqEntry
from hocvuso.places.models import Ward
from hocvuso.places.queries import WARD_REFUSED, asked_id, staff_ward
from hocvuso.web.public_pages import shared_page
from hocvuso.web.refusals import Refused
from hocvuso.web.throttling import allow, client_key, too_many

ASK_LIMIT = (30, 600)  # questions from one address in ten minutes


class AskForm(forms.Form):
    q = forms.CharField(
        label=gettext_lazy("Your question"),
        max_length=retrieval.MAX_QUESTION,
        widget=forms.Textarea(attrs={"rows": 3, "autocomplete": "off"}),
        help_text=gettext_lazy("Write it as you would say it, with or without accents."),
    )


class FaqForm(forms.ModelForm):
    class Meta:
        model = FaqEntry
        fields = ["question", "answer", "keywords", "is_active"]
        widgets = {"answer": forms.Textarea(attrs={"rows": 6})}


def _ward(request: HttpRequest) -> Ward | None:
    """The ward whose questions and answers join the shipped guides: the one asked for (an
    unknown one is refused), or the only ward this site serves."""
    active = ward_guides.active_wards()
    asked = asked_id(request.GET.get("ward"), WARD_REFUSED)
    if asked is not None:
        if asked not in active:
            raise Refused(WARD_REFUSED)
        return active[asked]
    return next(iter(active.values())) if len(active) == 1 else None


@shared_page
def ask(request: HttpRequest) -> HttpResponse:
    """Nothing typed here is stored or shown to anyone else (an answer is kept in memory
    only for the same words, see `page`); with a language model set up, the question goes
    to it, with the guides found and nothing more."""
    ward = _ward(request)
    ward_id = ward.pk if ward else None
    typed = request.GET.get("q", "")
    # The index a question is answered from, and its answers kept; none to build without one.
    index = retrieval.index_for(ward_id) if typed else None
    body = page.kept_body(index, typed) if index is not None else None
    if body is not None:  # a question answered before, so a valid one
        return page.render_ask(request, body) if _allowed(request) else too_many(request)
    form = AskForm(request.GET or None)
    result = None
    if form.is_bound and form.is_valid():
        if not _allowed(request):
            return too_many(request)
        result = retrieval.answer(form.cleaned_data["q"], ward_id)
    written = None
    if result is not None and result.best is not None:
        # Only when a guide answers: with none, the model would only guess.
        written = writer.write(result.question, [result.best, *result.others])
    others = result.others if result else []
    if written is not None:  # a guide it cites is listed once, among its sources
        others = [m for m in others if m.guide not in written.sources]
    context = {"form": form, "result": result, "written": written, "others": others, "ward": ward}
    body = page.render_body(context)
    if index is not None and result is not None and (written is not None or not writer.enabled()):
        page.keep_body(index, typed, body)  # not a guide shown because the model failed
    return page.render_ask(request, body, status=400 if form.errors else 200)


def _allowed(request: HttpRequest) -> bool:
    limit, window = ASK_LIMIT
    return allow(f"ask:{client_key(request)}", limit=limit, window=window)


@login_required
def faq(request: AuthenticatedHttpRequest, pk: int | None = None) -> HttpResponse:
    ward = staff_ward(request, administer=True)
    entry = get_object_or_404(FaqEntry, pk=pk, ward=ward) if pk else None
    form = FaqForm(request.POST or None, instance=entry)
    if request.method == "POST" and form.is_valid():
        if not administers(request.user, ward.pk):
            raise PermissionDenied
        saved = form.save(commit=False)
        saved.ward = ward
        saved.created_by_id = saved.created_by_id or request.user.pk
        saved.save()
        messages.success(request, _("Saved. The assistant uses it from now on."))
        return redirect("assistant:faq")
    entries = FaqEntry.objects.filter(ward=ward)
    context = {"ward": ward, "form": form, "entries": entries, "entry": entry}
    return render(request, "assistant/faq.html", context, status=400 if form.errors else 200)
