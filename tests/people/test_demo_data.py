"""The synthetic residents of the demo ward: shaped like a real urban Hanoi ward, and repeatable.

Pure Python: no database.
"""

import itertools
import unicodedata
from collections import Counter

import pytest

from hocvuso.people.demo_data import demo_group_names, generate_rows
from hocvuso.people.importing.rows import ResidentRow

START_YEAR = 2026
GROUPS = demo_group_names()


def ward_rows(
    *, seed: int = 313, residents: int = 10_000, ward_code: int = 313
) -> list[ResidentRow]:
    return list(
        generate_rows(
            seed=seed,
            ward_code=ward_code,
            group_names=GROUPS,
            residents=residents,
            start_year=START_YEAR,
        )
    )


@pytest.fixture(scope="module")
def rows() -> list[ResidentRow]:
    return ward_rows()


def households(rows: list[ResidentRow]) -> list[list[ResidentRow]]:
    return [list(group) for _key, group in itertools.groupby(rows, key=lambda r: r.household_key)]


def age(row: ResidentRow) -> int:
    return START_YEAR - row.birth_year


def test_the_demo_ward_has_74_groups_named_like_the_ward_names_them():
    assert len(GROUPS) == 74
    assert GROUPS[0] == "Tổ dân phố số 1"
    assert GROUPS[-1] == "Tổ dân phố số 74"
    assert demo_group_names(3) == ["Tổ dân phố số 1", "Tổ dân phố số 2", "Tổ dân phố số 3"]


@pytest.mark.parametrize("residents", [1, 2, 7, 800, 10_000, 70_000])
def test_exactly_the_asked_number_of_residents_is_yielded_numbered_from_one(residents):
    produced = ward_rows(residents=residents)
    assert len(produced) == residents
    assert [r.row_number for r in produced] == list(range(1, residents + 1))
    assert all(isinstance(r, ResidentRow) for r in produced)
    assert households(produced)[-1][0].is_head, "a household cut short keeps its head"


def test_generation_is_lazy():
    stream = generate_rows(seed=1, ward_code=1, group_names=GROUPS, residents=10**9)
    assert next(stream).row_number == 1


def test_the_same_arguments_give_the_same_rows(rows):
    assert ward_rows() == rows


def test_another_seed_gives_another_ward(rows):
    assert ward_rows(seed=314) != rows


def test_every_household_has_exactly_one_head_first_called_chu_ho(rows):
    for members in households(rows):
        heads = [r for r in members if r.is_head]
        assert heads == [members[0]]
        assert members[0].relation == "Chủ hộ"
        assert all(r.relation != "Chủ hộ" for r in members[1:])


def test_household_keys_are_unique_and_each_household_lists_its_members_together(rows):
    keys = [members[0].household_key for members in households(rows)]
    assert len(keys) == len(set(keys))
    assert keys[0] == "313-000001"


def test_a_household_shares_one_address_group_phone_and_equipment(rows):
    for members in households(rows):
        for field in ("address", "group", "household_phone", "has_smartphone", "has_internet"):
            assert len({getattr(r, field) for r in members}) == 1, field
        phones = {r.phone for r in members if r.phone}
        assert members[0].household_phone in phones | {""}
        assert len(members) <= 7
        assert len({r.full_name for r in members}) == len(members), "no two relatives share a name"


def test_households_have_three_people_on_average_and_some_old_people_live_alone(rows):
    members_of = households(rows)
    assert 2.7 <= len(rows) / len(members_of) <= 3.4
    old_alone = [m for m in members_of if len(m) == 1 and age(m[0]) >= 60]
    assert 0.07 <= len(old_alone) / len(members_of) <= 0.11


def test_phones_are_unique_national_mobile_numbers(rows):
    phones = [r.phone for r in rows if r.phone]
    assert len(phones) == len(set(phones))
    assert len(phones) > 0.6 * len(rows)
    for phone in phones:
        assert len(phone) == 10 and phone.isdigit() and phone.startswith("0")
        assert phone[:3] in {
            *("086", "096", "097", "098", "032", "033", "034", "035", "036", "037", "038"),
            *("039", "088", "091", "094", "081", "082", "083", "084", "085", "089", "090"),
            *("093", "070", "076", "077", "078", "079"),
        }


def test_young_children_have_no_phone_and_most_adults_have_one(rows):
    assert not any(r.phone for r in rows if age(r) < 14)
    adults = [r for r in rows if 18 <= age(r) <= 70]
    assert sum(bool(r.phone) for r in adults) > 0.85 * len(adults)


def test_ages_are_those_of_an_urban_hanoi_ward(rows):
    ages = [age(r) for r in rows]
    assert 0.22 <= sum(a < 15 for a in ages) / len(ages) <= 0.24
    assert 0.12 <= sum(a >= 60 for a in ages) / len(ages) <= 0.14
    assert min(ages) >= 0 and max(ages) <= 105
    male = sum(r.gender == "male" for r in rows) / len(rows)
    assert 0.46 <= male <= 0.52
    assert {r.gender for r in rows} == {"male", "female"}


def test_relations_agree_with_gender_and_age(rows):
    male_relations = {"Chồng", "Bố", "Bố vợ", "Bố chồng", "Con rể", "Anh"}
    female_relations = {"Vợ", "Mẹ", "Mẹ vợ", "Mẹ chồng", "Con dâu", "Chị"}
    for members in households(rows):
        head = members[0]
        for r in members[1:]:
            if r.relation in male_relations:
                assert r.gender == "male", r
            if r.relation in female_relations:
                assert r.gender == "female", r
            if r.relation == "Con":
                assert age(r) <= age(head) - 18, r
            if r.relation == "Cháu":
                assert age(r) <= age(head) - 36, r
            if r.relation in {"Bố", "Mẹ"}:
                assert age(r) >= age(head) + 18, r
    relations = Counter(r.relation for r in rows)
    assert {"Vợ", "Chồng", "Con", "Cháu", "Bố", "Mẹ", "Con dâu", "Con rể", "Em"} <= set(relations)


def test_children_take_their_fathers_family_name(rows):
    for members in households(rows):
        head = members[0]
        if head.gender != "male" or any(r.relation == "Con rể" for r in members):
            continue
        for r in members:
            if r.relation in {"Con", "Cháu"}:
                assert r.full_name.split()[0] == head.full_name.split()[0], r


def test_every_text_is_nfc(rows):
    for r in rows:
        for text in (r.full_name, r.address, r.relation, r.group, r.household_key):
            assert unicodedata.is_normalized("NFC", text), text
            assert text == text.strip() and "  " not in text


def test_nguyen_van_an_lives_in_the_demo_ward(rows):
    assert any(r.full_name == "Nguyễn Văn An" for r in rows)
    assert any(r.full_name == "Nguyễn Văn An" for r in ward_rows(seed=1, residents=100))


def test_names_with_heavy_diacritics_are_present(rows):
    names = [r.full_name for r in rows]
    assert any(n.startswith(("Đỗ ", "Đặng ")) for n in names)
    assert any(n.endswith((" Hường", " Thắng")) for n in names)
    assert all(2 <= len(n.split()) <= 5 for n in names)


def test_nguyen_is_the_family_name_of_about_a_third_of_the_ward(rows):
    share = sum(r.full_name.split()[0] == "Nguyễn" for r in rows) / len(rows)
    assert 0.30 <= share <= 0.45


def test_every_group_is_used(rows):
    assert {r.group for r in rows} == set(GROUPS)


def test_addresses_are_in_the_streets_and_alleys_of_tuong_mai(rows):
    addresses = {members[0].address for members in households(rows)}
    assert any(", ngõ " in a for a in addresses)
    assert any(", ngách " in a for a in addresses)
    streets = ("Trương Định", "Tương Mai", "Giáp Bát", "Kim Đồng", "Tân Mai")
    assert all(any(street in a for a in addresses) for street in streets)


def test_most_households_have_a_smartphone_and_internet_old_ones_less(rows):
    members_of = households(rows)
    smart = sum(m[0].has_smartphone for m in members_of) / len(members_of)
    internet = sum(m[0].has_internet for m in members_of) / len(members_of)
    assert smart > 0.8 and internet > 0.75
    elderly = [m for m in members_of if all(age(r) >= 65 for r in m)]
    assert sum(m[0].has_smartphone for m in elderly) / len(elderly) < smart - 0.2
