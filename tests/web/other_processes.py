"""Run hocvuso in other processes (a worker, threads of a script) against the test's database.

SQLite's test database lives in this process's memory, so it is copied to a file for the
others and copied back afterwards; on PostgreSQL they use the test database itself. Tests
using this need `django_db(transaction=True)`: the others see only committed rows.
"""

import os
import subprocess
import sys
from pathlib import Path

from django.conf import settings
from django.db import connection

from hocvuso.web.backups import backup, restore

ROOT = Path(__file__).resolve().parents[2]


class OtherProcesses:
    def __init__(self, tmp_path: Path) -> None:
        self.data_dir = tmp_path / "data"
        self.data_dir.mkdir(exist_ok=True)
        self.sqlite_file = self.data_dir / "shared.sqlite3"

    def env(self, **extra: str) -> dict[str, str]:
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "hocvuso.settings",
            "HOCVUSO_DATA_DIR": str(self.data_dir),
            "HOCVUSO_SECRET_KEY": settings.SECRET_KEY,
            "HOCVUSO_DATA_KEYS": ",".join(settings.DATA_KEYS),
            "HOCVUSO_TASK_BACKEND": "django_tasks_db.DatabaseBackend",
            "PYTHONPATH": os.pathsep.join([str(ROOT), str(ROOT / "src")]),
            **extra,
        }
        if connection.vendor == "sqlite":
            env.pop("DATABASE_URL", None)
            env["HOCVUSO_SQLITE_PATH"] = str(self.sqlite_file)
        else:
            params = connection.settings_dict
            env["DATABASE_URL"] = (
                f"postgres://{params['USER']}:{params['PASSWORD']}@{params['HOST']}:"
                f"{params['PORT']}/{params['NAME']}"
            )
        return env

    def share(self) -> None:
        """Let the other processes see what this test has written so far."""
        if connection.vendor == "sqlite":
            self.sqlite_file.unlink(missing_ok=True)
            backup(self.sqlite_file)

    def take_back(self) -> None:
        """See here what the other processes wrote."""
        if connection.vendor == "sqlite":
            restore(self.sqlite_file)

    def start(self, *args: str, **extra_env: str) -> subprocess.Popen:
        return subprocess.Popen(
            [sys.executable, *args],
            env=self.env(**extra_env),
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )

    def run(self, *args: str, timeout: float = 60, **extra_env: str) -> str:
        process = self.start(*args, **extra_env)
        out, _ = process.communicate(timeout=timeout)
        assert process.returncode == 0, out
        return out
