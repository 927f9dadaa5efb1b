"""Backups of the database and their restore: SQLite through its online backup API, PostgreSQL
through `pg_dump -Fc` and `pg_restore`.

A backup is written beside its final name and renamed into place, so a backup cut short never
looks complete. A restore is all or nothing: SQLite copies the file in one step inside one
transaction, PostgreSQL restores in a single transaction.
"""

import datetime
import os
import shutil
import sqlite3
import subprocess
from pathlib import Path

from django.conf import settings
from django.core.cache import caches
from django.db import connections
from django.db.backends.base.base import BaseDatabaseWrapper

# Tables whose rows mean a database holds a ward's data: it has at least its officers' accounts.
DATA_TABLES = ("accounts_user", "people_household")


class BackupError(Exception):
    """What stopped a backup or a restore, said so the operator can act on it."""


def default_path(alias: str = "default") -> Path:
    """Where a backup goes when no path is given: the data dir's backups folder, by time."""
    suffix = ".sqlite3" if connections[alias].vendor == "sqlite" else ".dump"
    stamp = datetime.datetime.now().strftime("%Y%m%d-%H%M%S")
    return Path(settings.DATA_DIR) / "backups" / f"hocvuso-{stamp}{suffix}"


def backup(path: Path, *, alias: str = "default") -> Path:
    """Write a consistent copy of the database to `path` while the site keeps running."""
    connection = connections[alias]
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f".{path.name}.partial")
    try:
        if connection.vendor == "sqlite":
            _sqlite_backup(connection, partial)
        elif connection.vendor == "postgresql":
            _run([_binary("pg_dump"), "-Fc", "-f", str(partial)], connection)
        else:
            raise BackupError(f"No backup for a {connection.vendor} database.")
        os.replace(partial, path)
    finally:
        partial.unlink(missing_ok=True)
    return path


def is_empty(*, alias: str = "default") -> bool:
    """Whether the database holds no ward's data yet (no accounts, no households)."""
    connection = connections[alias]
    tables = set(connection.introspection.table_names())
    with connection.cursor() as cursor:
        for table in DATA_TABLES:
            if table in tables:
                cursor.execute(f"SELECT 1 FROM {connection.ops.quote_name(table)} LIMIT 1")  # noqa: S608
                if cursor.fetchone():
                    return False
    return True


def restore(path: Path, *, alias: str = "default") -> None:
    """Replace the database's whole content with the backup at `path`, or change nothing."""
    if not path.is_file():
        raise BackupError(f"No backup at {path}.")
    connection = connections[alias]
    if connection.vendor == "sqlite":
        _sqlite_restore(connection, path)
    elif connection.vendor == "postgresql":
        connection.close()  # its locks would hold up the restore
        _run(
            [_binary("pg_restore"), "--clean", "--if-exists", "--no-owner",
             "--single-transaction", "--exit-on-error", "-d", connection.settings_dict["NAME"],
             str(path)],
            connection,
        )  # fmt: skip
    else:
        raise BackupError(f"No restore for a {connection.vendor} database.")
    # What the processes kept from the replaced data (scopes, sessions, dashboards, the
    # assistant's index) is checked against stamps in the cache, which no signal of the
    # restore changed: forget them all, so every process builds again from the restored rows.
    for alias in settings.CACHES:
        caches[alias].clear()


def _sqlite_backup(connection: BaseDatabaseWrapper, target: Path) -> None:
    connection.ensure_connection()
    destination = sqlite3.connect(target)
    try:
        connection.connection.backup(destination)
    finally:
        destination.close()


def _sqlite_restore(connection: BaseDatabaseWrapper, path: Path) -> None:
    source = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        try:
            checked = source.execute("PRAGMA integrity_check").fetchone()
            names = {row[0] for row in source.execute("SELECT name FROM sqlite_master")}
        except sqlite3.DatabaseError as error:
            raise BackupError(f"{path} is not an SQLite backup: {error}") from None
        if checked != ("ok",) or "django_migrations" not in names:
            raise BackupError(f"{path} is not a whole hocvuso backup.")
        connection.ensure_connection()
        # One step: the destination is rewritten in one transaction, so a failure leaves it as
        # it was.
        source.backup(connection.connection, pages=-1)
    finally:
        source.close()


def _binary(name: str) -> str:
    """A PostgreSQL client program: beside `initdb` (the server's own bin folder), else on PATH."""
    initdb = shutil.which("initdb")
    if initdb:
        beside = Path(os.path.realpath(initdb)).parent / name
        if beside.exists():
            return str(beside)
    found = shutil.which(name)
    if not found:
        raise BackupError(f"{name} was not found: install PostgreSQL's client programs.")
    return found


def _run(command: list[str], connection: BaseDatabaseWrapper) -> None:
    params = connection.settings_dict
    env = {**os.environ, "PGDATABASE": params["NAME"]}
    for key, variable in (
        ("HOST", "PGHOST"), ("PORT", "PGPORT"), ("USER", "PGUSER"), ("PASSWORD", "PGPASSWORD")
    ):  # fmt: skip
        if params.get(key):
            env[variable] = str(params[key])
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)  # noqa: S603
    if done.returncode != 0:
        raise BackupError(f"{Path(command[0]).name} failed: {done.stderr.strip()[-2000:]}")
