"""The registry search through its index finds exactly what a scan of the ward finds, and
the index follows every write: names, addresses, phones, moves, deletions."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from hocvuso.accounts.scoping import visible
from hocvuso.people import queries, search_index, services
from hocvuso.people.demo_data import generate_rows
from hocvuso.people.importing.writing import write_rows
from hocvuso.people.models import Household, Resident
from tests import factories


def _names(client, q: str) -> str:
    return client.get(reverse("people:residents"), {"q": q}).content.decode()


def test_a_search_reads_the_index(client, world):
    client.force_login(world.officer)
    with CaptureQueriesContext(connection) as captured:
        page = _names(client, "nguyen van an")
    assert "Nguyễn Văn An" in page
    sql = " ".join(q["sql"] for q in captured.captured_queries)
    if connection.vendor == "sqlite":
        assert f"{search_index.TABLE} MATCH" in sql
    else:
        with connection.cursor() as cursor:
            cursor.execute("SELECT indexname FROM pg_indexes WHERE indexname LIKE '%%_trgm'")
            assert {row[0] for row in cursor.fetchall()} >= {
                "resident_name_trgm",
                "household_search_trgm",
            }


def test_a_renamed_resident_is_found_by_the_new_name_only(client, world):
    services.resident_save(
        actor=factories.system_actor(),
        resident=world.an,
        household=world.h11,
        data={"full_name": "Phạm Quốc Khánh"},
    )
    client.force_login(world.officer)
    assert "Phạm Quốc Khánh" in _names(client, "pham quoc khanh")
    assert "Phạm Quốc Khánh" not in _names(client, "nguyen van an")


def test_a_household_s_new_address_and_phone_find_its_residents(client, world):
    client.force_login(world.officer)
    assert "Nguyễn Văn An" in _names(client, "truong dinh")  # indexed before the change
    services.household_save(
        actor=factories.system_actor(),
        household=world.h11,
        group=world.group12,
        data={"address": "Số 7 Giải Phóng", "phone": "0243111222"},
    )
    assert "Nguyễn Văn An" in _names(client, "giai phong")
    assert "Nguyễn Văn An" in _names(client, "31112")  # the middle of the new phone
    assert "Nguyễn Văn An" not in _names(client, "truong dinh")
    client.force_login(world.volunteer)  # group 11's: the household left for group 12
    assert "Nguyễn Văn An" not in _names(client, "giai phong")


def test_digits_find_a_phone_anywhere_in_it_and_a_household_code(client, world):
    client.force_login(world.officer)
    assert "Nguyễn Văn An" in _names(client, "87654")  # own phone 0987654321
    assert "Đỗ Thị Hường" in _names(client, "23456")  # the household's 0912345678
    page = _names(client, "tm-011")
    assert "Nguyễn Văn An" in page and "Trần Đức Thắng" not in page


def test_a_deleted_household_leaves_nothing_to_find(client, world):
    world.h12.delete()
    client.force_login(world.officer)
    assert "Trần Đức Thắng" not in _names(client, "tran duc thang")
    assert not Resident.objects.filter(full_name="Trần Đức Thắng").exists()


def test_an_outsider_never_finds_the_ward_through_the_index(client, world):
    client.force_login(world.outsider)
    page = _names(client, "nguyen van")
    assert "Nguyễn Văn Bình" in page and "Nguyễn Văn An" not in page


def test_the_index_is_made_again_when_a_migration_dropped_its_triggers(client, world):
    if connection.vendor != "sqlite":
        pytest.skip("the triggers are SQLite's")
    with connection.cursor() as cursor:
        cursor.execute("DROP TRIGGER people_resident_words_insert")
    search_index.install(connection)
    factories.resident(world.h12, "Vũ Thị Mai")
    client.force_login(world.officer)
    assert "Vũ Thị Mai" in _names(client, "vu thi mai")


QUERIES = [
    "nguyen van an",
    "nguyễn văn",
    "ngu va",
    "thi h",
    "le",
    "do",
    "kim dong",
    "313-00001",
    "000012",
    "0912",
    "09",
    "so 1",
    "ngo 2",
    "tran duc",
    "-",
    "phuong 3/2",
]


@pytest.mark.parametrize("q", QUERIES)
def test_the_index_finds_exactly_what_a_scan_of_the_ward_finds(world, q):
    rows = list(
        generate_rows(
            seed=7, ward_code=world.ward.pk, group_names=[world.group11.name], residents=1500
        )
    )
    write_rows(ward=world.ward, rows=rows, groups={world.group11.name: world.group11})
    officer = world.officer
    found = queries.filter_residents(officer, queries.resident_filter(officer, q=q))
    condition, _rank = queries.search_condition(q.strip())  # no wards: no index, a scan
    scanned = visible(Resident.objects.filter(condition), officer)
    assert set(found.values_list("pk", flat=True)) == set(scanned.values_list("pk", flat=True))
    assert Household.objects.filter(ward=world.ward).count() > 300


def test_an_import_leaves_the_insert_trigger_in_place_for_the_next_writer(client, world):
    rows = list(
        generate_rows(
            seed=3, ward_code=world.ward.pk, group_names=[world.group11.name], residents=50
        )
    )
    write_rows(ward=world.ward, rows=rows, groups={world.group11.name: world.group11})
    factories.resident(world.h12, "Vũ Thị Mai")
    client.force_login(world.officer)
    assert "Vũ Thị Mai" in _names(client, "vu thi mai")
    assert rows[0].full_name in _names(client, rows[0].full_name)
