"""The demo ward's channels: a Zalo group for every residential group, and group 11's SMS
list from its households' phones, with one message already sent."""

from hocvuso.accounts.models import User
from hocvuso.outreach import drafts, messaging
from hocvuso.outreach.models import Channel, Message
from hocvuso.places.models import Ward


def populate_outreach(*, ward: Ward, officer: User) -> None:
    """Once: nothing is added where the ward already has channels."""
    if Channel.objects.filter(ward=ward).exists():
        return
    groups = list(ward.groups.filter(closed_at__isnull=True).order_by("pk"))
    Channel.objects.bulk_create(
        Channel(ward=ward, residential_group=g, kind=Channel.Kind.ZALO_GROUP,
                name=f"Nhóm Zalo {g.name}")
        for g in groups
    )  # fmt: skip
    group11 = next((g for g in groups if g.name.endswith(" 11")), groups[0])
    sms = messaging.channel_save(
        user=officer, group=group11, kind=Channel.Kind.SMS, name=f"SMS {group11.name}"
    )
    messaging.members_from_registry(user=officer, channel=sms)
    subject, body = drafts.draft_message(Message.Template.SCHEDULE, ward, [group11])
    messaging.message_send(
        user=officer, groups=[group11], kinds={Channel.Kind.ZALO_GROUP}, subject=subject,
        body=body, template=Message.Template.SCHEDULE,
    )  # fmt: skip
