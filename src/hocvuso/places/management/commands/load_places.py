from django.core.management.base import BaseCommand

from hocvuso.places.services import load_official_units


class Command(BaseCommand):
    help = "Load or refresh the official provinces and wards (2025 list). Safe to repeat."

    def handle(self, *args, **options) -> None:
        provinces, wards = load_official_units()
        self.stdout.write(f"{provinces} provinces, {wards} wards")
