from hocvuso.accounts.models import Role, User
from hocvuso.demo.ward import load_demo_ward
from hocvuso.people.models import Resident


def test_the_demo_ward_has_74_groups_residents_and_a_login_per_role(db):
    ward = load_demo_ward(residents=800)
    assert ward.code == 313 and ward.is_active
    assert ward.groups.filter(closed_at__isnull=True).count() == 74
    assert Resident.objects.filter(ward=ward).count() == 800
    roles = set(User.objects.filter(roles__ward=ward).values_list("roles__role", flat=True))
    assert roles == set(Role.values)
    # The ward's contact says it is the demo's, and makes up no phone number.
    assert "mẫu" in ward.contact.office_address and "mẫu" in ward.contact.office_hours
    assert ward.contact.office_phone == ward.contact.police_phone == ""
    load_demo_ward(residents=800)
    assert Resident.objects.filter(ward=ward).count() == 800, "loading again adds nothing"
