"""`manage.py rollup URL [URL ...]`: the national table from several deployments' open data."""

import datetime
import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from hocvuso.campaigns.rollup import RollupError, as_csv, as_json, rollup


class Command(BaseCommand):
    help = (
        "Build the national table from several deployments' open-data feeds "
        "(https://…/campaigns/<id>/open-data.json, one per province): each feed is checked, "
        "each ward's latest counts and shares are summed per indicator and province, and the "
        "country's totals follow. One failing source fails the whole rollup unless "
        "--allow-missing, which lists it instead."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("urls", nargs="+", metavar="URL", help="an open-data.json feed")
        parser.add_argument("--out", type=Path, help="the file to write (default: stdout)")
        parser.add_argument("--format", choices=["csv", "json"], default="csv")
        parser.add_argument(
            "--allow-missing", action="store_true", help="go on without a failing source"
        )
        parser.add_argument(
            "--day",
            type=datetime.date.fromisoformat,
            help="the 'as of' day (YYYY-MM-DD) asked of every feed; default: each feed's latest",
        )

    def handle(self, *args: object, urls: list[str], out: Path | None, **options: Any) -> None:
        allow_missing, day, format = options["allow_missing"], options["day"], options["format"]
        try:
            sources, missing, rows = rollup(urls, allow_missing=allow_missing, day=day)
        except RollupError as error:
            raise CommandError(f"Rollup refused: {error}") from None
        text = as_json(sources, missing, rows) if format == "json" else as_csv(rows)
        if out:
            out.write_text(text, encoding="utf-8")
        else:
            sys.stdout.write(text)
        for source in sources:
            self.stderr.write(
                f"used {source.url} (fetched {source.fetched_at.isoformat()}, "
                f"{len(source.wards)} wards, as of {source.day})"
            )
        for item in missing:
            self.stderr.write(f"MISSING {item.error}")
