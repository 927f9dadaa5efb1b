from hocvuso.places.models import Province, Ward
from hocvuso.places.services import load_official_units


def test_the_official_list_loads_34_provinces_and_3321_wards_and_can_be_loaded_again(db):
    assert load_official_units() == (34, 3321)
    Ward.objects.filter(pk=313).update(is_active=True)
    assert load_official_units() == (34, 3321)
    tuong_mai = Ward.objects.get(pk=313)
    assert tuong_mai.name == "Phường Tương Mai" and tuong_mai.province.name == "Thành phố Hà Nội"
    assert tuong_mai.is_active, "reloading the list must not deactivate a ward"
    assert Ward.objects.filter(province=Province.objects.get(pk=1)).count() == 126
