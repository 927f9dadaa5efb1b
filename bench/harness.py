"""Shared by the benchmarks: a Django set up on a database of its own, timing and reporting."""

import hashlib
import os
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "var" / "bench"


def schema_version() -> str:
    """A short hash of every migration, so a database built for an older schema is not reused."""
    digest = hashlib.sha256()
    for path in sorted((ROOT / "src" / "hocvuso").glob("*/migrations/0*.py")):
        digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def setup_django(db_path: Path | None, *, database_url: str = "") -> None:
    """Point Django at its own SQLite file, or at `database_url` (PostgreSQL), migrated,
    before anything imports the models."""
    if database_url:
        os.environ["DATABASE_URL"] = database_url
    else:
        db_path.parent.mkdir(parents=True, exist_ok=True)
        os.environ.pop("DATABASE_URL", None)
        os.environ["HOCVUSO_SQLITE_PATH"] = str(db_path)
    os.environ["HOCVUSO_ALLOWED_HOSTS"] = "testserver"  # the test client that times pages
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hocvuso.settings")
    sys.path.insert(0, str(ROOT / "src"))
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)


def median_seconds(fn: Callable[[], object], *, repeat: int, warmup: int = 1) -> float:
    for _ in range(warmup):
        fn()
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def paired_medians(
    first: Callable[[], object], second: Callable[[], object], *, repeat: int
) -> tuple[float, float]:
    """The median seconds of `first` and of `second`, run in turns after one warm-up each:
    on shared cores a slow minute then slows both sides of a ratio alike."""
    first()
    second()
    times: tuple[list[float], list[float]] = ([], [])
    for _ in range(repeat):
        for fn, kept in ((first, times[0]), (second, times[1])):
            started = time.perf_counter()
            fn()
            kept.append(time.perf_counter() - started)
    return statistics.median(times[0]), statistics.median(times[1])


def report(name: str, value: float, op: str, target: float, detail: str = "") -> bool:
    ok = {"<=": value <= target, ">=": value >= target}[op]
    print(
        f"bench: {name} = {value:.2f} (goal {op} {target:g})" + (f"  # {detail}" if detail else ""),
        flush=True,
    )
    return ok
