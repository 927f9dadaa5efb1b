"""Residential groups: created, renamed and merged by the ward officer, with dated history."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from hocvuso.people.models import Household, HouseholdMove, Resident
from hocvuso.places.models import GroupEvent, ResidentialGroup
from hocvuso.places.services import group_create, group_key, group_merge, group_rename
from tests import factories


def test_groups_sort_by_number_not_by_text(world):
    factories.group(world.ward, "Tổ dân phố số 2")
    names = list(world.ward.groups.values_list("name", flat=True))
    assert names.index("Tổ dân phố số 2") < names.index("Tổ dân phố số 11")


def test_a_ward_cannot_have_two_open_groups_of_the_same_name(world):
    with pytest.raises(ValidationError):
        group_create(ward=world.ward, name="to dan pho so 11")


def test_renaming_keeps_the_old_name_in_the_history(world):
    group_rename(
        group=world.group12,
        name="Tổ dân phố số 12A",
        actor=world.officer,
        effective_on=datetime.date(2026, 9, 1),
    )
    event = world.group12.events.get(kind=GroupEvent.Kind.RENAMED)
    assert (event.old_name, event.new_name) == ("Tổ dân phố số 12", "Tổ dân phố số 12A")
    assert event.effective_on == datetime.date(2026, 9, 1)


def test_merging_moves_households_and_remembers_where_they_came_from(world):
    moved = group_merge(
        source=world.group12,
        target=world.group11,
        actor=world.officer,
        effective_on=datetime.date(2026, 8, 15),
    )
    assert moved == 1
    world.h12.refresh_from_db()
    assert world.h12.residential_group_id == world.group11.pk
    assert set(
        Resident.objects.filter(household=world.h12).values_list("residential_group", flat=True)
    ) == {world.group11.pk}
    move = HouseholdMove.objects.get(household=world.h12)
    assert (move.from_group_id, move.to_group_id, move.reason) == (
        world.group12.pk,
        world.group11.pk,
        "merge",
    )
    world.group12.refresh_from_db()
    assert world.group12.merged_into_id == world.group11.pk and world.group12.closed_at is not None


def test_a_merged_group_name_can_be_used_again(world):
    group_merge(
        source=world.group12,
        target=world.group11,
        actor=world.officer,
        effective_on=datetime.date.today(),
    )
    assert group_create(ward=world.ward, name="Tổ dân phố số 12").pk != world.group12.pk


def test_groups_of_two_wards_cannot_merge(world):
    with pytest.raises(ValidationError):
        group_merge(
            source=world.other_group,
            target=world.group11,
            actor=world.officer,
            effective_on=datetime.date.today(),
        )
    assert Household.objects.get(pk=world.h_other.pk).residential_group_id == world.other_group.pk


def test_the_volunteer_of_a_merged_group_keeps_seeing_its_households_through_the_new_group(world):
    from hocvuso.accounts.models import RoleAssignment
    from hocvuso.accounts.scoping import forget_scope
    from hocvuso.people.queries import households_for

    group_merge(
        source=world.group11,
        target=world.group12,
        actor=world.officer,
        effective_on=datetime.date.today(),
    )
    # The role still names the closed group: the officer must reassign it, and until then
    # the volunteer sees nothing rather than something wrong.
    forget_scope(world.volunteer)
    assert not households_for(world.volunteer).exists()
    RoleAssignment.objects.get(user=world.volunteer).groups.set([world.group12])
    forget_scope(world.volunteer)
    assert households_for(world.volunteer).filter(pk=world.h11.pk).exists()


@pytest.mark.parametrize(
    "written", ["Tổ 11", "TDP số 11", "11", "to dan pho so 11", "Tổ dân phố 011"]
)
def test_a_group_is_recognised_by_its_number_however_it_is_written(written):
    assert group_key(written) == "11"


def test_the_groups_page_is_for_officers_only(client, world):
    client.force_login(world.volunteer)
    assert client.get(reverse("places:groups")).status_code == 403
    client.force_login(world.officer)
    page = client.get(reverse("places:groups")).content.decode()
    assert "Tổ dân phố số 11" in page and "Tổ dân phố số 1<" not in page


def test_an_officer_of_another_ward_cannot_open_this_wards_group(client, world):
    client.force_login(world.outsider)
    assert client.get(reverse("places:group", args=[world.group11.pk])).status_code == 403


def test_merging_through_the_page(client, world):
    client.force_login(world.officer)
    response = client.post(
        reverse("places:group", args=[world.group12.pk]),
        {"action": "merge", "merge-target": world.group11.pk, "merge-effective_on": "2026-08-20"},
    )
    assert response.status_code == 302
    assert ResidentialGroup.objects.get(pk=world.group12.pk).merged_into_id == world.group11.pk


def test_a_forged_merge_target_from_another_ward_is_refused(client, world):
    client.force_login(world.officer)
    client.post(
        reverse("places:group", args=[world.group12.pk]),
        {
            "action": "merge",
            "merge-target": world.other_group.pk,
            "merge-effective_on": "2026-08-20",
        },
    )
    assert ResidentialGroup.objects.get(pk=world.group12.pk).closed_at is None


def test_an_officer_sets_up_their_ward_with_numbered_groups(client, db):
    from hocvuso.accounts.models import Role
    from hocvuso.audit.models import AuditEvent
    from hocvuso.places.models import Ward

    dormant = factories.ward((10018, "Xã Xuân Mai"), active=False)
    officer = factories.user("xuanmai", role=Role.OFFICER, ward_=dormant)
    client.force_login(officer)
    assert "Xã Xuân Mai" in client.get(reverse("web:home")).content.decode()
    response = client.post(reverse("places:setup", args=[10018]), {"group_count": "12"})
    assert response.status_code == 302
    ward = Ward.objects.get(pk=10018)
    assert ward.is_active and ward.groups.count() == 12
    assert AuditEvent.objects.filter(ward=ward, actor=officer).exists()
    assert client.get(reverse("places:groups")).status_code == 200


def test_only_the_wards_officer_can_set_it_up(client, world):
    from hocvuso.accounts.models import Role

    dormant = factories.ward((10018, "Xã Xuân Mai"), active=False)
    volunteer = factories.user("xm-volunteer", role=Role.VOLUNTEER, ward_=dormant)
    for user in (volunteer, world.officer):
        client.force_login(user)
        assert (
            client.post(reverse("places:setup", args=[10018]), {"group_count": "3"}).status_code
            == 404
        )
    client.force_login(world.officer)
    assert client.get(reverse("places:setup", args=[world.ward.pk])).status_code == 404, (
        "already active"
    )


def test_a_silly_number_of_groups_is_refused(client, db):
    from hocvuso.accounts.models import Role
    from hocvuso.places.models import Ward

    dormant = factories.ward((10018, "Xã Xuân Mai"), active=False)
    client.force_login(factories.user("xm", role=Role.OFFICER, ward_=dormant))
    response = client.post(reverse("places:setup", args=[10018]), {"group_count": "100000"})
    assert response.status_code == 200 and not Ward.objects.get(pk=10018).is_active
