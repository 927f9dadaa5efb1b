"""`manage.py backup [PATH]`: a consistent copy of the database, taken while the site runs."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from hocvuso.web.backups import BackupError, backup, default_path


class Command(BaseCommand):
    help = (
        "Back up the database while the site runs: SQLite's online backup, or pg_dump -Fc for "
        "PostgreSQL. Without PATH, into the data dir's backups/ folder, named by the time."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", nargs="?", type=Path, help="the file to write")

    def handle(self, *args: object, path: Path | None, **options: object) -> None:
        try:
            written = backup(path or default_path())
        except BackupError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(f"{written} ({written.stat().st_size} bytes)")
