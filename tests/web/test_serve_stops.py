"""`manage.py serve` (and so `make run`) stops whole: once it is stopped, by SIGTERM, Ctrl+C or
even SIGKILL, no web worker or task worker goes on running and the site no longer answers."""

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A migrated SQLite database of its own, as `make run` leaves one."""
    path = tmp_path_factory.mktemp("serve")
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "--no-input", "-v", "0"],
        cwd=ROOT, env=environment(path), check=True, timeout=240,
    )  # fmt: skip
    return path


def environment(data_dir: Path) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if key != "DATABASE_URL"}
    env.pop("HOCVUSO_SQLITE_PATH", None)
    env.update(HOCVUSO_DATA_DIR=str(data_dir), DJANGO_SETTINGS_MODULE="hocvuso.settings")
    return env


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def answers(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=2) as connection:
            connection.sendall(b"GET /healthz HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n")
            return connection.recv(12).startswith(b"HTTP/1.")
    except OSError:
        return False


def health(port: int) -> int:
    """/healthz's status: 200 once the database, the cache and the task worker are well."""
    with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), 5) as conn:
        conn.sendall(b"GET /healthz HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n")
        status = conn.recv(12).split(b" ")
        return int(status[1]) if len(status) > 1 and status[1].isdigit() else 0
    return 0


def refuses(port: int) -> bool:
    try:
        socket.create_connection(("127.0.0.1", port), timeout=2).close()
    except ConnectionRefusedError:
        return True
    return False


def started_at(pid: int) -> str | None:
    """When the process began (in clock ticks), or None once it is gone or a zombie."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except (FileNotFoundError, ProcessLookupError):
        return None
    fields = stat.rsplit(")", 1)[1].split()
    return None if fields[0] in ("Z", "X") else fields[19]


def descendants(pid: int) -> dict[int, str]:
    """Every process below `pid`, from /proc/<pid>/task/<tid>/children, with its start."""
    found: dict[int, str] = {}
    pending = [pid]
    while pending:
        parent = pending.pop()
        for task in Path(f"/proc/{parent}/task").glob("*"):
            try:
                children = (task / "children").read_text().split()
            except OSError:
                continue
            for child in map(int, children):
                if (start := started_at(child)) is not None and child not in found:
                    found[child] = start
                    pending.append(child)
    return found


def still_running(processes: dict[int, str]) -> list[int]:
    return [pid for pid, start in processes.items() if started_at(pid) == start]


@pytest.mark.skipif(not Path("/proc/self/task").exists(), reason="reads processes from /proc")
@pytest.mark.parametrize(
    ("how", "to_group"),
    [
        pytest.param(signal.SIGTERM, False, id="SIGTERM to serve"),
        pytest.param(signal.SIGTERM, True, id="SIGTERM to every process"),
        pytest.param(signal.SIGINT, True, id="Ctrl+C"),  # the terminal signals the whole group
        pytest.param(signal.SIGKILL, False, id="SIGKILL to serve"),
    ],
)
def test_stopping_serve_stops_its_web_workers_and_task_worker(
    data_dir: Path, tmp_path: Path, how: signal.Signals, to_group: bool
) -> None:
    port = free_port()
    log = tmp_path / "serve.log"
    serve = subprocess.Popen(
        [sys.executable, "manage.py", "serve", "--port", str(port)],
        cwd=ROOT, env=environment(data_dir), start_new_session=True,
        stdout=log.open("wb"), stderr=subprocess.STDOUT,
    )  # fmt: skip
    children: dict[int, str] = {}
    try:
        deadline = time.monotonic() + 120
        while not answers(port):
            assert serve.poll() is None, "serve stopped before it answered"
            assert time.monotonic() < deadline, "serve did not answer within 2 minutes"
            time.sleep(0.3)
        children = descendants(serve.pid)
        # Two web workers and the task worker, at least.
        assert len(children) >= 3, children
        # The task worker, forked from serve, has run a round (its heartbeat).
        while health(port) != 200:
            assert time.monotonic() < deadline, "the task worker never ran: " + log.read_text()
            time.sleep(0.3)

        if to_group:
            os.killpg(serve.pid, how)
        else:
            serve.send_signal(how)
        serve.wait(timeout=15)
        deadline = time.monotonic() + 10
        while still_running(children) and time.monotonic() < deadline:
            time.sleep(0.1)

        assert still_running(children) == [], log.read_text()
        assert refuses(port)
    finally:
        for pid in [serve.pid, *still_running(children)]:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
