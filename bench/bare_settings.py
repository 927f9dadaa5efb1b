"""The served site's settings plus one bench-only page, `/bench/bare/`: a bare Django
template page of about 7 KB, the yardstick `bench/load.py` loads beside the real mix. The
production settings and URLs carry no such route."""

from pathlib import Path

from hocvuso.settings import *  # noqa: F403
from hocvuso.settings import TEMPLATES

ROOT_URLCONF = "bench.bare_urls"
TEMPLATES[0]["DIRS"] = [*TEMPLATES[0]["DIRS"], str(Path(__file__).parent / "templates")]
