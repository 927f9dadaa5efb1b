"""The campaign's pages: who sees and changes what, the dashboard read from snapshots,
drill-downs narrowed to the viewer's scope, reports opened cell by cell, open data."""

import datetime
import io
import json

import pytest
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader
from python_calamine import CalamineWorkbook

from hocvuso.campaigns import services
from hocvuso.campaigns.models import Campaign, Report, Target
from hocvuso.campaigns.snapshots import take_snapshot
from hocvuso.support.models import ServiceStatus

TODAY = timezone.localdate()


@pytest.fixture
def campaign(field):
    campaign = services.campaign_create(
        user=field.officer, name="Chiến dịch 45 ngày", wards=[field.ward],
        starts_on=TODAY - datetime.timedelta(days=10), ends_on=TODAY + datetime.timedelta(days=34),
    )  # fmt: skip
    services.targets_set(
        user=field.officer, campaign=campaign, ward=field.ward,
        values={("vneid_level2", None): 80.0, ("help_given", None): 100.0,
                ("vneid_level2", field.group12.pk): 50.0},
    )  # fmt: skip
    take_snapshot([field.ward.pk])
    return campaign


def test_an_officer_opens_a_campaign_for_their_ward(client, world):
    client.force_login(world.officer)
    page = client.post(
        reverse("campaigns:new"),
        {"name": "Chiến dịch 45 ngày", "starts_on": "2026-10-15", "ends_on": "2026-11-28",
         "wards": [world.ward.pk]},
    )  # fmt: skip
    campaign = Campaign.objects.get()
    assert page.url == reverse("campaigns:dashboard", args=[campaign.pk])
    assert campaign.days == 45


def test_a_campaign_cannot_end_before_it_starts(client, world):
    client.force_login(world.officer)
    page = client.post(
        reverse("campaigns:new"),
        {
            "name": "Sai",
            "starts_on": "2026-11-28",
            "ends_on": "2026-10-15",
            "wards": [world.ward.pk],
        },
    )
    assert "Ngày kết thúc phải sau ngày bắt đầu" in page.content.decode()
    assert not Campaign.objects.exists()


def test_a_volunteer_cannot_open_a_campaign(client, world):
    client.force_login(world.volunteer)
    assert client.get(reverse("campaigns:new")).status_code == 403


def test_the_dashboard_shows_progress_and_ranks_groups_behind_first(client, field, campaign):
    client.force_login(field.officer)
    page = client.get(reverse("campaigns:dashboard", args=[campaign.pk])).content.decode()
    assert "Người từ 14 tuổi có VNeID mức 2" in page
    assert "33,3%" in page  # 1 of 3 adults
    assert "42%" in page  # 33.3 of a target of 80
    group12 = page.index("Tổ dân phố số 12")
    group11 = page.index("Tổ dân phố số 11", page.index("chậm nhất lên đầu"))
    assert group12 < group11  # 0% of its target, before group 11's 50/80


def test_the_dashboard_reads_a_fixed_number_of_queries(
    client, field, campaign, django_assert_max_num_queries
):
    client.force_login(field.officer)
    url = reverse("campaigns:dashboard", args=[campaign.pk])
    with django_assert_max_num_queries(17):
        assert client.get(url).status_code == 200


def test_a_drill_down_lists_only_records_the_viewer_may_see(client, field, campaign):
    url = reverse("campaigns:drill", args=[campaign.pk, "vneid_level2"]) + f"?ward={field.ward.pk}"
    client.force_login(field.officer)
    assert "Nguyễn Văn An" in client.get(url).content.decode()
    thang = field.h12.residents.get(full_name="Trần Đức Thắng")
    status = ServiceStatus.objects.get(resident=thang, service__code="vneid")
    status.level2 = True
    status.save()
    client.force_login(field.volunteer)  # group 11 only
    page = client.get(url).content.decode()
    assert "Nguyễn Văn An" in page and "Trần Đức Thắng" not in page
    client.force_login(field.outsider)
    assert client.get(url).status_code == 404


def test_a_drill_down_for_a_group_not_yours_is_refused_not_widened(client, field, campaign):
    url = reverse("campaigns:drill", args=[campaign.pk, "vneid_level2"]) + f"?ward={field.ward.pk}"
    client.force_login(field.volunteer)  # group 11 only
    response = client.get(url, {"ward": field.ward.pk, "group": field.group12.pk})
    page = response.content.decode()
    assert response.status_code == 404 and "Nguyễn Văn An" not in page
    assert "Tổ dân phố này không có, hoặc bạn không được xem tổ này." in page
    response = client.get(url, {"ward": field.ward.pk, "day": "hôm qua"})
    assert response.status_code == 400
    assert "Hãy ghi ngày theo dạng NNNN-TT-NN" in response.content.decode()


def test_targets_are_checked_and_kept(client, field, campaign):
    client.force_login(field.officer)
    url = reverse("campaigns:targets", args=[campaign.pk]) + f"?ward={field.ward.pk}"
    page = client.post(url, {"t:vneid_level2:ward": "120"})
    assert page.status_code == 400 and "Tỷ lệ không được vượt quá 100%" in page.content.decode()
    client.post(url, {"t:vneid_level2:ward": "85,5", "t:help_given:ward": ""})
    targets = dict(Target.objects.filter(residential_group=None).values_list("indicator", "value"))
    assert targets["vneid_level2"] == 85.5 and "help_given" not in targets
    client.force_login(field.leader)
    assert client.get(url).status_code == 403


def test_a_count_entered_by_hand_shows_who_entered_it(client, field, campaign):
    client.force_login(field.officer)
    client.post(
        reverse("campaigns:manual") + f"?ward={field.ward.pk}",
        {"code": "ho-so-tiep-nhan", "name": "Hồ sơ trực tuyến phường tiếp nhận",
         "definition": "Theo sổ của bộ phận một cửa."},
    )  # fmt: skip
    indicator = field.ward.manual_indicators.get()
    bad = client.post(
        reverse("campaigns:manual_count", args=[indicator.pk]), {"counted_on": "x", "value": "-1"}
    )
    assert bad.status_code == 302 and not indicator.counts.exists()
    client.post(
        reverse("campaigns:manual_count", args=[indicator.pk]),
        {"counted_on": TODAY.isoformat(), "value": "240", "note": "Sổ tiếp nhận"},
    )
    take_snapshot([field.ward.pk])
    page = client.get(reverse("campaigns:dashboard", args=[campaign.pk])).content.decode()
    assert "Hồ sơ trực tuyến phường tiếp nhận" in page and "Nhập tay bởi officer" in page


@pytest.mark.django_db(transaction=True)
def test_a_weekly_report_is_written_in_the_background_and_opens(client, field, campaign, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    client.force_login(field.officer)
    client.post(
        reverse("campaigns:reports", args=[campaign.pk]) + f"?ward={field.ward.pk}",
        {"kind": "weekly", "as_of": TODAY.isoformat()},
    )
    report = Report.objects.get()
    assert report.status == "ready"
    xlsx = client.get(reverse("campaigns:report_file", args=[report.pk, "xlsx"]))
    book = CalamineWorkbook.from_filelike(io.BytesIO(b"".join(xlsx.streaming_content)))
    summary = book.get_sheet_by_name("Tổng hợp").to_python()
    assert summary[0][0] == "Phường Tương Mai · Chiến dịch 45 ngày"
    row = next(r for r in summary if r[0] == "Người từ 14 tuổi có VNeID mức 2")
    assert (round(row[1], 1), row[2], row[3], row[4], round(row[5], 1)) == (33.3, 1, 3, 80, 41.7)
    groups = book.get_sheet_by_name("Theo tổ dân phố").to_python()
    assert [g[0] for g in groups[1:]] == ["Tổ dân phố số 11", "Tổ dân phố số 12"]
    pdf = client.get(reverse("campaigns:report_file", args=[report.pk, "pdf"]))
    text = "".join(
        p.extract_text() for p in PdfReader(io.BytesIO(b"".join(pdf.streaming_content))).pages
    )
    text = " ".join(text.split())
    assert "UBND PHƯỜNG TƯƠNG MAI" in text and "BÁO CÁO TUẦN" in text and "Tổ dân phố số 12" in text
    assert "VNeID Nộp hồ sơ trực tuyến 1" in text
    client.force_login(field.outsider)
    assert client.get(reverse("campaigns:report_file", args=[report.pk, "pdf"])).status_code == 404


def test_open_data_holds_aggregates_and_no_names(client, field, campaign):
    body = client.get(reverse("campaigns:open_data", args=[campaign.pk, "json"])).content.decode()
    data = json.loads(body)
    row = next(
        r
        for r in data["figures"]
        if r["indicator"] == "vneid_level2" and not r["residential_group"]
    )
    assert (row["numerator"], row["denominator"], row["value"]) == (1, 3, 33.33)
    assert "Nguyễn Văn An" not in body and "0987654321" not in body
    csv = client.get(reverse("campaigns:open_data", args=[campaign.pk, "csv"])).content.decode(
        "utf-8-sig"
    )
    assert (
        csv.splitlines()[0]
        == "day,ward_code,ward,residential_group,indicator,numerator,denominator,value"
    )


def test_a_city_campaign_compares_its_wards(client, field, city):
    city_officer, campaign = city.officer, city.campaign
    take_snapshot([field.ward.pk, field.other_ward.pk])
    client.force_login(city_officer)
    page = client.get(reverse("campaigns:dashboard", args=[campaign.pk])).content.decode()
    assert "Phường Tương Mai" in page and "Phường Hoàng Mai" in page
    assert "25,0%" in page  # the city: 1 of 4 adults
    client.force_login(field.officer)  # one of the two wards: only theirs
    page = client.get(reverse("campaigns:dashboard", args=[campaign.pk])).content.decode()
    assert "Phường Hoàng Mai" not in page
    # The city's page, asked for by name, compares only the wards the viewer sees too.
    page = client.get(reverse("campaigns:dashboard", args=[campaign.pk]), {"ward": "all"})
    assert page.status_code == 200 and "Phường Hoàng Mai" not in page.content.decode()


def test_the_city_page_of_a_campaign_elsewhere_is_not_found(client, field, campaign):
    from tests import factories

    stranger = factories.user("phuongkhac")
    stranger.roles.create(role="officer", ward=field.other_ward)  # not the campaign's ward
    client.force_login(stranger)
    for pk in (campaign.pk, 99999999999999999999):
        url = reverse("campaigns:dashboard", args=[pk])
        assert client.get(url, {"ward": "all"}).status_code == 404
        assert client.get(url).status_code == 404


def test_campaign_pages_take_the_ward_as_every_page_does(client, field, campaign):
    """`?ward=` like every other page; the old addresses with the ward in the path move there
    for good, keeping their query, and a ward that is not the user's is refused."""
    ward = field.ward.pk
    client.force_login(field.officer)
    board = client.get(reverse("campaigns:dashboard", args=[campaign.pk]), {"ward": ward})
    page = board.content.decode()
    assert f'href="/campaigns/{campaign.pk}/targets/?ward={ward}"' in page
    assert f'href="/campaigns/manual/?ward={ward}"' in page
    assert f'href="/campaigns/{campaign.pk}/records/vneid_level2/?ward={ward}&amp;group=' in page
    assert f"/ward/{ward}/" not in page
    moves = {
        f"/campaigns/{campaign.pk}/ward/{ward}/targets/": f"/campaigns/{campaign.pk}/targets/",
        f"/campaigns/{campaign.pk}/ward/{ward}/reports/": f"/campaigns/{campaign.pk}/reports/",
        f"/campaigns/{campaign.pk}/ward/{ward}/records/vneid_level2/?group={field.group11.pk}": (
            f"/campaigns/{campaign.pk}/records/vneid_level2/"
        ),
        f"/campaigns/ward/{ward}/manual/": "/campaigns/manual/",
    }
    for old, new in moves.items():
        response = client.get(old)
        assert response.status_code == 301, old
        assert response["Location"].startswith(f"{new}?"), response["Location"]
        assert client.get(response["Location"]).status_code == 200, response["Location"]
    drill = client.get(f"/campaigns/{campaign.pk}/ward/{ward}/records/vneid_level2/?page=1")
    assert drill["Location"].endswith(f"?page=1&ward={ward}")
    refused = client.get(reverse("campaigns:targets", args=[campaign.pk]), {"ward": 999})
    assert refused.status_code == 404
    assert "Phường này không có, hoặc không phải phường bạn phụ trách." in refused.content.decode()
