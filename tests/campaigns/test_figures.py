"""Figures a ward can believe: a share of nothing says so, trend lines carry their dates and
last value, and group names stay on one line in the dashboard's table."""

import datetime
import json
import re

from django.urls import reverse
from django.utils import timezone

from hocvuso.campaigns import services
from hocvuso.campaigns.snapshots import take_snapshot
from hocvuso.campaigns.templatetags.charts import short_group, sparkline

TODAY = timezone.localdate()


def _campaign(world, days_done=0):
    campaign = services.campaign_create(
        user=world.officer, name="Chiến dịch 45 ngày", wards=[world.ward],
        starts_on=TODAY - datetime.timedelta(days=days_done),
        ends_on=TODAY + datetime.timedelta(days=44 - days_done),
    )  # fmt: skip
    for back in range(days_done, -1, -1):
        take_snapshot([world.ward.pk], TODAY - datetime.timedelta(days=back))
    return campaign


def _card(page: str, name: str) -> str:
    start = page.index(f"<h3>{name}</h3>")
    return page[start : page.index("</li>", start)]


def test_a_share_of_nothing_reads_no_figures_yet_on_the_dashboard(client, world):
    campaign = _campaign(world)
    client.force_login(world.officer)
    page = client.get(reverse("campaigns:dashboard", args=[campaign.pk])).content.decode()
    requests = _card(page, "Yêu cầu hỗ trợ đã giải quyết")  # no request yet: 0 of 0
    assert "chưa có số liệu" in requests and "0,0%" not in requests
    vneid = _card(page, "Người từ 14 tuổi có VNeID mức 2")  # 0 of 3 adults is a real 0%
    assert "0,0%" in vneid and "chưa có số liệu" not in vneid


def test_open_data_gives_no_value_for_a_share_of_nothing(client, world):
    campaign = _campaign(world)
    data = json.loads(
        client.get(reverse("campaigns:open_data", args=[campaign.pk, "json"])).content
    )
    row = next(
        r
        for r in data["figures"]
        if r["indicator"] == "requests_resolved" and not r["residential_group"]
    )
    assert (row["numerator"], row["denominator"], row["value"]) == (0, 0, None)


def test_a_trend_line_shows_its_first_and_last_days_and_its_last_value():
    trend = [
        (datetime.date(2026, 11, 1), None),  # a share of nothing: left out
        (datetime.date(2026, 11, 2), 10.0),
        (datetime.date(2026, 11, 3), 12.5),
        (datetime.date(2026, 11, 30), 62.5),
    ]
    svg = sparkline(trend, 70.0, "VNeID mức 2", "share")
    caption = re.search(r"<figcaption[^>]*>(.*)</figcaption>", svg).group(1)
    assert re.sub(r"<[^>]+>", " ", caption).split() == ["02/11", "30/11:", "62,5%", "30/11"]
    label = re.search(r'aria-label="([^"]+)"', svg).group(1)
    assert label == "VNeID mức 2: 10,0% ngày 02/11, 62,5% ngày 30/11"
    assert len(re.search(r'points="([^"]+)"', svg).group(1).split()) == 3


def test_group_names_are_short_on_the_dashboard_table_and_whole_for_screen_readers(client, world):
    assert short_group("Tổ dân phố số 11") == "Tổ 11"
    assert short_group("Khu tập thể Tân Mai") == "Khu tập thể Tân Mai"
    campaign = _campaign(world)
    client.force_login(world.officer)
    page = client.get(reverse("campaigns:dashboard", args=[campaign.pk])).content.decode()
    # Seen short, on one line; read whole by a screen reader.
    assert '<span aria-hidden="true" title="Tổ dân phố số 11">Tổ 11</span>' in page
    assert '<span class="visually-hidden">Tổ dân phố số 11 </span>' in page
