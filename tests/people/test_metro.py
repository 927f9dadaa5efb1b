"""manage.py generate_metro: Hồ Chí Minh City's wards filled with COPY, on PostgreSQL only."""

import datetime

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from hocvuso.accounts.models import Role
from hocvuso.campaigns.models import Snapshot
from hocvuso.demo.metro import HO_CHI_MINH_CITY, generate_metro, week_of_snapshots
from hocvuso.people.models import Household, Resident
from hocvuso.people.services import household_search_text
from hocvuso.places.models import Ward
from hocvuso.support.models import HelpRecord
from hocvuso.text.folding import fold
from tests import factories

on_postgres = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="COPY is PostgreSQL's (CI runs the suite on it)"
)


@pytest.mark.skipif(connection.vendor == "postgresql", reason="the refusal is SQLite's")
def test_the_metro_generator_refuses_sqlite_and_writes_nothing(db):
    with pytest.raises(CommandError, match="PostgreSQL's COPY; this database is sqlite"):
        call_command("generate_metro", wards=1, residents_per_ward=100)
    assert not Resident.objects.exists()


@on_postgres
def test_the_metro_s_residents_are_found_as_the_app_writes_them(client, db):
    result = generate_metro(wards=2, residents_per_ward=600, groups=10)
    assert (result.wards, result.residents) == (2, 1200)
    wards = list(Ward.objects.filter(province_id=HO_CHI_MINH_CITY, is_active=True))
    assert len(wards) == 2
    for ward in wards:
        assert Resident.objects.filter(ward=ward).count() == 600
        assert ward.groups.count() == 10
    for resident in Resident.objects.select_related("household"):
        assert resident.name_folded == fold(resident.full_name)
        assert resident.residential_group_id == resident.household.residential_group_id
    for household in Household.objects.all():
        assert household.search_text == household_search_text(
            key=household.key, address=household.address, phone=household.phone
        )
    assert HelpRecord.objects.filter(ward__in=wards).count() == result.help_records > 0

    officer = factories.user(role=Role.OFFICER, ward_=wards[0])
    client.force_login(officer)
    response = client.get(reverse("people:residents"), {"q": "nguyen van an"})
    assert response.status_code == 200
    assert "Nguyễn Văn An" in response.content.decode()

    # The ids it reserved are taken: the registry goes on adding households after it.
    household = factories.household(wards[0].groups.first())
    assert household.pk > max(Household.objects.exclude(pk=household.pk).values_list("pk"))[0]


@on_postgres
def test_a_week_of_snapshots_is_written_for_every_ward(db):
    generate_metro(wards=2, residents_per_ward=300, groups=5)
    ward_ids = list(Ward.objects.filter(is_active=True).values_list("pk", flat=True))
    week_of_snapshots(ward_ids)
    today = timezone.localdate()
    days = set(Snapshot.objects.filter(ward_id__in=ward_ids).values_list("day", flat=True))
    assert days == {today - datetime.timedelta(days=back) for back in range(8)}
