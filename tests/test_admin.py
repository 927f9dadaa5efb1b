import pytest
from django.urls import reverse

from hocvuso.places.models import Ward
from tests import factories

CHANGELISTS = [
    "admin:places_ward_changelist",
    "admin:places_residentialgroup_changelist",
    "admin:accounts_user_changelist",
    "admin:people_household_changelist",
    "admin:people_resident_changelist",
    "admin:audit_auditevent_changelist",
]


@pytest.mark.parametrize("name", CHANGELISTS)
def test_a_superuser_opens_every_admin_list(client, world, name):
    client.force_login(factories.user("root", is_superuser=True, is_staff=True))
    assert client.get(reverse(name)).status_code == 200


def test_a_ward_officer_is_not_let_into_the_admin(client, world):
    client.force_login(world.officer)
    assert client.get(reverse("admin:index")).status_code == 302


def test_a_superuser_sets_a_ward_up_from_the_admin(client, world):
    factories.ward((10018, "Xã Xuân Mai"), active=False)
    client.force_login(factories.user("root", is_superuser=True, is_staff=True))
    client.post(
        reverse("admin:places_ward_changelist"),
        {"action": "activate", "_selected_action": ["10018"]},
    )
    assert Ward.objects.get(pk=10018).is_active
