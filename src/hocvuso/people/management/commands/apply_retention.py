import logging
import time

from django.core.management.base import BaseCommand, CommandParser

from hocvuso.people.retention import apply_retention


class Command(BaseCommand):
    help = (
        "Erase or delete personal data kept past its period (people/retention.py). Run it "
        "daily; `serve` does. --dry-run only counts what would go."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--dry-run", action="store_true", help="count, change nothing")
        parser.add_argument(
            "--every",
            type=int,
            default=0,
            help="keep running, applying the periods every this many seconds (`serve` uses it)",
        )

    def handle(self, *args: object, dry_run: bool, every: int, **options: object) -> None:
        self.apply(dry_run)
        while every:
            time.sleep(every)
            try:
                self.apply(dry_run)
            except Exception:  # a failed run must not stop tomorrow's
                logging.getLogger(__name__).exception("retention failed")

    def apply(self, dry_run: bool) -> None:
        verb = "would go" if dry_run else "done"
        for outcome in apply_retention(dry_run=dry_run):
            rule = outcome.rule
            self.stdout.write(
                f"{rule.code}: {outcome.count} {verb} (kept {rule.days} days, then {rule.action})"
            )
