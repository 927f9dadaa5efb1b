"""The campaigns list shows the campaigns covering a ward the user works in, newest first,
each with all its wards counted."""

import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from hocvuso.campaigns import services
from hocvuso.campaigns.models import Campaign
from hocvuso.places.models import Ward

DAY = datetime.date(2026, 11, 1)


def _created(world, name: str, wards: list[Ward], starts_on: datetime.date) -> Campaign:
    return services.campaign_create(
        user=world.officer, name=name,
        starts_on=starts_on, ends_on=starts_on + datetime.timedelta(days=30), wards=wards,
    )  # fmt: skip


def test_the_list_shows_the_users_campaigns_newest_first_with_all_their_wards(client, world):
    both = _created(world, "Chiến dịch <hai phường>", [world.ward], DAY)
    both.wards.add(world.other_ward)
    older = _created(world, "Chiến dịch cũ", [world.ward], DAY - datetime.timedelta(days=60))
    elsewhere = Campaign.objects.create(
        name="Chiến dịch phường khác", starts_on=DAY, ends_on=DAY + datetime.timedelta(days=9),
        created_by=world.officer,
    )  # fmt: skip
    elsewhere.wards.add(world.other_ward)
    client.force_login(world.volunteer)
    with CaptureQueriesContext(connection) as queries:
        page = client.get(reverse("campaigns:list")).content.decode()
    # The campaigns, then their wards: not one query a campaign.
    assert sum("campaigns_campaign" in q["sql"] for q in queries.captured_queries) == 2
    assert page.index("Chiến dịch &lt;hai phường&gt;") < page.index("Chiến dịch cũ")
    assert f'href="/campaigns/{both.pk}/"' in page and f'href="/campaigns/{older.pk}/"' in page
    assert "01/11/2026 – 01/12/2026 · 2 phường</p>" in page
    assert "Chiến dịch phường khác" not in page
    Ward.objects.filter(pk=world.ward.pk).update(is_active=False)
    assert "Chưa có chiến dịch nào." in client.get(reverse("campaigns:list")).content.decode()
