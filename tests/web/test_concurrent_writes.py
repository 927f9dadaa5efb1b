"""SQLite under concurrent writers: ten volunteers recording help at the same instant all get
their record stored, none sees "database is locked" (WAL, a busy timeout and writers that take
the lock when their transaction begins: settings.py)."""

from pathlib import Path

import pytest
from django.db import connection

from hocvuso.accounts.models import Role
from hocvuso.audit.models import AuditEvent
from hocvuso.support.models import HelpRecord, ServiceStatus
from tests import factories
from tests.web.other_processes import OtherProcesses

SCRIPT = str(Path(__file__).with_name("record_help_at_once.py"))

pytestmark = pytest.mark.skipif(
    connection.vendor != "sqlite", reason="PostgreSQL locks rows, not the whole database"
)


@pytest.mark.django_db(transaction=True)
def test_ten_volunteers_recording_help_at_once_all_succeed(world, tmp_path):
    volunteers = [world.volunteer.username, world.leader.username] + [
        factories.user(f"volunteer11-{i}", role=Role.VOLUNTEER, ward_=world.ward,
                       groups=(world.group11,)).username
        for i in range(3)
    ]  # fmt: skip
    others = OtherProcesses(tmp_path)
    others.share()

    out = others.run(SCRIPT, str(world.an.pk), *volunteers)

    assert out.split() == ["ok"] * 10, out
    others.take_back()
    records = HelpRecord.objects.filter(resident=world.an)
    assert records.count() == 10
    assert sorted(records.values_list("note", flat=True)) == sorted(
        f"thread {i}" for i in range(10)
    )
    assert AuditEvent.objects.filter(object_type="helprecord").count() == 10
    (status,) = ServiceStatus.objects.filter(resident=world.an)
    assert status.installed
    world.h11.refresh_from_db()
    assert world.h11.first_reached_at is not None
