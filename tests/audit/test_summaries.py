"""What the audit log says is written in Vietnamese, also when no request chose a language
(the task worker, a management command)."""

import datetime

from django.utils import translation

from hocvuso.audit.models import AuditEvent
from hocvuso.campaigns import services as campaigns
from hocvuso.outreach import messaging
from hocvuso.outreach import services as outreach
from hocvuso.outreach.models import Channel


def summaries(after: int) -> list[str]:
    events = AuditEvent.objects.filter(pk__gt=after).order_by("pk")
    return list(events.values_list("summary", flat=True))


def last_event() -> int:
    return AuditEvent.objects.order_by("pk").values_list("pk", flat=True).last() or 0


def test_outreach_writes_its_audit_summaries_in_vietnamese_without_a_request(world):
    translation.deactivate()  # as in the worker: nothing chosen, the site's language applies
    before = last_event()
    sms = messaging.channel_save(
        user=world.officer, group=world.group11, kind=Channel.Kind.SMS, name="Loa tổ 11"
    )
    messaging.members_from_registry(user=world.officer, channel=sms)
    messaging.members_add(user=world.officer, channel=sms, text="0901234567")
    member = sms.members.get(address__endswith="901234567")
    messaging.member_opt_out(user=world.officer, member=member)
    messaging.message_send(
        user=world.officer,
        groups=[world.group11],
        kinds={Channel.Kind.SMS},
        subject="Lịch học",
        body="Thứ Bảy học VNeID",
    )
    outreach.broadcasts_plan(
        user=world.officer, ward=world.ward, starts_on=datetime.date(2026, 3, 2), weeks=1
    )
    assert summaries(before) == [
        "Đã lưu kênh “Loa tổ 11” (Danh sách SMS)",
        "Đã thêm số điện thoại của 1 hộ vào danh sách “Loa tổ 11”",
        "Đã thêm 1 địa chỉ vào danh sách “Loa tổ 11”",
        f"Người nhận số {member.pk} xin thôi nhận tin",
        "Đã gửi tin nhắn “Lịch học”: 1 lượt gửi",
        "Đã lên lịch 3 buổi phát thanh",
    ]


def test_a_campaign_and_its_targets_are_logged_in_vietnamese(world):
    translation.deactivate()
    before = last_event()
    campaign = campaigns.campaign_create(
        user=world.officer,
        name="Chiến dịch 45 ngày",
        starts_on=datetime.date(2026, 3, 1),
        ends_on=datetime.date(2026, 4, 14),
        wards=[world.ward],
    )
    campaigns.targets_set(user=world.officer, campaign=campaign, ward=world.ward, values={})
    assert summaries(before) == [
        "Chiến dịch Chiến dịch 45 ngày, từ 01/03/2026 đến 14/04/2026",
        "Đã đặt mục tiêu của Chiến dịch 45 ngày",
    ]
