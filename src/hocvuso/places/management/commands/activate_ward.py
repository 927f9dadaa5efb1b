from django.core.management.base import BaseCommand, CommandError

from hocvuso.places.models import Ward
from hocvuso.places.services import activate_ward


class Command(BaseCommand):
    help = "Set a ward up for the campaign, optionally with numbered residential groups."

    def add_arguments(self, parser) -> None:
        parser.add_argument("code", type=int, help="official ward code, e.g. 313 for Tương Mai")
        parser.add_argument("--groups", type=int, default=0, help="create 'Tổ dân phố số 1..N'")

    def handle(self, *args, code: int, groups: int, **options) -> None:
        ward = Ward.objects.filter(pk=code).first()
        if ward is None:
            raise CommandError(f"No ward {code}: run load_places first.")
        activate_ward(ward=ward, group_names=[f"Tổ dân phố số {n}" for n in range(1, groups + 1)])
        open_groups = ward.groups.filter(closed_at__isnull=True).count()
        self.stdout.write(f"{ward.name} is active with {open_groups} groups")
