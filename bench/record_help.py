"""record_help_vs_insert: recording help through the real page (login session, form, scoping,
status update, audit, one transaction) against a bare INSERT of the same rows, as a slowdown
factor of the time per record. The issue sets no target. Ours is 1,000 bare inserts (about
15 ms here): far below what a volunteer on a phone notices, and low enough that an N+1 query
or a slow check on this hot path shows at once."""

import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from harness import report, setup_django

RECORDS = 300


def main() -> bool:
    setup_django(Path(tempfile.mkdtemp(prefix="hocvuso-bench-help-")) / "help.sqlite3")
    from django.db import connection, transaction
    from django.test import Client
    from django.urls import reverse
    from django.utils import timezone

    from hocvuso.accounts.models import User
    from hocvuso.demo.ward import load_demo_ward
    from hocvuso.people.models import Resident
    from hocvuso.support.models import HelpRecord, Service

    ward = load_demo_ward(residents=10_000)
    volunteer = User.objects.get(username="tinhnguyen11")
    residents = list(Resident.objects.filter(residential_group__name="Tổ dân phố số 11")[:30])
    vneid = Service.objects.get(code="vneid")
    client = Client()
    client.force_login(volunteer)
    url = reverse("support:record")

    def through_the_page() -> float:
        started = time.perf_counter()
        for n in range(RECORDS):
            resident = residents[n % len(residents)]
            response = client.post(
                f"{url}?resident={resident.pk}",
                {
                    "client_id": str(uuid.uuid4()),
                    "service": vneid.pk,
                    "task": "install",
                    "outcome": "done",
                    "place": "point",
                },
            )
            assert response.status_code == 302, response.status_code
        return (time.perf_counter() - started) / RECORDS

    table = connection.ops.quote_name(HelpRecord._meta.db_table)
    columns = [
        "client_id",
        "ward_id",
        "residential_group_id",
        "resident_id",
        "walk_in_name",
        "walk_in_phone",
        "place",
        "service_id",
        "task",
        "outcome",
        "dossier_code",
        "verified",
        "note",
        "helped_by_id",
        "helped_at",
        "created_at",
    ]
    sql = f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join(['%s'] * len(columns))})"  # noqa: S608

    def bare_insert() -> float:
        now = connection.ops.adapt_datetimefield_value(timezone.now())
        rows = [
            (
                uuid.uuid4().hex,
                ward.pk,
                r.residential_group_id,
                r.pk,
                "",
                "",
                "point",
                vneid.pk,
                "install",
                "done",
                "",
                False,
                "",
                volunteer.pk,
                now,
                now,
            )
            for r in (residents[n % len(residents)] for n in range(RECORDS))
        ]
        started = time.perf_counter()
        with transaction.atomic(), connection.cursor() as cursor:
            for row in rows:  # one statement per record, as a form would send them
                cursor.execute(sql, row)
        return (time.perf_counter() - started) / RECORDS

    page = statistics.median(through_the_page() for _ in range(3))
    insert = statistics.median(bare_insert() for _ in range(3))
    return report(
        "record_help_vs_insert",
        page / insert,
        "<=",
        1000,
        f"page {page * 1000:.1f} ms/record ({1 / page:.0f}/s), bare insert {insert * 1e6:.0f} µs",
    )


if __name__ == "__main__":
    sys.exit(0 if main() else 1)
