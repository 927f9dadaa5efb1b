"""A small ward with field work done, whose every figure is worked out by hand in the tests."""

import datetime
import os
import sqlite3
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.utils import timezone

from hocvuso.campaigns import services
from hocvuso.people.models import Consent, Disability, Household, Resident
from hocvuso.support.models import HelpRecord, HelpRequest, HomeVisit, Service, ServiceStatus
from hocvuso.teams.models import (
    CommunityTeam,
    MobilePoint,
    Shift,
    ShiftAssignment,
    TeamMember,
    Training,
)
from tests import factories

TODAY = timezone.localdate()
NOW = timezone.now()


@pytest.fixture
def field(world):
    """The world's ward with work done: An (g11, born 1950) has VNeID level 2 and iHanoi;
    Thắng (g12, 1990) has a disability on record; a child lives in h12."""
    w = world
    vneid = Service.objects.get(code="vneid", ward__isnull=True)
    ihanoi = Service.objects.get(code="ihanoi", ward__isnull=True)
    ServiceStatus.objects.create(
        resident=w.an, service=vneid, installed=True, has_account=True, level2=True
    )
    ServiceStatus.objects.create(resident=w.an, service=ihanoi, has_account=True)
    thang = w.h12.residents.get()
    ServiceStatus.objects.create(resident=thang, service=vneid, installed=True, level2=False)
    consent = Consent.objects.create(
        resident=thang,
        purpose="disability",
        given_by="Trần Đức Thắng",
        given_on=TODAY,
        recorded_by=w.officer,
    )
    Disability.objects.create(resident=thang, consent=consent, description="Khó nhìn chữ nhỏ")
    factories.resident(w.h12, "Trần Minh Khang", birth_year=TODAY.year - 8)
    for outcome, task in (("done", "install"), ("done", "file_dossier"), ("follow_up", "install")):
        HelpRecord.objects.create(
            ward=w.ward, residential_group=w.group11, resident=w.an, service=vneid, task=task,
            outcome=outcome, helped_by=w.officer, helped_at=NOW,
        )  # fmt: skip
    w.h11.first_reached_at = NOW
    w.h11.save(update_fields=["first_reached_at"])
    team = CommunityTeam.objects.create(
        ward=w.ward, residential_group=w.group11, name="Tổ CNSCĐ 11"
    )
    members = [
        TeamMember.objects.create(team=team, ward=w.ward, residential_group=w.group11,
                                  full_name=name, joined_on=TODAY - datetime.timedelta(days=30))
        for name in ("Lê Hoa", "Phạm Nam", "Vũ Lan")
    ]  # fmt: skip
    training = Training.objects.create(
        ward=w.ward,
        held_on=TODAY - datetime.timedelta(days=3),
        topic="VNeID mức 2",
        trainer="Công an phường",
    )
    training.attendees.set(members[:2])
    visit = HomeVisit.objects.create(
        ward=w.ward, residential_group=w.group11, household=w.h11, planned_on=TODAY,
        assigned_to=members[0], created_by=w.officer, status="done", done_at=NOW,
    )  # fmt: skip
    HomeVisit.objects.filter(pk=visit.pk).update(created_at=NOW - datetime.timedelta(days=3))
    point = MobilePoint.objects.create(
        ward=w.ward, name="Nhà văn hóa tổ 11", address="Ngõ 168", min_staff=2
    )
    for day, staff in ((1, 2), (2, 1)):
        shift = Shift.objects.create(
            point=point,
            ward=w.ward,
            date=TODAY - datetime.timedelta(days=day),
            starts=datetime.time(8),
            ends=datetime.time(11),
        )
        for member in members[:staff]:
            ShiftAssignment.objects.create(shift=shift, member=member)
    Shift.objects.create(
        point=point,
        ward=w.ward,
        date=TODAY - datetime.timedelta(days=3),
        starts=datetime.time(8),
        ends=datetime.time(11),
        is_cancelled=True,
    )
    for number, resolved_after in enumerate((5, None)):
        request = HelpRequest.objects.create(
            reference=f"TEST000{number}",
            ward=w.ward,
            residential_group=w.group12,
            name="Bà Lan",
            phone="0912345678",
            need="Cài VNeID",
        )
        HelpRequest.objects.filter(pk=request.pk).update(
            created_at=NOW - datetime.timedelta(hours=10),
            resolved_at=NOW - datetime.timedelta(hours=10 - resolved_after)
            if resolved_after
            else None,
            status="resolved" if resolved_after else "new",
        )
    # Everything above was on record well before today, as in a ward mid-campaign.
    earlier = NOW - datetime.timedelta(days=10)
    Resident.objects.update(created_at=earlier)
    Household.objects.update(created_at=earlier)
    ServiceStatus.objects.update(updated_at=earlier)
    return w


@pytest.fixture
def city(field):
    """A city officer of both the field's wards, and a campaign of the two, with no snapshot
    taken yet: `city.officer`, `city.campaign`."""
    officer = factories.user("thanhpho")
    for ward in (field.ward, field.other_ward):
        officer.roles.create(role="officer", ward=ward)
    campaign = services.campaign_create(
        user=officer, name="Chiến dịch thành phố", wards=[field.ward, field.other_ward],
        starts_on=TODAY - datetime.timedelta(days=5), ends_on=TODAY + datetime.timedelta(days=5),
    )  # fmt: skip
    return SimpleNamespace(officer=officer, campaign=campaign)


ROOT = Path(__file__).resolve().parents[2]


def env_for(data_dir: Path, **extra: str) -> dict[str, str]:
    """A hocvuso process of its own, on SQLite in `data_dir`, whatever this run's database."""
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "REDIS_URL")}
    return {
        **env,
        "DJANGO_SETTINGS_MODULE": "hocvuso.settings",
        "HOCVUSO_DATA_DIR": str(data_dir),
        "HOCVUSO_ALLOWED_HOSTS": "127.0.0.1",
        "PYTHONPATH": os.pathsep.join([str(ROOT), str(ROOT / "src")]),
        **extra,
    }


def copy_sqlite(source: Path, target: Path) -> None:
    with sqlite3.connect(source) as a, sqlite3.connect(target) as b:
        a.backup(b)


@pytest.fixture(scope="session")
def migrated_sqlite(tmp_path_factory) -> Path:
    """An empty SQLite database migrated once, for tests running hocvuso in other processes."""
    data_dir = tmp_path_factory.mktemp("migrated")
    subprocess.run([sys.executable, "manage.py", "migrate", "-v0"], env=env_for(data_dir),
                   cwd=ROOT, check=True)  # fmt: skip
    return data_dir / "hocvuso.sqlite3"
