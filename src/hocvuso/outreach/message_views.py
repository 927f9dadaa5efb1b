"""Group message pages: each group's channels and lists, the composer, the outbox and each
message's deliveries, with the text to copy where no provider sends it."""

from typing import Any, cast

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from hocvuso.accounts.http import AuthenticatedHttpRequest
from hocvuso.accounts.permissions import may, require, requires
from hocvuso.accounts.scoping import visible
from hocvuso.outreach import drafts, messaging
from hocvuso.outreach.models import Channel, ChannelMember, Delivery, Message
from hocvuso.outreach.sms import sms_count
from hocvuso.places.models import ResidentialGroup, Ward
from hocvuso.places.queries import GROUP_REFUSED, asked_id, group_asked, staff_ward
from hocvuso.web.fields import ModelChoicesField
from hocvuso.web.refusals import Refused
from hocvuso.web.throttling import allow, too_many

SEND_LIMIT = (20, 3600)  # messages one person may send in an hour
WAITING = (Delivery.Status.PENDING, Delivery.Status.SENDING, Delivery.Status.RETRYING)
# A list member or delivery a form names: refused plainly when it is not a number.
ENTRY_REFUSED = gettext_lazy("This entry is not in the list.")
ENTRY_BY_NUMBER = gettext_lazy("An entry of the list is named by its number.")


def _entry_id(value: str | None) -> int | None:
    return asked_id(value, ENTRY_REFUSED, malformed=ENTRY_BY_NUMBER)


def managed_groups(user, ward: Ward) -> list[ResidentialGroup]:
    """The ward's open groups this user may send to and keep channels for."""
    groups = visible(ResidentialGroup.objects.filter(ward=ward, closed_at__isnull=True), user)
    return [
        g
        for g in groups.order_by("name")
        if may(user, "record", "messages", ward_id=ward.pk, group_id=g.pk)
    ]


class ChannelForm(forms.ModelForm):
    link = forms.URLField(
        label=gettext_lazy("Link"), required=False, assume_scheme="https",
        help_text=gettext_lazy("For a Zalo group: its invitation link (zalo.me/g/…)."),
    )  # fmt: skip

    class Meta:
        model = Channel
        fields = ["kind", "name", "link", "is_active"]


class MembersForm(forms.Form):
    lines = forms.CharField(
        label=gettext_lazy("Add to the list"),
        max_length=40_000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=gettext_lazy(
            "One per line: the phone number, email address or Zalo user id, then a comma and "
            "a name if you like."
        ),
    )


class ComposeForm(forms.Form):
    groups = ModelChoicesField(
        label=gettext_lazy("Residential groups"), queryset=ResidentialGroup.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": gettext_lazy("Choose at least one residential group.")},
    )  # fmt: skip
    kinds = forms.MultipleChoiceField(
        label=gettext_lazy("Send on"), choices=Channel.Kind.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": gettext_lazy("Choose at least one kind of channel.")},
    )  # fmt: skip
    template = forms.ChoiceField(
        label=gettext_lazy("Template"), choices=Message.Template.choices, required=False
    )
    subject = forms.CharField(label=gettext_lazy("Subject"), max_length=150, required=False)
    body = forms.CharField(
        label=gettext_lazy("Message"), max_length=messaging.MAX_BODY,
        widget=forms.Textarea(attrs={"rows": 12}),
        help_text=gettext_lazy(
            "“[tổ dân phố]” becomes each group's name. An SMS holds 160 letters without "
            "accents, 70 with accents; a longer one is sent as several."
        ),
        error_messages={"required": gettext_lazy("Write the message.")},
    )  # fmt: skip

    def __init__(self, *args, groups: list[ResidentialGroup], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        cast(
            forms.ModelChoiceField, self.fields["groups"]
        ).queryset = ResidentialGroup.objects.filter(pk__in=[g.pk for g in groups]).order_by("name")


def _channel(request: AuthenticatedHttpRequest, pk: int) -> Channel:
    channel = get_object_or_404(
        visible(Channel.objects.select_related("residential_group"), request.user), pk=pk
    )
    require(
        request.user,
        "edit",
        "messages",
        ward_id=channel.ward_id,
        group_id=channel.residential_group_id,
    )
    return channel


@requires("edit", "messages")
def channels(request: AuthenticatedHttpRequest) -> HttpResponse:
    ward = staff_ward(request)
    groups = managed_groups(request.user, ward)
    if not groups:
        raise PermissionDenied
    # An officer keeps every group's channels: 25 groups a page, not 74 on one page.
    page = Paginator(groups, 25).get_page(request.GET.get("page"))
    listed = Channel.objects.filter(residential_group__in=list(page)).annotate(
        reach=Count("members", filter=Q(members__opted_out_at__isnull=True))
    )
    by_group: dict[int, list[Channel]] = {}
    for channel in listed:
        by_group.setdefault(channel.residential_group_id, []).append(channel)
    rows = [(g, by_group.get(g.pk, [])) for g in page]
    return render(request, "outreach/channels.html", {"ward": ward, "rows": rows, "page": page})


@requires("edit", "messages")
def channel_form(request: AuthenticatedHttpRequest, pk: int | None = None) -> HttpResponse:
    channel = _channel(request, pk) if pk else None
    group: ResidentialGroup | None
    if channel:
        group = channel.residential_group
    else:
        group = group_asked(
            visible(ResidentialGroup.objects.filter(closed_at__isnull=True), request.user),
            request.GET.get("group"),
        )
        if group is None:
            raise Refused(GROUP_REFUSED)
    form = ChannelForm(request.POST or None, instance=channel)
    if channel:
        form.fields["kind"].disabled = True  # the list's addresses are of this kind
    if request.method == "POST" and form.is_valid():
        saved = messaging.channel_save(
            user=request.user, group=group, channel=channel, **form.cleaned_data
        )
        messages.success(request, _("Channel saved."))
        return redirect("outreach:channel", saved.pk)
    require(request.user, "edit", "messages", ward_id=group.ward_id, group_id=group.pk)
    members = None
    if channel and channel.has_members:
        page = Paginator(channel.members.all(), 100).get_page(request.GET.get("page"))
        members = page
    context = {
        "channel": channel, "group": group, "form": form, "members": members,
        "members_form": MembersForm(), "automatic": channel and messaging.sends_itself(channel),
    }  # fmt: skip
    return render(request, "outreach/channel.html", context, status=400 if form.errors else 200)


@requires("edit", "messages")
def channel_members(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    channel = _channel(request, pk)
    if request.method != "POST":
        return redirect("outreach:channel", pk)
    try:
        if "registry" in request.POST:
            added = messaging.members_from_registry(user=request.user, channel=channel)
        elif "member" in request.POST:
            member = get_object_or_404(
                ChannelMember, pk=_entry_id(request.POST["member"]), channel=channel
            )
            opted_out = request.POST.get("opt") == "out"
            messaging.member_opt_out(user=request.user, member=member, opted_out=opted_out)
            messages.success(request, _("List updated."))
            return redirect("outreach:channel", pk)
        else:
            form = MembersForm(request.POST)
            if not form.is_valid():
                raise messaging.MessagingError(" ".join(map(str, form.errors["lines"])))
            added = messaging.members_add(
                user=request.user, channel=channel, text=form.cleaned_data["lines"]
            )
    except messaging.MessagingError as error:
        messages.error(request, str(error))
        return redirect("outreach:channel", pk)
    messages.success(request, _("Added to the list: %(count)d.") % {"count": added})
    return redirect("outreach:channel", pk)


@requires("record", "messages")
def compose(request: AuthenticatedHttpRequest) -> HttpResponse:
    ward = staff_ward(request)
    groups = managed_groups(request.user, ward)
    if not groups:
        raise PermissionDenied
    action = request.POST.get("action", "")
    data = request.POST if request.method == "POST" else None
    initial: dict[str, Any] = {
        "template": Message.Template.FREE,
        "kinds": list(Channel.Kind.values),
    }
    asked = group_asked(_among(groups), request.GET.get("group"))
    if asked is not None:
        initial["groups"] = [asked.pk]
    form = ComposeForm(data, initial=initial, groups=groups)
    preview = None
    if action == "fill":
        # A template fills the subject and text for the groups chosen; nothing is sent.
        picked = [group_asked(_among(groups), pk) for pk in request.POST.getlist("groups") if pk]
        chosen = [group for group in picked if group is not None] or groups[:1]
        site = request.build_absolute_uri("/").rstrip("/")
        subject, body = drafts.draft_message(
            request.POST.get("template", ""), ward, chosen, site=site
        )
        values = request.POST.copy()
        values.update({"subject": subject, "body": body})
        form = ComposeForm(initial=_initial(values), groups=groups)
    elif action in ("preview", "send") and form.is_valid():
        chosen, kinds = list(form.cleaned_data["groups"]), set(form.cleaned_data["kinds"])
        if action == "preview":
            preview = _preview(chosen, kinds, form.cleaned_data["body"])
        else:
            if not allow(f"send:{request.user.pk}", limit=SEND_LIMIT[0], window=SEND_LIMIT[1]):
                return too_many(request)
            try:
                sent = messaging.message_send(
                    user=request.user, groups=chosen, kinds=kinds,
                    subject=form.cleaned_data["subject"], body=form.cleaned_data["body"],
                    template=form.cleaned_data["template"] or Message.Template.FREE,
                )  # fmt: skip
            except messaging.MessagingError as error:
                form.add_error(None, str(error))
            else:
                messages.success(request, _("Sent to %(count)d groups.") % {"count": len(sent)})
                if len(sent) == 1:
                    return redirect("outreach:message", sent[0].pk)
                return redirect(f"{reverse('outreach:outbox')}?ward={ward.pk}")
    sms = sms_count(form["body"].value() or "")
    context = {"ward": ward, "form": form, "preview": preview, "groups": groups, "sms": sms}
    status = 400 if form.is_bound and form.errors else 200
    return render(request, "outreach/compose.html", context, status=status)


def _among(groups: list[ResidentialGroup]):
    return ResidentialGroup.objects.filter(pk__in=[g.pk for g in groups])


def _initial(values) -> dict:
    return {
        "groups": values.getlist("groups"), "kinds": values.getlist("kinds"),
        "template": values.get("template", ""), "subject": values.get("subject", ""),
        "body": values.get("body", ""),
    }  # fmt: skip


def _preview(groups: list[ResidentialGroup], kinds: set[str], body: str) -> dict:
    counts = messaging.recipients(groups, kinds)
    missing = [g.name for g in groups if not g.channels.filter(kind__in=kinds, is_active=True)]
    text = body.replace(messaging.GROUP_PLACEHOLDER, groups[0].name)
    return {
        "text": text,
        "counts": [(label, counts.get(kind, 0)) for kind, label in Channel.Kind.choices
                   if kind in kinds],
        "missing": missing,
        "sms": sms_count(text),
    }  # fmt: skip


@requires("see", "messages")
def outbox(request: AuthenticatedHttpRequest) -> HttpResponse:
    ward = staff_ward(request)
    listed = (
        visible(Message.objects.filter(ward=ward), request.user)
        .select_related("residential_group", "author")
        .annotate(
            sent=Count("deliveries", filter=Q(deliveries__status=Delivery.Status.SENT)),
            posted=Count("deliveries", filter=Q(deliveries__status=Delivery.Status.POSTED)),
            failed=Count("deliveries", filter=Q(deliveries__status=Delivery.Status.FAILED)),
            waiting=Count("deliveries", filter=Q(deliveries__status__in=WAITING)),
            to_copy=Count("deliveries", filter=Q(deliveries__status=Delivery.Status.TO_COPY)),
        )
        .order_by("-created_at", "-id")
    )
    page = Paginator(listed, 50).get_page(request.GET.get("page"))
    can_send = bool(managed_groups(request.user, ward))
    context = {"ward": ward, "page": page, "can_send": can_send}
    return render(request, "outreach/outbox.html", context)


def _message(request: AuthenticatedHttpRequest, pk: int) -> Message:
    return get_object_or_404(
        visible(Message.objects.select_related("residential_group", "author"), request.user),
        pk=pk,
    )


@requires("see", "messages")
def message_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    message = _message(request, pk)
    can_send = may(
        request.user,
        "record",
        "messages",
        ward_id=message.ward_id,
        group_id=message.residential_group_id,
    )
    deliveries = message.deliveries.select_related("channel", "member", "done_by")
    to_copy = [d for d in deliveries if d.status in (Delivery.Status.TO_COPY,
                                                     Delivery.Status.POSTED)]  # fmt: skip
    by_status = dict(
        message.deliveries.values_list("status").annotate(n=Count("pk")).values_list("status", "n")
    )
    summary = [(label, by_status[s]) for s, label in Delivery.Status.choices if by_status.get(s)]
    sent_one_by_one = [d for d in deliveries if d.channel.has_members and d.address]
    context = {
        "message": message, "can_send": can_send, "to_copy": to_copy, "summary": summary,
        # Who got it, by address, only for those who may send to the group.
        "listed": sent_one_by_one[:500] if can_send else [],
        "failed": by_status.get(Delivery.Status.FAILED, 0),
    }  # fmt: skip
    return render(request, "outreach/message.html", context)


@requires("see", "messages")
def message_action(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    message = _message(request, pk)
    if request.method != "POST":
        return redirect("outreach:message", pk)
    try:
        if "retry" in request.POST:
            count = messaging.retry_failed(user=request.user, message=message)
            messages.success(request, _("Queued again: %(count)d.") % {"count": count})
        else:
            delivery = get_object_or_404(
                message.deliveries, pk=_entry_id(request.POST.get("posted"))
            )
            messaging.mark_posted(user=request.user, delivery=delivery)
            messages.success(request, _("Marked as posted."))
    except messaging.MessagingError as error:
        messages.error(request, str(error))
    return redirect("outreach:message", pk)


@requires("see", "messages")
def message_print(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The message large on one page, to put up on the group's notice board."""
    message = _message(request, pk)
    return render(request, "outreach/message_print.html", {"message": message})
