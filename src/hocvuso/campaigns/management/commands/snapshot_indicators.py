import datetime

from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from hocvuso.campaigns.snapshots import take_snapshot
from hocvuso.places.models import Ward


class Command(BaseCommand):
    help = (
        "Take today's snapshot of every indicator for every active ward (the task worker does "
        "every 30 minutes). --days N also fills the N days before, where none was taken."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--ward", type=int, action="append", help="a ward code (repeatable)")
        parser.add_argument("--days", type=int, default=0, help="also fill this many past days")

    def handle(self, *args: object, ward: list[int] | None, days: int, **options: object) -> None:
        self.take(ward, days)

    def take(self, ward: list[int] | None, days: int) -> None:
        wards = Ward.objects.filter(is_active=True)
        if ward:
            wards = wards.filter(pk__in=ward)
        ward_ids = list(wards.values_list("pk", flat=True))
        today = timezone.localdate()
        total = 0
        for back in range(days, -1, -1):
            total += take_snapshot(ward_ids, today - datetime.timedelta(days=back))
        self.stdout.write(f"Snapshots written: {total} figures for {len(ward_ids)} wards.")
