import pytest

from hocvuso.text.phones import InvalidPhone, normalize_phone, phone_digits


@pytest.mark.parametrize(
    "written",
    [
        "0912345678",
        "0912 345 678",
        "0912.345.678",
        "0912-345-678",
        "+84 912 345 678",
        "84912345678",
        "912345678",
    ],
)
def test_the_ways_people_write_a_mobile_number_all_normalise(written):
    assert normalize_phone(written) == "0912345678"


def test_a_hanoi_landline_keeps_its_area_code():
    assert normalize_phone("024 3868 1234") == "02438681234"


@pytest.mark.parametrize("written", ["12345", "abc", "0912-345", "+1 202 555 0100"])
def test_what_is_not_a_vietnamese_number_is_refused(written):
    with pytest.raises(InvalidPhone):
        normalize_phone(written)


def test_blank_is_no_phone():
    assert normalize_phone("  ") == "" and normalize_phone(None) == ""


def test_search_digits_turn_plus_84_into_the_national_form():
    assert phone_digits("+84 912 345") == "0912345"
