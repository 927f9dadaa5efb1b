"""The registry's pages, for the allowed user, the outsider (404) and the read-only user (403)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from hocvuso.audit.models import AuditEvent
from hocvuso.people.models import Household, HouseholdMove, Resident
from tests import factories


def test_the_list_asks_for_a_login(client, world):
    response = client.get(reverse("people:residents"))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_a_volunteer_lists_only_group_11(client, world):
    client.force_login(world.volunteer)
    page = client.get(reverse("people:residents")).content.decode()
    assert "Nguyễn Văn An" in page and "Đỗ Thị Hường" in page
    assert "Trần Đức Thắng" not in page and "Nguyễn Văn Bình" not in page


@pytest.mark.parametrize(
    "query", ["nguyen van an", "NGUYEN VAN AN", "Nguyễn Văn An", "nguyễn văn an"]
)
def test_search_finds_a_name_with_or_without_diacritics(client, world, query):
    client.force_login(world.officer)
    page = client.get(reverse("people:residents"), {"q": query}).content.decode()
    assert "Nguyễn Văn An" in page and "Trần Đức Thắng" not in page


def test_search_in_nfd_finds_the_nfc_name(client, world):
    import unicodedata

    client.force_login(world.officer)
    page = client.get(
        reverse("people:residents"), {"q": unicodedata.normalize("NFD", "Đỗ Thị")}
    ).content.decode()
    assert "Đỗ Thị Hường" in page


def test_do_finds_do_with_its_stroke(client, world):
    client.force_login(world.officer)
    page = client.get(reverse("people:residents"), {"q": "do"}).content.decode()
    assert "Đỗ Thị Hường" in page and "Nguyễn Văn An" not in page


def test_a_word_must_start_a_word_so_an_does_not_find_hoang(client, world):
    h = factories.household(world.group12, key="TM-012-009")
    factories.resident(h, "Hoàng Thị Lan", is_head=True)
    client.force_login(world.officer)
    page = client.get(reverse("people:residents"), {"q": "an"}).content.decode()
    assert "Nguyễn Văn An" in page and "Hoàng Thị Lan" not in page


def test_search_by_phone_written_with_spaces_or_plus_84(client, world):
    client.force_login(world.officer)
    for query in ("0987 654 321", "+84 987 654 321", "987.654"):
        page = client.get(reverse("people:residents"), {"q": query}).content.decode()
        assert "Nguyễn Văn An" in page, query


def test_search_by_address(client, world):
    client.force_login(world.officer)
    page = client.get(reverse("people:residents"), {"q": "truong dinh"}).content.decode()
    assert "Nguyễn Văn An" in page and "Trần Đức Thắng" not in page


def test_the_volunteer_search_never_reaches_another_group(client, world):
    client.force_login(world.volunteer)
    page = client.get(reverse("people:residents"), {"q": "tran duc thang"}).content.decode()
    assert "Trần Đức Thắng" not in page


def test_filters_by_group_age_band_and_flags(client, world):
    client.force_login(world.officer)
    url = reverse("people:residents")
    page = client.get(url, {"group": world.group12.pk}).content.decode()
    assert "Trần Đức Thắng" in page and "Nguyễn Văn An" not in page
    page = client.get(url, {"flags": "elderly"}).content.decode()
    assert "Nguyễn Văn An" in page and "Trần Đức Thắng" not in page
    page = client.get(url, {"age": "18-59"}).content.decode()
    assert "Trần Đức Thắng" in page and "Nguyễn Văn An" not in page


def test_households_without_a_smartphone_or_not_reached(client, world):
    Household.objects.filter(pk=world.h12.pk).update(has_smartphone=False)
    client.force_login(world.officer)
    page = client.get(reverse("people:residents"), {"flags": "no_smartphone"}).content.decode()
    assert "Trần Đức Thắng" in page and "Nguyễn Văn An" not in page
    page = client.get(reverse("people:residents"), {"flags": "not_reached"}).content.decode()
    assert "Trần Đức Thắng" in page


def test_a_group_of_another_ward_in_the_filter_is_refused(client, world):
    client.force_login(world.officer)
    page = client.get(reverse("people:residents"), {"group": world.other_group.pk}).content.decode()
    assert "Nguyễn Văn Bình" not in page


def test_the_list_costs_the_same_queries_for_fifty_rows_as_for_five(client, world):
    for n in range(60):
        h = factories.household(world.group11, key=f"Q{n:03d}")
        factories.resident(h, f"Lê Văn Số {n}", is_head=True)
    client.force_login(world.officer)
    client.get(reverse("people:residents"))  # warm the session
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("people:residents"))
    assert response.status_code == 200
    assert len(queries) <= 8, [q["sql"] for q in queries]


def test_a_household_of_another_group_is_a_404_for_a_volunteer(client, world):
    client.force_login(world.volunteer)
    assert client.get(reverse("people:household", args=[world.h12.pk])).status_code == 404
    assert client.get(reverse("people:household", args=[world.h11.pk])).status_code == 200


def test_a_household_of_another_ward_is_a_404_for_an_officer(client, world):
    client.force_login(world.officer)
    assert client.get(reverse("people:household", args=[world.h_other.pk])).status_code == 404


def test_a_volunteer_may_read_but_not_edit(client, world):
    client.force_login(world.volunteer)
    assert client.get(reverse("people:household_edit", args=[world.h11.pk])).status_code == 403
    response = client.post(
        reverse("people:resident_new", args=[world.h11.pk]), {"full_name": "Người Lạ"}
    )
    assert response.status_code == 403
    assert not Resident.objects.filter(full_name="Người Lạ").exists()


def test_a_leader_adds_a_resident_and_it_is_logged(client, world):
    client.force_login(world.leader)
    response = client.post(
        reverse("people:resident_new", args=[world.h11.pk]),
        {
            "full_name": "  Nguyễn  Thị Mai ",
            "birth_year": "2001",
            "gender": "female",
            "relation": "Con",
            "phone": "0912.000.111",
        },
    )
    assert response.status_code == 302
    mai = Resident.objects.get(full_name="Nguyễn Thị Mai")
    assert mai.phone == "0912000111" and mai.residential_group_id == world.group11.pk
    event = AuditEvent.objects.get(action="create", object_type="resident", object_id=str(mai.pk))
    assert event.actor == world.leader and event.ward_id == world.ward.pk


def test_bad_resident_input_gets_vietnamese_errors_and_saves_nothing(client, world):
    client.force_login(world.officer)
    before = Resident.objects.count()
    response = client.post(
        reverse("people:resident_new", args=[world.h11.pk]),
        {"full_name": "123", "birth_year": "1850", "gender": "robot", "phone": "12ab"},
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Năm sinh phải" in page and "không phải số điện thoại" in page
    assert Resident.objects.count() == before


def test_a_forged_group_of_another_ward_is_refused(client, world):
    client.force_login(world.officer)
    response = client.post(
        reverse("people:household_new"),
        {"key": "X-1", "residential_group": world.other_group.pk, "address": "Số 1"},
    )
    assert response.status_code == 200
    assert not Household.objects.filter(key="X-1").exists()


def test_a_leader_cannot_move_a_household_into_a_group_they_do_not_lead(client, world):
    client.force_login(world.leader)
    response = client.post(
        reverse("people:household_edit", args=[world.h11.pk]),
        {"key": world.h11.key, "residential_group": world.group12.pk, "address": "Số 1"},
    )
    assert response.status_code in (200, 403)
    world.h11.refresh_from_db()
    assert world.h11.residential_group_id == world.group11.pk


def test_an_officer_moves_a_household_and_the_move_is_remembered(client, world):
    client.force_login(world.officer)
    response = client.post(
        reverse("people:household_edit", args=[world.h11.pk]),
        {
            "key": world.h11.key,
            "residential_group": world.group12.pk,
            "address": world.h11.address,
            "phone": "",
            "has_smartphone": "true",
            "has_internet": "",
        },
    )
    assert response.status_code == 302
    assert world.an.__class__.objects.get(pk=world.an.pk).residential_group_id == world.group12.pk
    assert HouseholdMove.objects.filter(household=world.h11, to_group=world.group12).exists()


def test_two_households_cannot_share_a_code_in_one_ward(client, world):
    client.force_login(world.officer)
    response = client.post(
        reverse("people:household_new"),
        {"key": world.h12.key, "residential_group": world.group11.pk, "address": "Số 2"},
    )
    assert response.status_code == 200
    assert "mã" in response.content.decode().lower()
    assert Household.objects.filter(key=world.h12.key).count() == 1


def test_the_group_filter_offers_only_the_groups_the_user_sees(client, world):
    client.force_login(world.volunteer)
    options = client.get(reverse("people:residents")).context["form"].fields["group"].queryset
    assert list(options) == [world.group11]
    client.force_login(world.officer)
    options = client.get(reverse("people:residents")).context["form"].fields["group"].queryset
    assert set(options) == {world.group11, world.group12}


def test_a_numeric_household_code_is_found_though_it_looks_like_a_phone(client, world):
    h = factories.household(world.group12, key="313-000042")
    factories.resident(h, "Mai Văn Số", is_head=True)
    client.force_login(world.officer)
    page = client.get(reverse("people:residents"), {"q": "313-000042"}).content.decode()
    assert "Mai Văn Số" in page
