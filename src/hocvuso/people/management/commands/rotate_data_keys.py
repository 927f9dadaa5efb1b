from django.core.management.base import BaseCommand
from django.db import connection

from hocvuso.people.encryption import rotate_all


class Command(BaseCommand):
    help = (
        "Re-encrypt every sensitive column with the first key of HOCVUSO_DATA_KEYS, so older "
        "keys can then be removed (docs/data-keys.md)."
    )

    def handle(self, *args: object, **options: object) -> None:
        for column, count in rotate_all(connection).items():
            self.stdout.write(f"{column}: {count} re-encrypted")
