"""`make bench-metro`: the demo ward's pages served from a metropolis on PostgreSQL.

registry_list_metro_vs_ward, registry_search_metro_vs_ward, dashboard_metro_vs_ward: the ward
officer's registry list, a search (`nguyen van an`) and the campaign dashboard of the demo
ward (Tương Mai, 70,000 residents), served from a database that also holds Hồ Chí Minh City's
168 wards of about 83,000 residents (14 million; `manage.py generate_metro`, with COPY)
against the same pages on a database holding the demo ward alone. Both sides run in the same
run, on one PostgreSQL 15 started here as `.ci/run` starts CI's. Goal: at most 2×.

The databases are kept in var/bench/metro-pg-<generator>-<wards>x<residents>/ and reused
while the generator (demo/metro.py, demo/ward.py) is the same: a new migration is applied to
them like to any production database (setup_django migrates), rather than generating 14
million residents again for half an hour. The generation's time (per million residents) is
printed from when they were made.

  python bench/registry_metro.py [--wards 168] [--residents-per-ward 83000]
"""

import argparse
import hashlib
import json
import shutil
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from harness import OUT, ROOT, report, setup_django
from postgres import local_postgres
from registry_scale import campaign_of_every_ward, time_pages

PAGES = ("registry_list", "registry_search", "dashboard_ward")
FIGURES = {
    "registry_list": "registry_list_metro_vs_ward",
    "registry_search": "registry_search_metro_vs_ward",
    "dashboard_ward": "dashboard_metro_vs_ward",
}


def measure(kind: str, url: str, wards: int, per_ward: int, generated: Path) -> dict:
    setup_django(None, database_url=url)
    from django.core.management import call_command
    from django.db import connection

    from hocvuso.demo.ward import load_demo_ward
    from hocvuso.people.models import Resident

    if not generated.exists():
        started = time.perf_counter()
        load_demo_ward()
        demo_seconds = time.perf_counter() - started
        stats = {"demo_seconds": demo_seconds}
        if kind == "metro":
            before = Resident.objects.count()
            started = time.perf_counter()
            call_command(
                "generate_metro", wards=wards, residents_per_ward=per_ward, stdout=sys.stderr
            )
            stats["metro_seconds"] = time.perf_counter() - started
            stats["metro_residents"] = Resident.objects.count() - before
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        generated.write_text(json.dumps(stats))
    timings = time_pages(PAGES, campaign_of_every_ward())
    timings["residents"] = Resident.objects.count()
    timings.update(json.loads(generated.read_text()))
    return timings


def generator_version() -> str:
    """A short hash of the code that fills the databases."""
    digest = hashlib.sha256()
    for module in ("metro.py", "ward.py"):
        digest.update((ROOT / "src" / "hocvuso" / "demo" / module).read_bytes())
    return digest.hexdigest()[:12]


def main(wards: int, per_ward: int) -> bool:
    name = f"metro-pg-{generator_version()}-{wards}x{per_ward}"
    for stale in OUT.glob("metro-pg-*"):
        if stale.name != name:
            shutil.rmtree(stale)  # built for an older schema or another size
    home = OUT / name
    results = {}
    with local_postgres(home, ("hocvuso_ward", "hocvuso_metro")) as urls:
        for kind in ("ward", "metro"):
            out = subprocess.run(
                [
                    sys.executable,
                    __file__,
                    "--measure",
                    kind,
                    "--url",
                    urls[f"hocvuso_{kind}"],
                    "--wards",
                    str(wards),
                    "--residents-per-ward",
                    str(per_ward),
                    "--generated",
                    str(home / f"generated-{kind}.json"),
                ],
                check=True,
                stdout=subprocess.PIPE,
                text=True,
            ).stdout
            results[kind] = json.loads(out.strip().splitlines()[-1])
    ward, metro = results["ward"], results["metro"]
    per_million = metro["metro_seconds"] / metro["metro_residents"] * 1_000_000
    print(
        f"bench: metro generated {metro['metro_residents']:,} residents in {wards} wards "
        f"in {metro['metro_seconds']:.0f} s: {per_million:.1f} s per million residents "
        f"(14 million: about {per_million * 14 / 60:.0f} min)",
        flush=True,
    )
    ok = True
    for page in PAGES:
        ok &= report(
            FIGURES[page],
            metro[page] / ward[page],
            "<=",
            2,
            f"metro {metro[page] * 1000:.1f} ms ({metro['residents']:,} residents), "
            f"ward {ward[page] * 1000:.1f} ms ({ward['residents']:,})",
        )
    return ok


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--wards", type=int, default=168)
    parser.add_argument("--residents-per-ward", type=int, default=83_000)
    parser.add_argument("--measure", choices=["ward", "metro"])
    parser.add_argument("--url")
    parser.add_argument("--generated", type=Path)
    args = parser.parse_args()
    if args.measure:
        print(
            json.dumps(
                measure(args.measure, args.url, args.wards, args.residents_per_ward, args.generated)
            )
        )
    else:
        sys.exit(0 if main(args.wards, args.residents_per_ward) else 1)
