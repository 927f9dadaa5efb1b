"""The reports page follows a report being prepared and shows it once ready, unreloaded."""

import datetime

from django.urls import reverse
from django.utils import timezone

from hocvuso.campaigns import services
from hocvuso.campaigns.models import Report

TODAY = timezone.localdate()


def _campaign(world):
    return services.campaign_create(
        user=world.officer, name="Chiến dịch 45 ngày", wards=[world.ward],
        starts_on=TODAY - datetime.timedelta(days=10), ends_on=TODAY + datetime.timedelta(days=34),
    )  # fmt: skip


def test_a_report_being_prepared_is_followed_and_a_ready_one_is_not(client, world):
    campaign = _campaign(world)
    url = reverse("campaigns:reports", args=[campaign.pk]) + f"?ward={world.ward.pk}"
    report = Report.objects.create(
        campaign=campaign, ward=world.ward, kind="weekly", as_of=TODAY, requested_by=world.officer
    )
    client.force_login(world.officer)
    page = client.get(url).content.decode()
    assert "hocvuso/follow.js" in page and "<td data-follow-working>Đang chuẩn bị</td>" in page
    Report.objects.filter(pk=report.pk).update(status="ready", xlsx="reports/tuan.xlsx")
    page = client.get(url).content.decode()
    assert "data-follow-working" not in page
    assert reverse("campaigns:report_file", args=[report.pk, "xlsx"]) in page
