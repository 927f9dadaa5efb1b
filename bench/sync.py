"""sync_vs_bulk_create: 10,000 help records queued on a phone, sent through the device API
(`POST /api/v1/help-records/batch`, 100 records a batch as the volunteer app sends them, with
a real device token, through the WSGI app in this process) against `bulk_create` of the same
rows in the same batches (one transaction each), in the same run. The API does everything
the help form does for each record (scope, the form's rules, the resident's service status,
the household's first contact, the audit log naming the device); the goal is that all of it
costs at most three times the bare rows.

Both sides run in this process, SQLite included (WAL, synchronous=NORMAL: a commit waits for
no disk flush), so the figure is their CPU time: on a machine shared with other work, wall
time mostly measures the neighbours. Wall time is printed beside it."""

import json
import sys
import tempfile
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from harness import report, setup_django

RECORDS = 10_000
BATCH = 100  # what the volunteer app sends at once (fieldapp/static/fieldapp/sync.js)


def clock() -> tuple[float, float]:
    return time.process_time(), time.perf_counter()


def minus(end: tuple[float, float], start: tuple[float, float]) -> tuple[float, float]:
    return end[0] - start[0], end[1] - start[1]


TASKS = ["install", "create_account", "file_dossier", "look_up_result", "vneid_level2"]


def main() -> bool:
    setup_django(Path(tempfile.mkdtemp(prefix="hocvuso-bench-sync-")) / "sync.sqlite3")
    from django.db import transaction
    from django.test import Client
    from django.utils import timezone

    from hocvuso.accounts.models import User
    from hocvuso.demo.ward import load_demo_ward
    from hocvuso.devices.services import issue_token
    from hocvuso.people.models import Resident
    from hocvuso.support.models import HelpRecord, Service

    ward = load_demo_ward(residents=10_000)
    volunteer = User.objects.get(username="tinhnguyen11")
    officer = User.objects.get(username="canbo")
    residents = list(Resident.objects.filter(residential_group__name="Tổ dân phố số 11"))
    services = {s.code: s for s in Service.objects.filter(code__in=["vneid", "ihanoi"])}
    _token, plain = issue_token(person=volunteer, device_name="Bench", issued_by=officer)
    client = Client(HTTP_AUTHORIZATION=f"Bearer {plain}")
    now = timezone.now()

    def queued(n: int) -> dict:
        resident = residents[n % len(residents)]
        return {
            "client_id": str(uuid.uuid4()),
            "resident_id": resident.pk,
            "service": "vneid" if n % 3 else "ihanoi",
            "task": TASKS[n % len(TASKS)] if n % 3 else "install",
            "outcome": "done" if n % 7 else "follow_up",
            "place": "home",
            "helped_at": now.isoformat(),
        }

    def bulk_create() -> tuple[float, float]:
        """The same rows, in the same batches, each batch one transaction as on the server."""
        rows = [queued(n) for n in range(RECORDS)]
        by_id = {r.pk: r for r in residents}
        started = clock()
        for start in range(0, RECORDS, BATCH):
            with transaction.atomic():
                HelpRecord.objects.bulk_create(
                    [
                        HelpRecord(
                            client_id=row["client_id"],
                            ward=ward,
                            resident_id=row["resident_id"],
                            residential_group_id=by_id[row["resident_id"]].residential_group_id,
                            place=row["place"],
                            service=services[row["service"]],
                            task=row["task"],
                            outcome=row["outcome"],
                            helped_by=volunteer,
                            helped_at=now,
                        )
                        for row in rows[start : start + BATCH]
                    ]
                )
        return minus(clock(), started)

    def through_the_api() -> tuple[float, float]:
        # What the phone does (encode its queue, read the answers) is not the server's time.
        bodies = [
            json.dumps({"records": [queued(n) for n in range(start, start + BATCH)]})
            for start in range(0, RECORDS, BATCH)
        ]
        started = clock()
        responses = [
            client.post("/api/v1/help-records/batch", body, content_type="application/json")
            for body in bodies
        ]
        spent = minus(clock(), started)
        for response in responses:
            assert response.status_code == 200, response.content[:300]
            statuses = {r["status"] for r in response.json()["results"]}
            assert statuses == {"stored"}, statuses
        return spent

    assert client.get("/api/v1/me").status_code == 200  # a server that has served before
    before = HelpRecord.objects.count()
    bulk = bulk_create()
    api = through_the_api()
    assert HelpRecord.objects.count() == before + 2 * RECORDS
    return report(
        "sync_vs_bulk_create",
        api[0] / bulk[0],
        "<=",
        3,
        f"CPU: API {api[0]:.2f} s ({RECORDS / api[0]:.0f} records/s), bulk_create "
        f"{bulk[0]:.2f} s; wall: {api[1]:.2f} s and {bulk[1]:.2f} s",
    )


if __name__ == "__main__":
    sys.exit(0 if main() else 1)
