"""One scoping function decides what each user sees; every read goes through it."""

import pytest

from hocvuso.accounts.models import Role, RoleAssignment
from hocvuso.accounts.scoping import forget_scope, may_manage, scope_of
from hocvuso.people import queries
from tests import factories


def names(user):
    return sorted(queries.residents_for(user).values_list("full_name", flat=True))


def test_an_officer_sees_every_group_of_the_ward_and_nothing_of_another(world):
    assert names(world.officer) == ["Nguyễn Văn An", "Trần Đức Thắng", "Đỗ Thị Hường"]


def test_a_volunteer_of_group_11_sees_only_group_11(world):
    assert names(world.volunteer) == ["Nguyễn Văn An", "Đỗ Thị Hường"]
    assert not queries.households_for(world.volunteer).filter(pk=world.h12.pk).exists()


def test_an_officer_of_another_ward_sees_none_of_this_ward(world):
    assert names(world.outsider) == ["Nguyễn Văn Bình"]


def test_a_user_without_a_role_sees_nothing(world):
    assert names(world.nobody) == []
    assert scope_of(world.nobody).is_empty


def test_a_superuser_sees_every_ward(world):
    admin = factories.user("root", is_superuser=True)
    assert len(names(admin)) == 4


def test_a_role_in_a_ward_not_yet_active_gives_nothing(world):
    dormant = factories.ward((10018, "Xã Xuân Mai"), active=False)
    u = factories.user("dormant", role=Role.OFFICER, ward_=dormant)
    assert names(u) == []


def test_a_group_of_another_ward_listed_on_a_role_is_ignored(world):
    RoleAssignment.objects.get(user=world.volunteer).groups.add(world.other_group)
    forget_scope(world.volunteer)
    assert "Nguyễn Văn Bình" not in names(world.volunteer)


@pytest.mark.parametrize(
    ("who", "group", "allowed"),
    [
        ("officer", "group12", True),
        ("leader", "group11", True),
        ("leader", "group12", False),
        ("volunteer", "group11", False),
        ("outsider", "group11", False),
    ],
)
def test_only_officers_and_the_groups_leaders_keep_the_registry(world, who, group, allowed):
    g = getattr(world, group)
    assert may_manage(getattr(world, who), ward_id=g.ward_id, group_id=g.pk) is allowed
