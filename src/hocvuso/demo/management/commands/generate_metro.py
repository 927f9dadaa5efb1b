import time

from django.core.management.base import BaseCommand, CommandError

from hocvuso.demo.metro import (
    METRO_GROUPS,
    METRO_RESIDENTS_PER_WARD,
    METRO_WARDS,
    NotPostgres,
    generate_metro,
    week_of_snapshots,
)


class Command(BaseCommand):
    help = (
        "Fill Hồ Chí Minh City's wards with synthetic residents (about 14 million in 168 "
        "wards) on PostgreSQL with COPY, for benchmarks at a metropolis's scale."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--wards", type=int, default=METRO_WARDS)
        parser.add_argument("--residents-per-ward", type=int, default=METRO_RESIDENTS_PER_WARD)
        parser.add_argument("--groups", type=int, default=METRO_GROUPS, help="groups per ward")

    def handle(self, *args, wards: int, residents_per_ward: int, groups: int, **options) -> None:
        started = time.perf_counter()
        try:
            result = generate_metro(
                wards=wards,
                residents_per_ward=residents_per_ward,
                groups=groups,
                progress=self.stdout.write,
            )
        except NotPostgres as error:
            raise CommandError(
                f"generate_metro writes with PostgreSQL's COPY; this database is {error}. "
                "Set DATABASE_URL to a PostgreSQL database."
            ) from None
        if not result.wards:
            raise CommandError("Every ward of Hồ Chí Minh City already has residents.")
        snapshots_started = time.perf_counter()
        from hocvuso.places.models import Ward

        week_of_snapshots(list(Ward.objects.filter(is_active=True).values_list("pk", flat=True)))
        snapshots = time.perf_counter() - snapshots_started
        total = time.perf_counter() - started
        per_million = total / max(result.residents, 1) * 1_000_000
        self.stdout.write(
            f"Generated {result.residents:,} residents in {result.households:,} households "
            f"of {result.wards} wards, {result.help_records:,} help records: "
            f"{total:.0f} s ({snapshots:.0f} s of it for a week of snapshots), "
            f"{per_million:.1f} s per million residents."
        )
