"""Group messages: lists kept right, who may send, the composer's templates, and deliveries
through the real task worker, with retries spaced out and text to copy where no provider is
set up."""

import datetime

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from hocvuso.accounts.models import User
from hocvuso.outreach import messaging
from hocvuso.outreach.models import Channel, ChannelMember, Delivery, Message
from hocvuso.people.models import Household
from hocvuso.places.services import group_merge
from hocvuso.support.models import HomeVisit
from hocvuso.teams.models import CommunityTeam, MobilePoint, Shift, TeamMember
from tests.outreach.providers import Reply

BODY = "Kính gửi bà con [tổ dân phố]! Thứ Bảy này có điểm hỗ trợ VNeID tại nhà văn hoá."


def channel(group, kind, name="", **fields) -> Channel:
    return Channel.objects.create(
        ward=group.ward, residential_group=group, kind=kind, name=name or kind, **fields
    )


def run_worker() -> None:
    call_command("db_worker", batch=True, interval=0, startup_delay=False, verbosity=0)


def send(world, kinds=("sms",), groups=None, user=None) -> list[Message]:
    return messaging.message_send(
        user=user or world.officer, groups=groups or [world.group11], kinds=set(kinds),
        subject="Lịch hỗ trợ", body=BODY,
    )  # fmt: skip


# Lists


def test_a_pasted_list_is_added_whole_or_not_at_all_with_each_bad_line_named(world):
    sms = channel(world.group11, "sms")
    with pytest.raises(messaging.MessagingError) as error:
        messaging.members_add(
            user=world.leader, channel=sms,
            text="0912 345 678, Bác An\n12345\n+84 987 654 321\nabc",
        )  # fmt: skip
    assert "Dòng 2: “12345” không phải số điện thoại Việt Nam." in str(error.value)
    assert "Dòng 4" in str(error.value)
    assert not ChannelMember.objects.exists()
    added = messaging.members_add(
        user=world.leader, channel=sms, text="0912 345 678, Bác An\n+84 987 654 321\n0912345678"
    )
    assert added == 2
    assert set(sms.members.values_list("address", flat=True)) == {"0912345678", "0987654321"}


def test_an_email_list_and_an_oa_list_check_their_addresses(world):
    email = channel(world.group11, "email")
    with pytest.raises(messaging.MessagingError, match="không phải địa chỉ email"):
        messaging.members_add(user=world.officer, channel=email, text="ba.hoa@@example")
    oa = channel(world.group11, "zalo_oa")
    with pytest.raises(messaging.MessagingError, match="không phải mã người dùng Zalo"):
        messaging.members_add(user=world.officer, channel=oa, text="0912345678x")


def test_the_registry_fills_an_sms_list_and_leaves_who_opted_out_alone(world):
    sms = channel(world.group11, "sms")
    assert messaging.members_from_registry(user=world.officer, channel=sms) == 1
    member = sms.members.get()
    assert (member.address, member.household) == ("0912345678", world.h11)
    messaging.member_opt_out(user=world.officer, member=member)
    assert messaging.members_from_registry(user=world.officer, channel=sms) == 0
    member.refresh_from_db()
    assert member.opted_out_at is not None


def test_a_merged_groups_channels_reach_the_group_it_joined(world):
    zalo = channel(world.group12, "zalo_group", "Nhóm Zalo tổ 12")
    group_merge(source=world.group12, target=world.group11, actor=world.officer,
                effective_on=timezone.localdate())  # fmt: skip
    zalo.refresh_from_db()
    assert zalo.residential_group == world.group11


# Who may send


def test_only_the_wards_officers_and_the_groups_leaders_send(client, world):
    channel(world.group11, "zalo_group")
    channel(world.group12, "zalo_group")
    client.force_login(world.volunteer)
    assert client.get(reverse("outreach:compose")).status_code == 403
    assert client.get(reverse("outreach:channels")).status_code == 403
    with pytest.raises(messaging.PermissionDenied):
        send(world, kinds=["zalo_group"], user=world.volunteer)

    client.force_login(world.leader)
    page = client.get(reverse("outreach:compose"))
    assert "Tổ dân phố số 11" in page.content.decode()
    assert "Tổ dân phố số 12" not in page.content.decode()
    data = {"groups": [world.group12.pk], "kinds": ["zalo_group"], "body": BODY,
            "action": "send"}  # fmt: skip
    assert client.post(reverse("outreach:compose"), data).status_code == 400
    assert not Message.objects.exists()


def test_a_volunteer_reads_the_groups_messages_but_not_who_received_them(client, world):
    sms = channel(world.group11, "sms")
    messaging.members_add(user=world.officer, channel=sms, text="0912345678, Bác An")
    message = send(world)[0]
    client.force_login(world.volunteer)
    page = client.get(reverse("outreach:message", args=[message.pk])).content.decode()
    assert "Thứ Bảy này có điểm hỗ trợ VNeID" in page
    assert "0912345678" not in page
    client.force_login(world.outsider)
    assert client.get(reverse("outreach:message", args=[message.pk])).status_code == 404


def test_sending_is_limited_per_person(client, world, settings):
    channel(world.group11, "zalo_group")
    client.force_login(world.officer)
    data = {"groups": [world.group11.pk], "kinds": ["zalo_group"], "body": BODY,
            "action": "send"}  # fmt: skip
    limit = 20
    for _ in range(limit):
        assert client.post(reverse("outreach:compose"), data).status_code == 302
    assert client.post(reverse("outreach:compose"), data).status_code == 429
    assert Message.objects.count() == limit


# The composer


def test_the_schedule_template_lists_the_coming_sessions(client, world):
    point = MobilePoint.objects.create(
        ward=world.ward, name="Nhà văn hoá tổ 11", address="Ngõ 168 Trương Định"
    )
    day = timezone.localdate() + datetime.timedelta(days=2)
    Shift.objects.create(point=point, ward=world.ward, date=day, starts=datetime.time(8),
                         ends=datetime.time(11))  # fmt: skip
    client.force_login(world.officer)
    page = client.post(reverse("outreach:compose"), {
        "groups": [world.group11.pk], "kinds": ["sms"], "template": "schedule", "action": "fill",
    }).content.decode()  # fmt: skip
    assert "Kính gửi bà con Tổ dân phố số 11!" in page
    assert f"ngày {day:%d/%m}, từ 08:00 đến 11:00, tại Nhà văn hoá tổ 11" in page


def test_the_visit_reminder_names_the_days_and_nobody_visited(client, world):
    where = {"ward": world.ward, "residential_group": world.group11}
    team = CommunityTeam.objects.create(name="Tổ CNSCĐ 11", **where)
    member = TeamMember.objects.create(
        team=team, full_name="Lê Thu Trang", joined_on=timezone.localdate(), **where
    )
    day = timezone.localdate() + datetime.timedelta(days=3)
    HomeVisit.objects.create(
        household=world.h11, planned_on=day, assigned_to=member, created_by=world.officer, **where
    )
    client.force_login(world.officer)
    page = client.post(reverse("outreach:compose"), {
        "groups": [world.group11.pk], "kinds": ["sms"], "template": "visit", "action": "fill",
    }).content.decode()  # fmt: skip
    assert f"{day:%d/%m}" in page
    for private in ("Nguyễn Văn An", "Trương Định", "TM-011-001", "Lê Thu Trang"):
        assert private not in page


def test_the_preview_counts_who_will_receive_and_sends_nothing(client, world):
    sms = channel(world.group11, "sms")
    messaging.members_add(user=world.officer, channel=sms, text="0912345678\n0987654321")
    channel(world.group11, "zalo_group")
    client.force_login(world.officer)
    page = client.post(reverse("outreach:compose"), {
        "groups": [world.group11.pk], "kinds": ["sms", "zalo_group"], "body": BODY,
        "action": "preview",
    }).content.decode()  # fmt: skip
    assert "Xem lại trước khi gửi" in page and "Gửi ngay" in page
    assert "Kính gửi bà con Tổ dân phố số 11!" in page
    assert "Danh sách SMS: <strong>1</strong>" in page  # no gateway configured: one to copy
    assert not Message.objects.exists()


def test_a_group_with_no_channel_of_that_kind_stops_the_whole_send(world):
    channel(world.group11, "zalo_group")
    with pytest.raises(messaging.MessagingError, match="Tổ dân phố số 12 chưa có kênh"):
        send(world, kinds=["zalo_group"], groups=[world.group11, world.group12])
    assert not Message.objects.exists()


# Delivery


def test_without_a_provider_the_text_waits_to_be_copied_and_is_marked_posted(client, world):
    channel(world.group11, "zalo_group", "Nhóm Zalo tổ 11", link="https://zalo.me/g/abc123")
    channel(world.group12, "zalo_group", "Nhóm Zalo tổ 12")
    messages = send(world, kinds=["zalo_group"], groups=[world.group11, world.group12])
    assert [m.body.split("!")[0] for m in messages] == [
        "Kính gửi bà con Tổ dân phố số 11", "Kính gửi bà con Tổ dân phố số 12",
    ]  # fmt: skip
    delivery = messages[0].deliveries.get()
    assert delivery.status == Delivery.Status.TO_COPY
    client.force_login(world.leader)
    page = client.get(reverse("outreach:message", args=[messages[0].pk])).content.decode()
    assert "Sao chép nội dung" in page and "https://zalo.me/g/abc123" in page
    client.post(reverse("outreach:message_action", args=[messages[0].pk]),
                {"posted": delivery.pk})  # fmt: skip
    delivery.refresh_from_db()
    assert (delivery.status, delivery.done_by) == (Delivery.Status.POSTED, world.leader)
    printed = client.get(reverse("outreach:message_print", args=[messages[0].pk]))
    assert "Thứ Bảy này có điểm hỗ trợ VNeID" in printed.content.decode()


@pytest.mark.django_db(transaction=True)
def test_the_worker_sends_on_every_channel_and_skips_who_opted_out(world, providers, smtp):
    sms, oa, email = (channel(world.group11, k) for k in ("sms", "zalo_oa", "email"))
    messaging.members_add(user=world.officer, channel=sms, text="0912345678\n0987654321")
    messaging.members_add(user=world.officer, channel=oa, text="8420123456789")
    messaging.members_add(user=world.officer, channel=email, text="ba.hoa@example.vn, Bà Hoa")
    messaging.member_opt_out(user=world.officer, member=sms.members.get(address="0987654321"))
    message = send(world, kinds=["sms", "zalo_oa", "email"])[0]
    run_worker()
    statuses = dict(message.deliveries.values_list("address", "status"))
    assert statuses == {"0912345678": "sent", "8420123456789": "sent", "ba.hoa@example.vn": "sent"}
    assert sorted(r.path.split("/")[1] for r in providers.received) == ["MainService.svc", "v3.0"]
    recipients, email_sent = smtp.received[0]
    assert recipients == ["ba.hoa@example.vn"]
    assert "danh sách email của Tổ dân phố số 11" in email_sent.get_content()


@pytest.mark.django_db(transaction=True)
def test_a_failed_attempt_is_retried_later_not_at_once(world, providers):
    sms = channel(world.group11, "sms")
    messaging.members_add(user=world.officer, channel=sms, text="0912345678")
    providers.script.append(Reply(503, "Service Unavailable"))
    message = send(world)[0]
    before = timezone.now()
    run_worker()
    delivery = message.deliveries.get()
    assert (delivery.status, delivery.attempts) == (Delivery.Status.RETRYING, 1)
    assert delivery.last_error == "HTTP 503"
    retry = DBTaskResult.objects.get(status="READY")
    wait = (retry.run_after - before).total_seconds()
    assert messaging.BACKOFF[0] - 1 <= wait <= messaging.BACKOFF[0] + 30
    run_worker()  # not due yet: nothing happens
    assert len(providers.received) == 1
    DBTaskResult.objects.filter(pk=retry.pk).update(run_after=timezone.now())  # time passes
    run_worker()
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts) == (Delivery.Status.SENT, 2)
    assert [r.json["RequestId"] for r in providers.received] == [f"hocvuso-{delivery.pk}"] * 2


@pytest.mark.django_db(transaction=True)
def test_retries_wait_longer_each_time_and_stop_after_the_last(world, providers):
    sms = channel(world.group11, "sms")
    messaging.members_add(user=world.officer, channel=sms, text="0912345678")
    providers.script.extend(Reply(500, "down") for _ in range(messaging.MAX_ATTEMPTS))
    message = send(world)[0]
    waits = []
    for _ in range(messaging.MAX_ATTEMPTS):
        run_worker()
        delivery = message.deliveries.get()
        if delivery.status == Delivery.Status.RETRYING:
            waits.append((delivery.next_attempt_at - timezone.now()).total_seconds())
            DBTaskResult.objects.filter(status="READY").update(run_after=timezone.now())
    assert delivery.status == Delivery.Status.FAILED
    assert delivery.attempts == messaging.MAX_ATTEMPTS
    assert waits == sorted(waits) and len(waits) == messaging.MAX_ATTEMPTS - 1
    assert len(providers.received) == messaging.MAX_ATTEMPTS
    assert not DBTaskResult.objects.filter(status="READY").exists()


@pytest.mark.django_db(transaction=True)
def test_a_refusal_is_final_until_someone_asks_to_try_again(client, world, providers):
    oa = channel(world.group11, "zalo_oa")
    messaging.members_add(user=world.officer, channel=oa, text="8420123456789")
    providers.script.append(Reply(200, {"error": -213, "message": "User has not followed OA"}))
    message = send(world, kinds=["zalo_oa"])[0]
    run_worker()
    delivery = message.deliveries.get()
    assert delivery.status == Delivery.Status.FAILED and "-213" in delivery.last_error
    assert not DBTaskResult.objects.filter(status="READY").exists()
    client.force_login(world.officer)
    page = client.get(reverse("outreach:message", args=[message.pk])).content.decode()
    assert "Gửi lại các tin lỗi" in page and "User has not followed OA" in page
    client.post(reverse("outreach:message_action", args=[message.pk]), {"retry": "1"})
    run_worker()
    delivery.refresh_from_db()
    assert delivery.status == Delivery.Status.SENT


@pytest.mark.django_db(transaction=True)
def test_a_delivery_is_sent_once_even_if_queued_twice(world, providers):
    sms = channel(world.group11, "sms")
    messaging.members_add(user=world.officer, channel=sms, text="0912345678")
    message = send(world)[0]
    from hocvuso.outreach.tasks import deliver_task

    deliver_task.enqueue(message.deliveries.get().pk)
    run_worker()
    assert len(providers.received) == 1
    assert message.deliveries.get().status == Delivery.Status.SENT


def test_the_demo_ward_gets_a_zalo_group_per_group_and_one_message_to_copy(db):
    from hocvuso.demo.ward import load_demo_ward
    from hocvuso.outreach.demo import populate_outreach

    ward = load_demo_ward(residents=400)
    officer = User.objects.get(username="canbo")
    populate_outreach(ward=ward, officer=officer)
    populate_outreach(ward=ward, officer=officer)  # a second start adds nothing
    assert Channel.objects.filter(ward=ward, kind="zalo_group").count() == 74
    sms = Channel.objects.get(ward=ward, kind="sms")
    phones = Household.objects.filter(residential_group=sms.residential_group).exclude(phone="")
    assert sms.members.count() == phones.values("phone").distinct().count() > 0
    message = Message.objects.get(ward=ward)
    assert message.deliveries.get().status == Delivery.Status.TO_COPY
    assert "Kính gửi bà con Tổ dân phố số 11!" in message.body
