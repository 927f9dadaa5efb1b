"""The load test: the demo ward on the production profile, loaded by locust on loopback.

    .venv/bin/python loadtest/run.py                      # 100 people for 60 s, SQLite
    DATABASE_URL=postgres://… .venv/bin/python loadtest/run.py --users 100 --seconds 60

It prepares a database (`deploy/run-profile setup`, then the demo ward with
`manage.py load_demo`: a fresh SQLite file in a temporary HOCVUSO_DATA_DIR, or the
PostgreSQL database DATABASE_URL names), starts the production profile
(`deploy/run-profile all`) on a free port, runs `locustfile.py` headless, prints p50/p95/p99,
requests per second and errors, stops everything and exits non-zero on any error.
"""

import argparse
import csv
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LOCUSTFILE = Path(__file__).resolve().parent / "locustfile.py"
PYTHON = sys.executable
PROFILE = ROOT / "deploy" / "run-profile"


@dataclass
class Result:
    requests: int
    errors: int
    rps: float
    p50: float
    p95: float
    p99: float
    pages: dict[str, tuple[int, float, float]]  # name: (requests, rps, p95 ms)
    failures: list[str]

    def summary(self) -> str:
        return (
            f"{self.requests} requests, {self.rps:.1f}/s, {self.errors} errors; "
            f"p50 {self.p50:.0f} ms, p95 {self.p95:.0f} ms, p99 {self.p99:.0f} ms"
        )


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def environment(data_dir: Path, settings: str = "hocvuso.settings") -> dict[str, str]:
    """The profile's environment, on plain HTTP on loopback: every simulated person comes
    through a "proxy" on 127.0.0.1, whose X-Forwarded-For the server believes."""
    env = {
        **os.environ,
        "HOCVUSO_DATA_DIR": str(data_dir),
        "HOCVUSO_TRUSTED_PROXIES": "127.0.0.1",
        "HOCVUSO_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "HOCVUSO_HASHED_STATIC": "true",
        "DJANGO_SETTINGS_MODULE": settings,
        "PYTHONPATH": os.pathsep.join([str(ROOT / "src"), str(ROOT)]),
    }
    if not env.get("DATABASE_URL"):
        env["HOCVUSO_SQLITE_PATH"] = str(data_dir / "hocvuso.sqlite3")
    return env


def prepare(env: dict[str, str]) -> None:
    """The profile's release steps (migrate, static files, places, curriculum), then the demo
    ward."""
    started = time.perf_counter()
    subprocess.run([str(PROFILE), "setup"], env=env, cwd=ROOT, check=True)  # noqa: S603
    subprocess.run(  # noqa: S603
        [PYTHON, "manage.py", "load_demo"],
        env=env, cwd=ROOT, check=True, stdout=subprocess.DEVNULL,
    )  # fmt: skip
    # The demo campaign's month of figures, queued by load_demo: taken now, so that the
    # served worker is not drawing them while the load is measured.
    subprocess.run(  # noqa: S603
        [PYTHON, "manage.py", "work", "--once"], env=env, cwd=ROOT, check=True
    )
    print(f"loadtest: demo ward loaded in {time.perf_counter() - started:.0f} s", flush=True)


def serve(env: dict[str, str], port: int) -> subprocess.Popen:
    """The production profile as its systemd units run it (`deploy/run-profile all`: granian
    with two worker processes, and the task worker), in a session of its own so that stopping
    it stops every process it started."""
    env = {**env, "GRANIAN_HOST": "127.0.0.1", "GRANIAN_PORT": str(port), "GRANIAN_WORKERS": "2"}
    log = open(Path(env["HOCVUSO_DATA_DIR"]) / "server.log", "ab")  # noqa: SIM115
    server = subprocess.Popen(  # noqa: S603
        [str(PROFILE), "all"], env=env, cwd=ROOT, stdout=log, stderr=log, start_new_session=True
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"the server stopped at start; see {log.name}")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/privacy/", timeout=2):
                return server
        except OSError:
            time.sleep(0.3)
    stop(server)
    raise RuntimeError(f"the server did not answer within 60 s; see {log.name}")


def stop(server: subprocess.Popen) -> None:
    try:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=20)
    except ProcessLookupError:
        pass
    except subprocess.TimeoutExpired:
        os.killpg(server.pid, signal.SIGKILL)
        server.wait()


def warm_up(base: str, paths: list[str]) -> None:
    for path in paths:
        with urllib.request.urlopen(base + path, timeout=30):  # noqa: S310
            pass


def locust(
    base: str, *, users: int, seconds: int, out: Path, wait: bool = True, page: str = ""
) -> Result:
    """Run locustfile.py headless (the mix, or only `page`); bounded by `seconds` and a hard
    timeout beyond it."""
    prefix = out / (re.sub(r"\W+", "-", page).strip("-") or "mix")
    env = {**os.environ, "LOADTEST_WAIT": str(int(wait)), "LOADTEST_PAGE": page}
    with open(f"{prefix}_locust.log", "wb") as log:
        subprocess.run(  # noqa: S603
            [PYTHON, "-m", "locust", "-f", str(LOCUSTFILE), "--headless", "--host", base,
             "--users", str(users), "--spawn-rate", str(max(users // 2, 1)),
             "--run-time", f"{seconds}s", "--stop-timeout", "10", "--csv", str(prefix),
             "--only-summary", "--loglevel", "WARNING"],
            env=env, cwd=ROOT, check=False, timeout=seconds + 120,
            stdout=log, stderr=subprocess.STDOUT,
        )  # fmt: skip
    return read_stats(prefix)


def read_stats(prefix: Path) -> Result:
    pages, total = {}, None
    with open(f"{prefix}_stats.csv", newline="") as stats:
        for row in csv.DictReader(stats):
            line = (int(row["Request Count"]), float(row["Requests/s"]), float(row["95%"] or 0))
            if row["Name"] == "Aggregated":
                total = row
            else:
                pages[f"{row['Type']} {row['Name']}"] = line
    failures = []
    with open(f"{prefix}_failures.csv", newline="") as listed:
        for row in csv.DictReader(listed):
            failures.append(f"{row['Occurrences']}× {row['Method']} {row['Name']}: {row['Error']}")
    if total is None:
        raise RuntimeError("locust wrote no statistics")
    return Result(
        requests=int(total["Request Count"]),
        errors=int(total["Failure Count"]),
        rps=float(total["Requests/s"]),
        p50=float(total["50%"] or 0),
        p95=float(total["95%"] or 0),
        p99=float(total["99%"] or 0),
        pages=pages,
        failures=failures,
    )


def show(label: str, result: Result) -> None:
    print(f"loadtest: {label}: {result.summary()}", flush=True)
    for name, (count, rps, p95) in sorted(result.pages.items()):
        print(f"loadtest:   {name:<48} {count:>6} requests {rps:>7.1f}/s  p95 {p95:>5.0f} ms")
    for failure in result.failures:
        print(f"loadtest:   error: {failure}", flush=True)


PUBLIC = ["/", "/points/313/", "/help/313/", "/learn/", "/news/313/", "/privacy/"]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=100)
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--no-wait", action="store_true", help="no pause between pages")
    parser.add_argument(
        "--data-dir", type=Path, help="an already prepared HOCVUSO_DATA_DIR to reuse"
    )
    args = parser.parse_args()
    data_dir = args.data_dir or Path(tempfile.mkdtemp(prefix="hocvuso-load-"))
    env = environment(data_dir)
    if args.data_dir is None:
        prepare(env)
    port = free_port()
    server = serve(env, port)
    base = f"http://127.0.0.1:{port}"
    try:
        warm_up(base, PUBLIC)
        result = locust(
            base, users=args.users, seconds=args.seconds, out=data_dir, wait=not args.no_wait
        )
    finally:
        stop(server)
    show(f"{args.users} people for {args.seconds} s", result)
    if args.data_dir is None and not result.errors:
        shutil.rmtree(data_dir, ignore_errors=True)
    return 1 if result.errors or not result.requests else 0


if __name__ == "__main__":
    sys.exit(main())
