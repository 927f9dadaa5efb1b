"""The base setup every test can stand on: one ward with two groups, a second ward, and a user
for each kind of access (officer, leader and volunteer of group 11, an outsider, no role)."""

from dataclasses import dataclass

import pytest
from django.core.cache import cache

from hocvuso.accounts.models import Role, User
from hocvuso.people.models import Household, Resident
from hocvuso.places.models import ResidentialGroup, Ward
from hocvuso.support.catalog import load_national_catalog
from hocvuso.support.models import Service
from tests import factories


@pytest.fixture(autouse=True)
def _isolated_files(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    # Local-memory caches share their store across instances: start each test empty, so
    # throttling counts of one test do not leak into the next.
    cache.clear()


@dataclass
class World:
    ward: Ward
    other_ward: Ward
    group11: ResidentialGroup
    group12: ResidentialGroup
    other_group: ResidentialGroup
    officer: User
    leader: User
    volunteer: User
    outsider: User
    nobody: User
    an: Resident  # Nguyễn Văn An, head of household h11 in group 11
    h11: Household
    h12: Household
    h_other: Household


@pytest.fixture
def world(db) -> World:
    return make_world()


def make_world() -> World:
    """The world itself, for fixtures of a wider scope than one test (tests/security)."""
    # Transactional (browser) tests flush the tables after each test, migration data too.
    load_national_catalog(Service)
    ward = factories.ward(factories.TUONG_MAI)
    other_ward = factories.ward(factories.HOANG_MAI)
    g11 = factories.group(ward, "Tổ dân phố số 11")
    g12 = factories.group(ward, "Tổ dân phố số 12")
    other_group = factories.group(other_ward, "Tổ dân phố số 1")
    h11 = factories.household(
        g11, key="TM-011-001", address="Số 12, ngõ 168 Trương Định", phone="0912345678"
    )
    an = factories.resident(h11, "Nguyễn Văn An", birth_year=1950, is_head=True, phone="0987654321")
    factories.resident(h11, "Đỗ Thị Hường", birth_year=1953, gender="female", relation="Vợ")
    h12 = factories.household(g12, key="TM-012-001", address="Số 5, ngách 3/21 Tương Mai")
    factories.resident(h12, "Trần Đức Thắng", birth_year=1990, is_head=True)
    h_other = factories.household(other_group, key="HM-001-001", address="Số 9 Kim Đồng")
    factories.resident(h_other, "Nguyễn Văn Bình", birth_year=1970, is_head=True)
    return World(
        ward=ward,
        other_ward=other_ward,
        group11=g11,
        group12=g12,
        other_group=other_group,
        officer=factories.user("officer", role=Role.OFFICER, ward_=ward),
        leader=factories.user("leader11", role=Role.LEADER, ward_=ward, groups=(g11,)),
        volunteer=factories.user("volunteer11", role=Role.VOLUNTEER, ward_=ward, groups=(g11,)),
        outsider=factories.user("outsider", role=Role.OFFICER, ward_=other_ward),
        nobody=factories.user("nobody"),
        an=an,
        h11=h11,
        h12=h12,
        h_other=h_other,
    )
