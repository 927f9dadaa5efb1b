"""What `make run` costs a small server in memory: the demo's processes (the `serve` parent,
granian's processes and the task worker) after a warm-up that opens every public page once,
the assistant included.

serve_rss_mb: the summed resident memory of the process tree, in MB, measured as the
proportional set size (PSS, /proc/<pid>/smaps_rollup): a page that several processes share
(the interpreter, its libraries, in each of granian's web workers) counts once in all, where
summing RSS would count it in each. The plain RSS sum is printed beside it.

The demo database is built in a temporary directory with `manage.py load_demo`, as `make run`
does; HOCVUSO_BENCH_RESIDENTS makes it smaller (the memory hardly depends on it).
"""

import os
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from harness import ROOT, report

GOAL_MB = 250
WARD = 313  # the demo ward's code


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def manage(*args: str, env: dict[str, str]) -> None:
    subprocess.run(
        [sys.executable, "manage.py", *args], env=env, cwd=ROOT, check=True,
        stdout=subprocess.DEVNULL,
    )  # fmt: skip


def public_pages(db: Path) -> list[str]:
    """Every public page once: a course, its first lesson and an earned certificate from the
    demo's own data."""
    with sqlite3.connect(db) as conn:
        course_id, course = conn.execute(
            "SELECT id, slug FROM learning_course WHERE is_published ORDER BY position, slug"
        ).fetchone()
        (lesson,) = conn.execute(
            "SELECT slug FROM learning_lesson WHERE course_id = ? AND is_published "
            "ORDER BY position, slug",
            (course_id,),
        ).fetchone()
        (certificate,) = conn.execute(
            "SELECT code FROM learning_certificate WHERE revoked_at IS NULL"
        ).fetchone()
    question = urllib.parse.quote("làm sao để cài VNeID")
    return [
        "/",
        f"/points/{WARD}/",
        f"/help/{WARD}/",
        "/help/status/",
        "/learn/",
        f"/learn/{course}/",
        f"/learn/{course}/{lesson}/",
        f"/c/{certificate}/",
        f"/ask/?q={question}",
        f"/news/{WARD}/",
        "/privacy/",
    ]


def fetch(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=60) as response:  # noqa: S310
            response.read()
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def wait_until_up(url: str, server: subprocess.Popen) -> None:
    for _ in range(300):
        if server.poll() is not None:
            raise RuntimeError("`manage.py serve` stopped")
        try:
            fetch(url)
            return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError("the server did not start")


def children() -> dict[int, list[int]]:
    tree: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            ppid = int(stat.rsplit(")", 1)[1].split()[1])
            tree.setdefault(ppid, []).append(int(entry.name))
    return tree


def tree_of(pid: int) -> list[int]:
    tree, found, todo = children(), [], [pid]
    while todo:
        current = todo.pop()
        found.append(current)
        todo.extend(tree.get(current, []))
    return found


def memory_kb(pid: int) -> tuple[int, int]:
    """(RSS, PSS) of a process, in KB."""
    rollup = {}
    for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines()[1:]:
        key, value = line.split(":", 1)
        rollup[key] = int(value.split()[0])
    return rollup["Rss"], rollup["Pss"]


def command_of(pid: int) -> str:
    argv = Path(f"/proc/{pid}/cmdline").read_bytes().rstrip(b"\0").split(b"\0")
    words = [w.decode() for w in argv[1:] if not w.startswith(b"/")]
    return " ".join(words)[:70]


def main() -> bool:
    data_dir = Path(tempfile.mkdtemp(prefix="hocvuso-bench-serve-"))
    try:
        return measure(data_dir)
    finally:
        shutil.rmtree(data_dir, ignore_errors=True)


def wait_until_no_task_waits(db: Path, timeout: float = 180) -> None:
    """Until the task worker has run every task queued (load_demo queues one)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with sqlite3.connect(db) as connection:
            (waiting,) = connection.execute(
                "SELECT count(*) FROM django_tasks_database_dbtaskresult"
                " WHERE status IN ('READY', 'RUNNING')"
            ).fetchone()
        if not waiting:
            return
        time.sleep(1)
    raise TimeoutError("the task worker did not run the queued tasks")


def measure(data_dir: Path) -> bool:
    env = {key: value for key, value in os.environ.items() if key != "DATABASE_URL"}
    env.pop("HOCVUSO_SQLITE_PATH", None)
    env.update(
        HOCVUSO_DATA_DIR=str(data_dir),
        HOCVUSO_ALLOWED_HOSTS="127.0.0.1",
        DJANGO_SETTINGS_MODULE="hocvuso.settings",
        PYTHONPATH=str(ROOT / "src"),
    )
    started = time.perf_counter()
    manage("migrate", "--no-input", "-v", "0", env=env)
    manage("collectstatic", "--no-input", "-v", "0", env=env)
    residents = os.environ.get("HOCVUSO_BENCH_RESIDENTS")
    manage("load_demo", *(["--residents", residents] if residents else []), env=env)
    print(f"bench: demo database built in {time.perf_counter() - started:.0f} s", flush=True)
    pages = public_pages(data_dir / "hocvuso.sqlite3")

    port = free_port()
    base = f"http://127.0.0.1:{port}"
    server = subprocess.Popen(
        [sys.executable, "manage.py", "serve", "--host", "127.0.0.1", "--port", str(port)],
        env=env, cwd=ROOT, stdout=subprocess.DEVNULL, start_new_session=True,
    )  # fmt: skip
    try:
        wait_until_up(base + "/privacy/", server)
        # As after `make run`: the worker has taken the demo campaign's month of figures.
        wait_until_no_task_waits(data_dir / "hocvuso.sqlite3")
        statuses = {page: fetch(base + page) for page in pages}
        broken = {page: status for page, status in statuses.items() if status != 200}
        time.sleep(2)  # the worker's first round (today's snapshot) has run
        rss_total = pss_total = 0
        for pid in tree_of(server.pid):
            try:
                rss, pss = memory_kb(pid)
                command = command_of(pid)
            except (OSError, KeyError):
                continue  # gone meanwhile (the import reader's forked child, say)
            rss_total += rss
            pss_total += pss
            print(f"  pid {pid}: rss {rss / 1024:6.1f} MB  pss {pss / 1024:6.1f} MB  {command}")
        print(f"  total: rss {rss_total / 1024:.1f} MB, pss {pss_total / 1024:.1f} MB")
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
    if broken:
        print(f"bench: pages that did not answer 200: {broken}")
    ok = report("serve_rss_mb", pss_total / 1024, "<=", GOAL_MB, f"PSS; RSS {rss_total / 1024:.0f}")
    return ok and not broken


if __name__ == "__main__":
    sys.exit(0 if main() else 1)
