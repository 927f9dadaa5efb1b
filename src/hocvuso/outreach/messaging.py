"""Group messages: each residential group's channels and lists, sending a message on them,
and delivering it, one attempt at a time, with retries spaced further and further apart.

Only the ward's officers and the group's team leaders (the rights table's "record" and
"edit" of messages) change a group's channels or send to it: a message goes out in the
ward's name.
"""

import datetime
import re

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import EmailValidator
from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from hocvuso.accounts.models import User
from hocvuso.accounts.permissions import may
from hocvuso.audit.models import AuditEvent
from hocvuso.audit.services import record
from hocvuso.outreach.models import Channel, ChannelMember, Delivery, Message
from hocvuso.outreach.senders import Outgoing, Refused, Retry, sender_for
from hocvuso.places.models import ResidentialGroup
from hocvuso.text.folding import clean
from hocvuso.text.phones import InvalidPhone, normalize_phone

MAX_BODY = 2000
MAX_PASTE_LINES = 500
# Seconds to wait after the 1st, 2nd, 3rd and 4th failed attempt; the 5th failure is final.
BACKOFF = (60, 300, 1800, 7200)
MAX_ATTEMPTS = len(BACKOFF) + 1
# A delivery claimed by a worker that died mid-send may be sent again after this long.
STUCK_AFTER = datetime.timedelta(minutes=15)
GROUP_PLACEHOLDER = "[tổ dân phố]"
_ZALO_ID = re.compile(r"\d{6,30}")


class MessagingError(ValueError):
    """What cannot be done, said so the person can fix it."""


def _require(user: User, group: ResidentialGroup) -> None:
    if not may(user, "record", "messages", ward_id=group.ward_id, group_id=group.pk):
        raise PermissionDenied


@transaction.atomic
def channel_save(
    *,
    user: User,
    group: ResidentialGroup,
    kind: str,
    name: str,
    link: str = "",
    is_active: bool = True,
    channel: Channel | None = None,
) -> Channel:
    _require(user, group)
    if channel is None:
        channel = Channel(ward_id=group.ward_id, residential_group=group, kind=kind)
    elif channel.residential_group_id != group.pk:
        raise PermissionDenied
    channel.name = clean(name)[:150] or channel.get_kind_display()
    channel.link = link
    channel.is_active = is_active
    channel.save()
    record(actor=user, action=AuditEvent.Action.UPDATE, obj=channel,
           summary=_("Saved the channel “%(name)s” (%(kind)s)")
           % {"kind": channel.get_kind_display(), "name": channel.name})  # fmt: skip
    return channel


def parse_address(kind: str, text: str) -> str:
    """The address in the form its provider takes; raises MessagingError in Vietnamese."""
    text = text.strip()
    if kind == Channel.Kind.SMS:
        try:
            phone = normalize_phone(text)
        except InvalidPhone:
            phone = ""
        if not phone:
            raise MessagingError(_("“%(text)s” is not a Vietnamese phone number.") % {"text": text})
        return phone
    if kind == Channel.Kind.EMAIL:
        try:
            EmailValidator()(text)
        except ValidationError:
            raise MessagingError(
                _("“%(text)s” is not an email address.") % {"text": text}
            ) from None
        return text.lower()
    if kind == Channel.Kind.ZALO_OA:
        if not _ZALO_ID.fullmatch(text):
            raise MessagingError(
                _("“%(text)s” is not a Zalo user id: it is the number the Official Account's "
                  "follower list shows.") % {"text": text}
            )  # fmt: skip
        return text
    raise MessagingError(_("A Zalo group has no list: the message is posted into the group."))


@transaction.atomic
def members_add(*, user: User, channel: Channel, text: str) -> int:
    """Add the pasted lines, each "address" or "address, name"; all of them or, when one
    line is wrong, none, with every wrong line named. Returns how many were new."""
    _require(user, channel.residential_group)
    lines = [(n, line.strip()) for n, line in enumerate(text.splitlines(), 1) if line.strip()]
    if not lines:
        raise MessagingError(_("Paste at least one line."))
    if len(lines) > MAX_PASTE_LINES:
        raise MessagingError(_("At most %(count)d lines at a time.") % {"count": MAX_PASTE_LINES})
    parsed: dict[str, str] = {}
    errors = []
    for number, line in lines:
        address, _comma, name = line.partition(",")
        try:
            parsed[parse_address(channel.kind, address)] = clean(name)[:150]
        except MessagingError as error:
            errors.append(_("Line %(n)d: %(error)s") % {"n": number, "error": error})
    if errors:
        raise MessagingError(" ".join(errors[:10]))
    existing = set(channel.members.filter(address__in=parsed).values_list("address", flat=True))
    new = [
        ChannelMember(channel=channel, address=address, name=name)
        for address, name in parsed.items()
        if address not in existing
    ]
    ChannelMember.objects.bulk_create(new)
    record(actor=user, action=AuditEvent.Action.CREATE, obj=channel,
           summary=_("Added %(count)d addresses to the list “%(name)s”")
           % {"count": len(new), "name": channel.name})  # fmt: skip
    return len(new)


@transaction.atomic
def members_from_registry(*, user: User, channel: Channel) -> int:
    """Put the phone numbers of the group's households on its SMS list; numbers already on
    it, including people who asked to receive nothing more, are left as they are."""
    from hocvuso.people.models import Household

    _require(user, channel.residential_group)
    if channel.kind != Channel.Kind.SMS:
        raise MessagingError(_("Only an SMS list takes the households' phone numbers."))
    households = Household.objects.filter(residential_group=channel.residential_group).exclude(
        phone=""
    )
    existing = set(channel.members.values_list("address", flat=True))
    new = {}
    for household in households:
        try:
            phone = normalize_phone(household.phone)
        except InvalidPhone:
            continue
        if phone and phone not in existing:
            new[phone] = ChannelMember(
                channel=channel, address=phone, household=household, name=household.key
            )
    ChannelMember.objects.bulk_create(new.values())
    record(actor=user, action=AuditEvent.Action.CREATE, obj=channel,
           summary=_("Added %(count)d households' phone numbers to the list “%(name)s”")
           % {"count": len(new), "name": channel.name})  # fmt: skip
    return len(new)


@transaction.atomic
def member_opt_out(*, user: User, member: ChannelMember, opted_out: bool = True) -> None:
    _require(user, member.channel.residential_group)
    member.opted_out_at = timezone.now() if opted_out else None
    member.save(update_fields=["opted_out_at"])
    summary = (
        _("Member no. %(id)d asked to receive nothing more")
        if opted_out
        else _("Member no. %(id)d is back on the list")
    ) % {"id": member.pk}
    record(actor=user, action=AuditEvent.Action.UPDATE, obj=member.channel, summary=summary)


def sends_itself(channel: Channel) -> bool:
    """Does a provider send this channel's messages to each member? If not, staff copy it."""
    return channel.has_members and sender_for(channel.kind) is not None


def recipients(groups: list[ResidentialGroup], kinds: set[str]) -> dict[str, int]:
    """How many deliveries a message to these groups on these kinds of channel would make,
    by kind: what the sender confirms before sending."""
    channels = Channel.objects.filter(
        residential_group__in=groups, kind__in=kinds, is_active=True
    ).annotate(reach=Count("members", filter=Q(members__opted_out_at__isnull=True)))
    counts: dict[str, int] = {}
    for channel in channels:
        reach = channel.reach if sends_itself(channel) else 1
        counts[channel.kind] = counts.get(channel.kind, 0) + reach
    return counts


@transaction.atomic
def message_send(
    *,
    user: User,
    groups: list[ResidentialGroup],
    kinds: set[str],
    subject: str,
    body: str,
    template: str = Message.Template.FREE,
) -> list[Message]:
    """Send one message to each group on its active channels of the kinds chosen: queued
    for the provider where one is configured, otherwise ready to copy. All groups or none."""
    subject, body = clean(subject)[:150], body.strip()
    if not body:
        raise MessagingError(_("Write the message."))
    if len(body) > MAX_BODY:
        raise MessagingError(
            _("The message is at most %(count)d characters.") % {"count": MAX_BODY}
        )
    if not groups:
        raise MessagingError(_("Choose at least one residential group."))
    if not kinds:
        raise MessagingError(_("Choose at least one kind of channel."))
    messages, queued = [], []
    for group in groups:
        _require(user, group)
        channels = list(group.channels.filter(kind__in=kinds, is_active=True))
        if not channels:
            raise MessagingError(
                _("%(group)s has no channel of the kinds chosen. Add one on its channels page.")
                % {"group": group.name}
            )
        text = body.replace(GROUP_PLACEHOLDER, group.name)
        message = Message.objects.create(
            ward_id=group.ward_id, residential_group=group, template=template,
            subject=subject or text[:60], body=text, author=user,
        )  # fmt: skip
        deliveries = []
        for channel in channels:
            if not sends_itself(channel):
                deliveries.append(
                    Delivery(message=message, channel=channel, status=Delivery.Status.TO_COPY)
                )
                continue
            deliveries += [
                Delivery(message=message, channel=channel, member=member, address=member.address)
                for member in channel.members.filter(opted_out_at__isnull=True)
            ]
        Delivery.objects.bulk_create(deliveries)
        pending = message.deliveries.filter(status=Delivery.Status.PENDING)
        queued += list(pending.values_list("pk", flat=True))
        record(actor=user, action=AuditEvent.Action.CREATE, obj=message,
               summary=_("Sent the message “%(subject)s”: %(count)d deliveries")
               % {"subject": message.subject, "count": len(deliveries)})  # fmt: skip
        messages.append(message)
    transaction.on_commit(lambda: _enqueue(queued))
    return messages


def _enqueue(delivery_ids: list[int], run_after: datetime.datetime | None = None) -> None:
    from hocvuso.outreach.tasks import deliver_task

    task = deliver_task.using(run_after=run_after) if run_after else deliver_task
    for pk in delivery_ids:
        task.enqueue(pk)


def deliver(delivery_id: int) -> str:
    """One attempt at one delivery; returns its status afterwards.

    The delivery is claimed first, so two workers never send it twice; the network call
    holds no database lock."""
    claimable = [Delivery.Status.PENDING, Delivery.Status.RETRYING]
    # While sending, next_attempt_at holds when the attempt began: retry_failed tells a
    # worker that died mid-send from one still waiting for its provider.
    claimed = Delivery.objects.filter(pk=delivery_id, status__in=claimable).update(
        status=Delivery.Status.SENDING, next_attempt_at=timezone.now()
    )
    delivery = Delivery.objects.select_related("message", "channel").get(pk=delivery_id)
    if not claimed:
        return delivery.status
    delivery.attempts += 1
    sender = sender_for(delivery.channel.kind)
    try:
        if sender is None:  # the provider was switched off since the message was queued
            delivery.status = Delivery.Status.TO_COPY
        else:
            delivery.provider_ref = sender.send(_outgoing(delivery))[:100]
            delivery.status, delivery.done_at = Delivery.Status.SENT, timezone.now()
        delivery.last_error = ""
    except Retry as error:
        delivery.last_error = str(error)[:300]
        if delivery.attempts >= MAX_ATTEMPTS:
            delivery.status = Delivery.Status.FAILED
        else:
            delivery.status = Delivery.Status.RETRYING
            wait = datetime.timedelta(seconds=BACKOFF[delivery.attempts - 1])
            delivery.next_attempt_at = timezone.now() + wait
    except Refused as error:
        delivery.status, delivery.last_error = Delivery.Status.FAILED, str(error)[:300]
    delivery.save(update_fields=[
        "status", "attempts", "next_attempt_at", "last_error", "provider_ref", "done_at",
    ])  # fmt: skip
    if delivery.status == Delivery.Status.RETRYING:
        _enqueue([delivery.pk], run_after=delivery.next_attempt_at)
    return delivery.status


def _outgoing(delivery: Delivery) -> Outgoing:
    message, text = delivery.message, delivery.message.body
    if delivery.channel.kind == Channel.Kind.EMAIL:
        text += "\n\n-- \n" + _(
            "You receive this because you are on the email list of %(group)s. To stop, tell "
            "the group's leader."
        ) % {"group": message.residential_group.name}
    return Outgoing(key=f"hocvuso-{delivery.pk}", address=delivery.address,
                    subject=message.subject, text=text)  # fmt: skip


@transaction.atomic
def retry_failed(*, user: User, message: Message) -> int:
    """Queue again what failed, and what a dead worker left half-sent; returns how many."""
    _require(user, message.residential_group)
    stuck = Delivery.objects.filter(
        message=message, status=Delivery.Status.SENDING,
        next_attempt_at__lt=timezone.now() - STUCK_AFTER,
    )  # fmt: skip
    failed = message.deliveries.filter(status=Delivery.Status.FAILED)
    ids = list(failed.values_list("pk", flat=True)) + list(stuck.values_list("pk", flat=True))
    Delivery.objects.filter(pk__in=ids).update(
        status=Delivery.Status.PENDING, attempts=0, last_error=""
    )
    if ids:
        record(actor=user, action=AuditEvent.Action.UPDATE, obj=message,
               summary=_("Retried %(count)d deliveries") % {"count": len(ids)})  # fmt: skip
    transaction.on_commit(lambda: _enqueue(ids))
    return len(ids)


@transaction.atomic
def mark_posted(*, user: User, delivery: Delivery) -> Delivery:
    """Staff pasted the text into the Zalo group, or printed it and put it up."""
    _require(user, delivery.message.residential_group)
    if delivery.status != Delivery.Status.TO_COPY:
        raise MessagingError(_("This one was not waiting to be copied."))
    delivery.status, delivery.done_at, delivery.done_by = (
        Delivery.Status.POSTED, timezone.now(), user,
    )  # fmt: skip
    delivery.save(update_fields=["status", "done_at", "done_by"])
    return delivery
