"""registry_list_city_vs_ward, registry_search_city_vs_ward, caseload_city_vs_ward: the ward
officer's registry list and a search, and a team leader's home-visit caseload, served from a
city of 1,000,000 residents (with their teams, help given and visits) against the same ward
alone.

Both databases hold the same demo ward (Tương Mai, 10,000 residents, same seed); the city
adds 125 more Hà Nội wards. Goal: at most 2×. Each database is built in its own process.
"""

import argparse
import json
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from harness import OUT, median_seconds, report, schema_version, setup_django

CITY_RESIDENTS = 1_000_000
WARD_RESIDENTS = 10_000
# figure name: (login, page, query)
PAGES = {
    "registry_list": ("canbo", "people:residents", {}),
    "registry_search": ("canbo", "people:residents", {"q": "nguyen van an"}),
    "caseload": ("totruong11", "support:caseload", {}),
}


def measure(db: Path, city: bool) -> dict[str, float]:
    setup_django(db)
    from django.test import Client
    from django.urls import reverse

    from hocvuso.accounts.models import User
    from hocvuso.people.demo import load_demo_ward
    from hocvuso.people.models import Resident

    expected = CITY_RESIDENTS if city else WARD_RESIDENTS
    if Resident.objects.count() != expected:
        load_demo_ward(residents=WARD_RESIDENTS)
        if city:
            from django.core.management import call_command

            # The other 125 wards of Hà Nội share the rest; the demo ward is already full.
            call_command(
                "generate_city",
                wards=126,
                residents=CITY_RESIDENTS - WARD_RESIDENTS,
                groups=60,
                verbosity=0,
            )
        from django.db import connection

        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    timings = {}
    for name, (username, page, params) in PAGES.items():
        client = Client()
        client.force_login(User.objects.get(username=username))
        url = reverse(page)

        def get(client=client, url=url, params=params) -> None:
            response = client.get(url, params)
            assert response.status_code == 200

        timings[name] = median_seconds(get, repeat=15, warmup=2)
    timings["residents"] = Resident.objects.count()
    return timings


def main() -> bool:
    results = {}
    for kind in ("ward", "city"):
        out = subprocess.run(
            [sys.executable, __file__, "--measure", kind],
            check=True,
            capture_output=True,
            text=True,
        ).stdout
        results[kind] = json.loads(out.strip().splitlines()[-1])
    ok = True
    for name in PAGES:
        ward, city = results["ward"][name], results["city"][name]
        ok &= report(
            f"{name}_city_vs_ward",
            city / ward,
            "<=",
            2,
            f"city {city * 1000:.1f} ms ({results['city']['residents']} residents), "
            f"ward {ward * 1000:.1f} ms ({results['ward']['residents']})",
        )
    return ok


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--measure", choices=["ward", "city"])
    args = parser.parse_args()
    if args.measure:
        db = OUT / f"registry-{args.measure}-{schema_version()}.sqlite3"
        for stale in OUT.glob(f"registry-{args.measure}-*.sqlite3*"):
            if not stale.name.startswith(db.name):
                stale.unlink()  # built for an older schema
        print(json.dumps(measure(db, args.measure == "city")))
    else:
        sys.exit(0 if main() else 1)
