"""The load test's mix against a bare page, on the same production profile in the same run.

The demo ward (`load_demo`) on SQLite in a temporary data directory, served as
`loadtest/run.py` serves it, with the bench settings adding `/bench/bare/`: a bare 7 KB
Django template page. Locust loads the mix of `loadtest/locustfile.py` (residents, learners,
volunteers, team leaders, the officer), then the bare page alone, each saturated: 50
simulated people with no pause, for 30 s, each after WARM_SECONDS of the same load that is
not counted: as on a server that has been up a while, each web worker has built what it keeps
(the assistant's index, the kept pages and frames) before the count starts.

load_errors: answers other than 2xx or an expected redirect, in the mix. Goal: none.
load_rps_vs_bare: the mix's requests per second over the bare page's. Goal: at least 0.5.
The issue measured public pages alone at 1/6 to 1/14 of a bare page before they were cached.
"""

import shutil
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent / "loadtest"))
import run as loadtest  # noqa: E402
from harness import report  # noqa: E402

PEOPLE, SECONDS, WARM_SECONDS = 50, 30, 5


def main(data_dir: Path | None = None) -> bool:
    prepared = data_dir is not None
    data_dir = data_dir or Path(tempfile.mkdtemp(prefix="hocvuso-bench-load-"))
    env = loadtest.environment(data_dir, settings="bench.bare_settings")
    if not prepared:
        loadtest.prepare(env)
    port = loadtest.free_port()
    server = loadtest.serve(env, port)
    base = f"http://127.0.0.1:{port}"
    try:
        loadtest.warm_up(base, [*loadtest.PUBLIC, "/bench/bare/"])
        mix, warm_errors = measured(base, data_dir)
        bare, bare_warm_errors = measured(base, data_dir, "/bench/bare/")
    finally:
        loadtest.stop(server)
        if not prepared:
            shutil.rmtree(data_dir, ignore_errors=True)
    loadtest.show(f"the mix, {PEOPLE} people without pause", mix)
    loadtest.show(f"the bare page, {PEOPLE} people without pause", bare)
    errors = mix.errors + bare.errors + warm_errors + bare_warm_errors
    ok = report("load_errors", errors, "<=", 0, f"of {mix.requests} requests, and the warm-ups'")
    ok &= report(
        "load_rps_vs_bare",
        mix.rps / bare.rps if bare.rps else 0.0,
        ">=",
        0.5,
        f"mix {mix.rps:.0f}/s (p50 {mix.p50:.0f} ms, p95 {mix.p95:.0f} ms, p99 {mix.p99:.0f} ms)"
        f", bare {bare.rps:.0f}/s (p50 {bare.p50:.0f} ms, p95 {bare.p95:.0f} ms,"
        f" p99 {bare.p99:.0f} ms)",
    )
    return ok


def measured(base: str, out: Path, page: str = "") -> tuple[loadtest.Result, int]:
    """`page` (or the mix) counted after a warm-up of the same load, and the warm-up's errors."""
    warm = loadtest.locust(base, users=PEOPLE, seconds=WARM_SECONDS, out=out, wait=False, page=page)
    counted = loadtest.locust(base, users=PEOPLE, seconds=SECONDS, out=out, wait=False, page=page)
    return counted, warm.errors


if __name__ == "__main__":
    sys.exit(0 if main(Path(sys.argv[1]) if len(sys.argv) > 1 else None) else 1)
