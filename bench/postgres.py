"""A PostgreSQL of the benchmarks' own, started as `.ci/run` starts CI's: PostgreSQL 15's
initdb as an unprivileged user (PostgreSQL refuses root), trust on loopback, a free port
from 55432 up, fsync, synchronous commits and full-page writes off. Its data directory is
kept, so a database generated once (the metropolis) is reused by the next run.
"""

import contextlib
import glob
import os
import shutil
import socket
import subprocess
from collections.abc import Iterator
from pathlib import Path

RUNNER = "pgrunner"


def _pg_bin() -> Path:
    found = shutil.which("initdb")
    if found:
        return Path(found).resolve().parent
    candidates = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    if not candidates:
        subprocess.run(["apt-get", "update", "-q"], check=True)
        subprocess.run(["apt-get", "install", "-y", "-q", "postgresql"], check=True)
        candidates = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    return Path(candidates[-1]).parent


def _free_port(port: int = 55432) -> int:
    while True:
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) != 0:
                return port
        port += 1


def _as_runner(*command: str | Path) -> list[str]:
    if os.geteuid() != 0:
        return [str(part) for part in command]
    if subprocess.run(["id", RUNNER], capture_output=True, check=False).returncode != 0:
        subprocess.run(["useradd", "-r", "-M", RUNNER], check=True)
    return ["runuser", "-u", RUNNER, "--", *(str(part) for part in command)]


@contextlib.contextmanager
def local_postgres(home: Path, databases: tuple[str, ...]) -> Iterator[dict[str, str]]:
    """Start (initialising it the first time) the PostgreSQL kept in `home`, create the
    `databases` it lacks, and yield each one's DATABASE_URL; stop it afterwards."""
    pg_bin = _pg_bin()
    home.mkdir(parents=True, exist_ok=True)
    if os.geteuid() == 0:
        _as_runner("true")  # makes the user
        shutil.chown(home, RUNNER)
    data = home / "data"
    if not (data / "PG_VERSION").exists():
        subprocess.run(
            _as_runner(
                pg_bin / "initdb",
                "-D",
                data,
                "-U",
                "postgres",
                "--auth=trust",
                "-E",
                "UTF8",
                "--locale=C.UTF-8",
            ),
            check=True,
            stdout=subprocess.DEVNULL,
        )
    port = _free_port()
    options = (
        f"-p {port} -k {home} -c listen_addresses=127.0.0.1 -c fsync=off "
        "-c synchronous_commit=off -c full_page_writes=off -c max_wal_size=4GB"
    )
    subprocess.run(
        _as_runner(pg_bin / "pg_ctl", "-D", data, "-l", home / "log", "-w", "start", "-o", options),
        check=True,
        stdout=subprocess.DEVNULL,
    )
    try:
        urls = {}
        for name in databases:
            exists = subprocess.run(
                _as_runner(
                    pg_bin / "psql",
                    "-h",
                    home,
                    "-p",
                    str(port),
                    "-U",
                    "postgres",
                    "-tAc",
                    f"SELECT 1 FROM pg_database WHERE datname = '{name}'",  # noqa: S608 - ours
                ),
                check=True,
                capture_output=True,
                text=True,
            ).stdout.strip()
            if not exists:
                subprocess.run(
                    _as_runner(
                        pg_bin / "createdb", "-h", home, "-p", str(port), "-U", "postgres", name
                    ),
                    check=True,
                )
            urls[name] = f"postgres://postgres@127.0.0.1:{port}/{name}"
        yield urls
    finally:
        subprocess.run(
            _as_runner(pg_bin / "pg_ctl", "-D", data, "stop", "-m", "fast"),
            check=False,
            stdout=subprocess.DEVNULL,
        )
