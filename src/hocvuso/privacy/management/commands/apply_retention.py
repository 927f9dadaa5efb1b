from django.core.management.base import BaseCommand, CommandParser

from hocvuso.privacy.retention import apply_retention


class Command(BaseCommand):
    help = (
        "Erase or delete personal data kept past its period (privacy/retention.py). Run it "
        "daily; the task worker does. --dry-run only counts what would go."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--dry-run", action="store_true", help="count, change nothing")

    def handle(self, *args: object, dry_run: bool, **options: object) -> None:
        self.apply(dry_run)

    def apply(self, dry_run: bool) -> None:
        verb = "would go" if dry_run else "done"
        for outcome in apply_retention(dry_run=dry_run):
            rule = outcome.rule
            self.stdout.write(
                f"{rule.code}: {outcome.count} {verb} (kept {rule.days} days, then {rule.action})"
            )
