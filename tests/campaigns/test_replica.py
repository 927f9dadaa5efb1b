"""HOCVUSO_REPLICA_URL: the campaign snapshots are read from the replica, everything else
(and anything inside a transaction) from the primary, writes go to the primary. Two SQLite
files stand in for PostgreSQL and its streaming replica, in another process."""

import json
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from django.utils import timezone

from tests.campaigns.conftest import ROOT, copy_sqlite, env_for

HERE = Path(__file__).parent

pytestmark = pytest.mark.timeout(90)


def test_open_data_reads_the_replica_and_writes_go_to_the_primary(migrated_sqlite, tmp_path):
    primary, replica = tmp_path / "hocvuso.sqlite3", tmp_path / "replica.sqlite3"
    copy_sqlite(migrated_sqlite, primary)
    run = {"cwd": ROOT, "check": True, "capture_output": True, "text": True}
    figures = json.dumps({"313": {"help_given": [40, None]}})
    campaign = subprocess.run(
        [sys.executable, str(HERE / "rollup_instance.py"), figures], env=env_for(tmp_path), **run
    ).stdout.strip()
    copy_sqlite(primary, replica)
    # The replica holds what the primary does, but today's figure differs, so its reader shows.
    with sqlite3.connect(replica) as db:
        db.execute(
            "UPDATE campaigns_snapshot SET numerator = 41 WHERE indicator = 'help_given'"
            " AND residential_group_id IS NULL AND day = ?",
            [timezone.localdate().isoformat()],
        )

    env = env_for(tmp_path, HOCVUSO_REPLICA_URL=f"sqlite:///{replica}")
    seen = json.loads(
        subprocess.run(
            [sys.executable, str(HERE / "replica_reads.py"), campaign], env=env, **run
        ).stdout
    )

    assert seen == {
        "status": 200,
        "published": {"help_given": 41.0},
        "in_transaction": 40.0,
        "router_reads_from": "replica",
    }
    written = "SELECT count(*) FROM campaigns_snapshot WHERE indicator = 'written_here'"
    with sqlite3.connect(primary) as a, sqlite3.connect(replica) as b:
        assert a.execute(written).fetchone() == (1,) and b.execute(written).fetchone() == (0,)
