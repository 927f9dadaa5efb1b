"""Broadcast pages: the officer plans and marks; others in the ward read; outsiders see nothing."""

import datetime

from django.urls import reverse
from django.utils import timezone

from hocvuso.outreach.models import Broadcast


def test_an_officer_plans_three_broadcasts_a_week_and_marks_one_aired(client, world):
    client.force_login(world.officer)
    start = timezone.localdate()
    client.post(reverse("outreach:broadcasts"), {"starts_on": start.isoformat(), "weeks": "2"})
    planned = list(Broadcast.objects.order_by("scheduled_at"))
    assert len(planned) == 6
    assert {timezone.localtime(b.scheduled_at).weekday() for b in planned} == {0, 2, 4}
    script = {"title": "Lịch trực điểm lưu động tuần này", "script": "Kính thưa bà con..."}
    client.post(reverse("outreach:broadcast", args=[planned[0].pk]), script)
    client.post(reverse("outreach:broadcast_mark", args=[planned[0].pk]), {"status": "aired"})
    planned[0].refresh_from_db()
    assert planned[0].status == "aired" and planned[0].aired_by == world.officer
    assert planned[0].title == "Lịch trực điểm lưu động tuần này"


def test_too_many_weeks_are_refused_in_vietnamese(client, world):
    client.force_login(world.officer)
    page = client.post(reverse("outreach:broadcasts"), {"starts_on": "2026-12-01", "weeks": "60"})
    assert page.status_code == 200 and not Broadcast.objects.exists()
    assert "Mỗi lần lên lịch từ 1 đến 26 tuần" in page.content.decode()


def test_a_volunteer_reads_but_may_not_mark(client, world):
    broadcast = Broadcast.objects.create(
        ward=world.ward,
        scheduled_at=timezone.now() + datetime.timedelta(days=1),
        title="Tin phường",
    )
    client.force_login(world.volunteer)
    assert "Tin phường" in client.get(reverse("outreach:broadcasts")).content.decode()
    mark = client.post(reverse("outreach:broadcast_mark", args=[broadcast.pk]), {"status": "aired"})
    assert mark.status_code == 403
    client.force_login(world.outsider)
    assert client.get(reverse("outreach:broadcast", args=[broadcast.pk])).status_code == 404


def test_an_empty_script_starts_from_the_coming_sessions_and_the_news(client, world):
    from hocvuso.outreach import news
    from hocvuso.outreach.models import Article
    from hocvuso.teams.models import MobilePoint, Shift

    when = timezone.now() + datetime.timedelta(days=1)
    broadcast = Broadcast.objects.create(ward=world.ward, scheduled_at=when, title="Bản tin")
    point = MobilePoint.objects.create(ward=world.ward, name="Nhà văn hóa tổ 11", address="Ngõ 168")
    day = timezone.localtime(when).date() + datetime.timedelta(days=2)
    Shift.objects.create(point=point, ward=world.ward, date=day, starts=datetime.time(8),
                         ends=datetime.time(11))  # fmt: skip
    Shift.objects.create(point=point, ward=world.ward, date=day, starts=datetime.time(14),
                         ends=datetime.time(16), is_cancelled=True)  # fmt: skip
    news.article_save(user=world.officer, article=Article(
        ward=world.ward, title="Mở lớp học số cho người cao tuổi", body_html="<p>x</p>",
        publish_at=timezone.now() - datetime.timedelta(hours=1)))  # fmt: skip
    client.force_login(world.officer)
    page = client.get(reverse("outreach:broadcast", args=[broadcast.pk])).content.decode()
    assert f"ngày {day:%d/%m}, từ 08:00 đến 11:00, tại Nhà văn hóa tổ 11, Ngõ 168" in page
    assert "14:00" not in page  # the cancelled session is not announced
    assert "Mở lớp học số cho người cao tuổi" in page
