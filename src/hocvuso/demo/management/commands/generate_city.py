import time

from django.core.management.base import BaseCommand, CommandError

from hocvuso.demo.ward import populate_field_work, populate_ward
from hocvuso.places.models import Ward
from hocvuso.places.services import load_official_units


class Command(BaseCommand):
    help = "Fill a province's wards with synthetic residents, for benchmarks at city scale."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--province", type=int, default=1, help="province code (1: Hà Nội)")
        parser.add_argument("--wards", type=int, default=126)
        parser.add_argument(
            "--residents",
            type=int,
            default=1_000_000,
            help="in all, spread evenly over the empty wards",
        )
        parser.add_argument("--groups", type=int, default=60, help="residential groups per ward")

    def handle(
        self, *args, province: int, wards: int, residents: int, groups: int, **options
    ) -> None:
        load_official_units()
        in_province = Ward.objects.filter(province_id=province).order_by("code")[:wards]
        # Wards that already have residents (the demo ward) are left as they are.
        chosen = [ward for ward in in_province if not ward.residents.exists()]
        if not chosen:
            raise CommandError(f"No empty ward in province {province}.")
        per_ward = residents // len(chosen)
        started = time.perf_counter()
        for index, ward in enumerate(chosen, start=1):
            count = per_ward + (residents % len(chosen) if index == len(chosen) else 0)
            populate_ward(ward=ward, residents=count, groups=groups, seed=ward.pk)
            populate_field_work(ward=ward, seed=ward.pk)
            if index % 10 == 0 or index == len(chosen):
                self.stdout.write(
                    f"{index}/{len(chosen)} wards, {time.perf_counter() - started:.0f} s"
                )
