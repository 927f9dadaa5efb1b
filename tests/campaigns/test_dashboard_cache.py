"""The ward dashboard's figures are kept between views (campaigns/dashboard_cache.py): every
write to what they are drawn from shows on the very next view, and a viewer never gets the
figures drawn for another language or for someone who sees more groups."""

import datetime

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from hocvuso.campaigns import services
from hocvuso.campaigns.snapshots import take_snapshot
from hocvuso.support.models import Service, ServiceStatus

TODAY = timezone.localdate()
VNEID = "Người từ 14 tuổi có VNeID mức 2"


@pytest.fixture
def campaign(field):
    campaign = services.campaign_create(
        user=field.officer, name="Chiến dịch 45 ngày", wards=[field.ward],
        starts_on=TODAY - datetime.timedelta(days=10), ends_on=TODAY + datetime.timedelta(days=34),
    )  # fmt: skip
    services.targets_set(
        user=field.officer, campaign=campaign, ward=field.ward,
        values={("vneid_level2", None): 80.0, ("help_given", None): 100.0},
    )  # fmt: skip
    take_snapshot([field.ward.pk])
    return campaign


@pytest.fixture
def dashboard(client, field, campaign):
    """The dashboard's page as the officer sees it, already seen once (and kept)."""
    client.force_login(field.officer)
    url = reverse("campaigns:dashboard", args=[campaign.pk])

    def page() -> str:
        response = client.get(url)
        assert response.status_code == 200
        return response.content.decode()

    page()
    return page


def figure_of(page: str, name: str) -> str:
    """The figure shown on the card named `name`."""
    card = page[page.index(f"<h3>{name}</h3>") :]
    return card[card.index('<p class="figure">') + 18 : card.index("</p>")]


def test_a_second_view_reads_no_snapshot(client, field, campaign, dashboard):
    with CaptureQueriesContext(connection) as queries:
        page = dashboard()
    assert figure_of(page, VNEID) == "33,3%"  # 1 of 3 adults
    assert not [q for q in queries if "campaigns_snapshot" in q["sql"]]


def test_a_new_snapshot_shows_at_once(field, dashboard):
    thang = field.h12.residents.get(full_name="Trần Đức Thắng")
    ServiceStatus.objects.filter(resident=thang, service__code="vneid").update(level2=True)
    take_snapshot([field.ward.pk])
    assert figure_of(dashboard(), VNEID) == "66,7%"  # 2 of 3 adults


def test_a_target_set_on_its_page_shows_at_once(client, field, campaign, dashboard):
    assert "Mục tiêu: 80,0%" in dashboard()
    url = reverse("campaigns:targets", args=[campaign.pk]) + f"?ward={field.ward.pk}"
    client.post(url, {"t:vneid_level2:ward": "40"})
    page = dashboard()
    assert "Mục tiêu: 40,0%" in page and "Mục tiêu: 80,0%" not in page
    client.post(url, {"t:vneid_level2:ward": ""})
    assert "Mục tiêu: 40,0%" not in dashboard()


def test_a_count_entered_by_hand_shows_at_once_with_its_author(client, field, dashboard):
    client.post(
        reverse("campaigns:manual") + f"?ward={field.ward.pk}",
        {"code": "ho-so", "name": "Hồ sơ phường tiếp nhận", "definition": "Theo sổ một cửa."},
    )
    indicator = field.ward.manual_indicators.get()
    client.post(
        reverse("campaigns:manual_count", args=[indicator.pk]),
        {"counted_on": TODAY.isoformat(), "value": "240", "note": "Sổ tiếp nhận"},
    )
    assert "Hồ sơ phường tiếp nhận" in dashboard() and "Nhập tay bởi officer" in dashboard()
    field.officer.full_name = "Nguyễn Thu Hà"
    field.officer.save()
    assert "Nhập tay bởi Nguyễn Thu Hà" in dashboard()


def test_a_renamed_group_shows_at_once(field, dashboard):
    assert "Tổ dân phố số 12" in dashboard()
    field.group12.name = "Tổ dân phố số 21"
    field.group12.save()
    page = dashboard()
    assert "Tổ dân phố số 21" in page and "Tổ dân phố số 12" not in page


def test_a_renamed_service_shows_at_once(field, dashboard):
    Service.objects.filter(code="vneid", ward__isnull=True).update(name="Định danh điện tử")
    Service.objects.get(code="vneid", ward__isnull=True).save()  # as the admin saves it
    assert "Định danh điện tử" in dashboard()


def test_a_volunteer_does_not_get_the_groups_the_officer_sees(client, field, campaign, dashboard):
    assert "Tổ dân phố số 12" in dashboard()
    client.force_login(field.volunteer)  # group 11 only
    page = client.get(reverse("campaigns:dashboard", args=[campaign.pk])).content.decode()
    assert "Tổ dân phố số 11" in page and "Tổ dân phố số 12" not in page


def test_the_figures_follow_the_language(client, dashboard):
    assert VNEID in dashboard()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = dashboard()
    assert "Residents aged 14+ with VNeID level 2" in page and "VNeID mức 2" not in page


def test_another_day_is_drawn_for_that_day(client, field, campaign, dashboard):
    yesterday = TODAY - datetime.timedelta(days=1)
    take_snapshot([field.ward.pk], yesterday)
    url = reverse("campaigns:dashboard", args=[campaign.pk])
    page = client.get(url, {"day": yesterday.isoformat()}).content.decode()
    assert f"Số liệu theo ảnh chụp ngày {yesterday:%d/%m/%Y}." in page
    assert f"Số liệu theo ảnh chụp ngày {TODAY:%d/%m/%Y}." in dashboard()


def test_a_target_cleared_in_one_ward_shows_at_once_on_the_city_dashboard(client, field, city):
    city_officer, campaign = city.officer, city.campaign
    for ward, target in ((field.ward, 100.0), (field.other_ward, 50.0)):
        services.targets_set(
            user=city_officer, campaign=campaign, ward=ward, values={("help_given", None): target}
        )
    take_snapshot([field.ward.pk, field.other_ward.pk])
    client.force_login(city_officer)
    url = reverse("campaigns:dashboard", args=[campaign.pk])
    assert "Mục tiêu: 150" in client.get(url).content.decode()  # the wards' targets summed
    services.targets_set(
        user=city_officer, campaign=campaign, ward=field.ward, values={("help_given", None): None}
    )
    assert "Mục tiêu: 150" not in client.get(url).content.decode()  # not every ward has one


def test_the_page_around_the_figures_shows_a_renamed_campaign_and_who_may_run_it(
    client, field, campaign, dashboard
):
    """The page around the figures is kept too (web/frames.py), under what it shows."""
    assert "Cập nhật số liệu hôm nay" in dashboard()
    campaign.name = "Chiến dịch <mùa hè>"
    campaign.ends_on = TODAY + datetime.timedelta(days=40)
    campaign.save()
    page = dashboard()
    assert "<h1>Chiến dịch &lt;mùa hè&gt;</h1>" in page
    assert f"<title>Chiến dịch &lt;mùa hè&gt; · {field.ward.name} · hocvuso</title>" in page
    assert f"{campaign.ends_on:%d/%m/%Y}</p>" in page
    client.force_login(field.volunteer)
    page = client.get(reverse("campaigns:dashboard", args=[campaign.pk])).content.decode()
    assert "Cập nhật số liệu hôm nay" not in page and "<h1>Chiến dịch &lt;mùa hè&gt;</h1>" in page


def test_the_city_dashboard_is_kept_as_drawn_and_shows_a_rename_at_once(client, field, city):
    city_officer, campaign = city.officer, city.campaign
    take_snapshot([field.ward.pk, field.other_ward.pk])
    client.force_login(city_officer)
    url = reverse("campaigns:dashboard", args=[campaign.pk])

    def page() -> str:
        return client.get(url).content.decode()

    assert f">{field.other_ward.name}</a>" in page()
    field.other_ward.name = "Phường <Mới>"
    field.other_ward.save()
    assert ">Phường &lt;Mới&gt;</a>" in page()
    campaign.name = "Chiến dịch mùa đông"
    campaign.save()
    shown = page()
    assert "<h1>Chiến dịch mùa đông</h1>" in shown
    assert "<title>Chiến dịch mùa đông · hocvuso</title>" in shown
