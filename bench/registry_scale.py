"""registry_list_city_vs_ward, registry_search_city_vs_ward, caseload_city_vs_ward: the ward
officer's registry list and a search, and a team leader's home-visit caseload, served from a
city of 1,000,000 residents (with their teams, help given and visits) against the same ward
alone.

dashboard_ward_city_vs_demo, dashboard_city_vs_demo: the campaign dashboard of the demo ward,
and the city's dashboard comparing every ward of its campaign, served from the city against
the same dashboards on the demo ward alone (its campaign then covers that ward only). Both
read a week of daily snapshots of every ward.

Both databases hold the same demo ward (Tương Mai, 10,000 residents, same seed); the city
adds 125 more Hà Nội wards. Goal: at most 2×. Each database is built in its own process.

registry_search_ward70k_vs_ward10k: the officer's search (`nguyen van an`) on the demo ward
at its real size, 70,000 residents, against the same ward of 10,000: the search goes
through its index, so it must not grow with the ward (goal: at most 1.5×).

bench/registry_metro.py (`make bench-metro`) reuses `time_pages` and `campaign_of_every_ward`
on PostgreSQL, against a metropolis of 14 million.
"""

import argparse
import json
import statistics
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from harness import OUT, median_seconds, report, schema_version, setup_django

CITY_RESIDENTS = 1_000_000
WARD_RESIDENTS = 10_000
WARD70K_RESIDENTS = 70_000  # the demo ward's real size (demo.ward.DEMO_RESIDENTS)
# figure name: (login, page, query)
PAGES = {
    "registry_list": ("canbo", "people:residents", {}),
    "registry_search": ("canbo", "people:residents", {"q": "nguyen van an"}),
    "caseload": ("totruong11", "support:caseload", {}),
    "dashboard_ward": ("canbo", "campaigns:dashboard", {"ward": "313"}),
    "dashboard_city": ("admin", "campaigns:dashboard", {"ward": "all"}),
}
FIGURES = {
    "registry_list": "registry_list_city_vs_ward",
    "registry_search": "registry_search_city_vs_ward",
    "caseload": "caseload_city_vs_ward",
    "dashboard_ward": "dashboard_ward_city_vs_demo",
    "dashboard_city": "dashboard_city_vs_demo",
}
SNAPSHOT_DAYS = 7


def campaign_of_every_ward() -> int:
    """A campaign over every populated ward, with targets and a week of snapshots; made once
    per database."""
    import datetime

    from django.utils import timezone

    from hocvuso.accounts.models import User
    from hocvuso.campaigns.demo import DEMO_TARGETS
    from hocvuso.campaigns.models import Campaign, Target
    from hocvuso.campaigns.snapshots import take_snapshot
    from hocvuso.places.models import Ward

    campaign = Campaign.objects.filter(name="bench").first()
    if campaign:
        return campaign.pk
    wards = list(Ward.objects.filter(is_active=True))
    today = timezone.localdate()
    campaign = Campaign.objects.create(
        name="bench",
        starts_on=today - datetime.timedelta(days=SNAPSHOT_DAYS),
        ends_on=today + datetime.timedelta(days=30),
        created_by=User.objects.get(username="admin"),
    )
    campaign.wards.set(wards)
    Target.objects.bulk_create(
        Target(campaign=campaign, ward=ward, indicator=code, value=value)
        for ward in wards
        for code, value in DEMO_TARGETS.items()
    )
    ward_ids = [w.pk for w in wards]
    for back in range(SNAPSHOT_DAYS, -1, -1):
        take_snapshot(ward_ids, today - datetime.timedelta(days=back))
    return campaign.pk


def time_pages(names: tuple[str, ...], campaign_id: int) -> dict[str, float]:
    """The median time of each of the `PAGES` named, served to its user."""
    from django.test import Client
    from django.urls import reverse

    from hocvuso.accounts.models import User

    timings = {}
    for name in names:
        username, page, params = PAGES[name]
        client = Client()
        client.force_login(User.objects.get(username=username))
        url = reverse(page, args=[campaign_id] if page.startswith("campaigns:") else [])

        def get(client=client, url=url, params=params) -> None:
            response = client.get(url, params)
            assert response.status_code == 200

        timings[name] = median_seconds(get, repeat=9, warmup=2)
    return timings


def measure(db: Path, kind: str) -> dict[str, float]:
    setup_django(db)
    from hocvuso.demo.ward import load_demo_ward
    from hocvuso.people.models import Resident

    city = kind == "city"
    ward_residents = WARD70K_RESIDENTS if kind == "ward70k" else WARD_RESIDENTS
    expected = CITY_RESIDENTS if city else ward_residents
    if Resident.objects.count() != expected:
        load_demo_ward(residents=ward_residents)
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
    if kind == "ward70k":
        # Only its search is compared; its campaign and dashboards are not needed.
        timings = time_pages(("registry_search",), campaign_id=0)
    else:
        timings = time_pages(tuple(PAGES), campaign_of_every_ward())
    timings["residents"] = Resident.objects.count()
    return timings


# Each side is measured in a few rounds taken in turns, and each time is the median of its
# rounds: on shared cores a slow minute then falls on every side alike.
ROUNDS = 3


def main() -> bool:
    rounds: dict[str, list[dict[str, float]]] = {"ward": [], "ward70k": [], "city": []}
    for _ in range(ROUNDS):
        for kind, kept in rounds.items():
            out = subprocess.run(
                [sys.executable, __file__, "--measure", kind],
                check=True,
                capture_output=True,
                text=True,
            ).stdout
            kept.append(json.loads(out.strip().splitlines()[-1]))
    results = {
        kind: {name: statistics.median(r[name] for r in kept) for name in kept[0]}
        for kind, kept in rounds.items()
    }
    ok = True
    for name in PAGES:
        ward, city = results["ward"][name], results["city"][name]
        ok &= report(
            FIGURES[name],
            city / ward,
            "<=",
            2,
            f"city {city * 1000:.1f} ms ({results['city']['residents']} residents), "
            f"ward {ward * 1000:.1f} ms ({results['ward']['residents']})",
        )
    ward, ward70k = results["ward"]["registry_search"], results["ward70k"]["registry_search"]
    ok &= report(
        "registry_search_ward70k_vs_ward10k",
        ward70k / ward,
        "<=",
        1.5,
        f"{ward70k * 1000:.1f} ms ({results['ward70k']['residents']} residents), "
        f"{ward * 1000:.1f} ms ({results['ward']['residents']})",
    )
    return ok


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--measure", choices=["ward", "ward70k", "city"])
    args = parser.parse_args()
    if args.measure:
        db = OUT / f"registry-{args.measure}-{schema_version()}.sqlite3"
        for stale in OUT.glob(f"registry-{args.measure}-*.sqlite3*"):
            if not stale.name.startswith(db.name):
                stale.unlink()  # built for an older schema
        print(json.dumps(measure(db, args.measure)))
    else:
        sys.exit(0 if main() else 1)
