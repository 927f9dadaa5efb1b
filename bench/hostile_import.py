"""A hostile workbook against the served site (`manage.py serve`: granian and the task worker)
on a database of its own.

hostile_workbook_refusal_s: from the upload of a 0.3 MB .xlsx whose one shared string
unpacks to 300 MB until its batch page says it is refused. Goal: under 30 s.
public_page_during_hostile_read_s: the slowest answer of the public help form, asked for
again and again while that workbook is read. Goal: under 2 s.
zip_bomb_added_memory_mb and hostile_workbook_added_memory_mb: the most memory reading the
600 MB sheet bomb (2 MB on disk), and the 300 MB string, added to the process that read it
(its child included). Goal: under 300 MB.

Before this was built, the same workbook held the only web worker for about 5 minutes at
2.8 GB, and the sheet bomb added 1.2 GB.
"""

import os
import re
import resource
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import contextlib

from harness import ROOT, report, setup_django
from learning_pages import free_port

PASSWORD = "bench-hostile-2026"  # noqa: S105 (a throwaway database)


def prepare(data_dir: Path) -> None:
    setup_django(data_dir / "hostile.sqlite3")
    from tests import factories

    from hocvuso.accounts.models import Role

    ward = factories.ward(factories.TUONG_MAI)
    factories.group(ward, "Tổ dân phố số 11")
    officer = factories.user("canbo", role=Role.OFFICER, ward_=ward)
    officer.set_password(PASSWORD)
    officer.save()


def rss_mb() -> float:
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * resource.getpagesize() / 2**20


def added_memory_mb(data: bytes) -> float:
    """What reading `data` as the task worker does adds: the child's peak above what it
    shared with its parent at the fork, plus whatever the parent itself grew by."""
    from django.conf import settings

    from hocvuso.people.importing.isolation import run_limited
    from hocvuso.people.importing.reading import parse_resident_list
    from hocvuso.people.importing.rows import ImportFileError

    before = rss_mb()
    peak_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    with contextlib.suppress(ImportFileError):
        run_limited(
            parse_resident_list,
            data,
            "danh-sach.xlsx",
            max_rows=settings.IMPORT_MAX_ROWS,
            memory=settings.IMPORT_READ_MEMORY_BYTES,
            seconds=settings.IMPORT_READ_SECONDS,
        )
    child_peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    parent_growth = max(
        0.0, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024 - peak_before
    )
    return max(0.0, child_peak - before) + parent_growth


def serve(port: int, env: dict[str, str]) -> subprocess.Popen:
    import httpx

    server = subprocess.Popen(
        [sys.executable, "manage.py", "serve", "--port", str(port)],
        env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        start_new_session=True,
    )  # fmt: skip
    for _ in range(150):
        try:
            httpx.get(f"http://127.0.0.1:{port}/help/313/", timeout=1)
            return server
        except httpx.HTTPError:
            time.sleep(0.2)
    server.kill()
    raise RuntimeError("the server did not start")


def refusal_and_latency(base: str, bomb: bytes) -> tuple[float, float, int]:
    """Upload the bomb as the officer; time its refusal, and the public form meanwhile."""
    import httpx

    officer = httpx.Client(base_url=base, timeout=60)
    officer.get("/accounts/login/")
    officer.post(
        "/accounts/login/",
        data={
            "username": "canbo",
            "password": PASSWORD,
            "csrfmiddlewaretoken": officer.cookies["csrftoken"],
        },
        headers={"Referer": f"{base}/accounts/login/"},
    )
    officer.get("/registry/import/")
    latencies: list[float] = []
    done = threading.Event()

    def resident() -> None:
        with httpx.Client(base_url=base, timeout=30) as client:
            while not done.is_set():
                started = time.perf_counter()
                client.get("/help/313/").raise_for_status()
                latencies.append(time.perf_counter() - started)
                time.sleep(0.1)

    watcher = threading.Thread(target=resident)
    watcher.start()
    started = time.perf_counter()
    response = officer.post(
        "/registry/import/",
        data={"csrfmiddlewaretoken": officer.cookies["csrftoken"]},
        files={"file": ("danh-sach.xlsx", bomb)},
        headers={"Referer": f"{base}/registry/import/"},
    )
    location = response.headers["location"]
    try:
        while time.perf_counter() - started < 120:
            status = re.search(r'data-status="(\w+)"', officer.get(location).text)
            if status and status.group(1) not in ("reading", "queued", "running"):
                break
            time.sleep(0.25)
        refused = time.perf_counter() - started
    finally:
        done.set()
        watcher.join()
    if not status or status.group(1) != "refused":
        raise RuntimeError(f"the bomb was not refused: {status and status.group(1)}")
    return refused, max(latencies), len(latencies)


def main() -> bool:
    data_dir = Path(tempfile.mkdtemp(prefix="hocvuso-hostile-"))
    prepare(data_dir)
    from tests.people import hostile_workbooks as hostile

    string_bomb = hostile.shared_string_bomb()
    sheet_bomb = hostile.sheet_bomb()
    ok = report(
        "zip_bomb_added_memory_mb",
        added_memory_mb(sheet_bomb),
        "<=",
        300,
        f"600 MB of sheet XML in {len(sheet_bomb) // 1024} KB; before: 1,200 MB",
    )
    ok &= report(
        "hostile_workbook_added_memory_mb",
        added_memory_mb(string_bomb),
        "<=",
        300,
        f"a 300 MB shared string in {len(string_bomb) // 1024} KB; before: 2,800 MB",
    )
    port = free_port()
    env = {
        **os.environ,
        "HOCVUSO_DATA_DIR": str(data_dir),
        "HOCVUSO_SQLITE_PATH": str(data_dir / "hostile.sqlite3"),
        "HOCVUSO_ALLOWED_HOSTS": "127.0.0.1,localhost",
    }
    server = serve(port, env)
    try:
        refused, slowest, asked = refusal_and_latency(f"http://127.0.0.1:{port}", string_bomb)
    finally:
        os.killpg(server.pid, 15)
        server.wait(timeout=20)
    ok &= report("hostile_workbook_refusal_s", refused, "<=", 30, "before: about 300 s")
    ok &= report(
        "public_page_during_hostile_read_s",
        slowest,
        "<=",
        2,
        f"the slowest of {asked} answers of /help/313/; before: timed out",
    )
    return ok


if __name__ == "__main__":
    sys.exit(0 if main() else 1)
