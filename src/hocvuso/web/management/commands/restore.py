"""`manage.py restore PATH`: put a backup back, all of it or nothing."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from hocvuso.web.backups import BackupError, is_empty, restore


class Command(BaseCommand):
    help = (
        "Replace the database's content with a backup made by `manage.py backup`, in one "
        "transaction. Stop the web server and the task worker first. A database that already "
        "holds data is replaced only with --yes."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", type=Path, help="the backup to restore")
        parser.add_argument(
            "--yes", action="store_true", help="replace a database that already holds data"
        )

    def handle(self, *args: object, path: Path, yes: bool, **options: object) -> None:
        if not path.is_file():
            raise CommandError(f"No backup at {path}.")
        if not yes and not is_empty():
            raise CommandError(
                "The database already holds data; restoring replaces all of it. "
                "Run again with --yes to go ahead."
            )
        try:
            restore(path)
        except BackupError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(f"Restored {path}.")
