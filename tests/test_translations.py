"""Every string of the UI has its Vietnamese translation."""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

import hocvuso

SOURCE = Path(hocvuso.__file__).parent
CATALOG = SOURCE / "locale" / "vi" / "LC_MESSAGES" / "django.po"


def messages(path: Path) -> dict[str, object]:
    with path.open("rb") as handle:
        return {m.id if isinstance(m.id, str) else m.id[0]: m for m in read_po(handle) if m.id}


def test_the_vietnamese_catalogue_has_no_empty_or_fuzzy_entry():
    missing = [
        key
        for key, m in messages(CATALOG).items()
        if m.fuzzy or not (m.string if isinstance(m.string, str) else all(m.string))
    ]
    assert missing == []


@pytest.mark.skipif(
    not shutil.which("xgettext"), reason="GNU gettext is not installed (make test installs it)"
)
def test_the_catalogue_covers_every_string_in_the_code(tmp_path):
    copy = tmp_path / "hocvuso"
    shutil.copytree(SOURCE, copy, ignore=shutil.ignore_patterns("__pycache__", "*.mo"))
    subprocess.run(
        [
            sys.executable,
            "-m",
            "django",
            "makemessages",
            "-l",
            "vi",
            "--no-location",
            "--no-obsolete",
        ],
        cwd=copy,
        check=True,
        capture_output=True,
        env={
            "DJANGO_SETTINGS_MODULE": "hocvuso.settings",
            "PATH": "/usr/bin:/bin",
            "HOCVUSO_DATA_DIR": str(tmp_path / "var"),
            "PYTHONPATH": str(tmp_path),
        },
    )
    fresh = set(messages(copy / "locale" / "vi" / "LC_MESSAGES" / "django.po"))
    assert sorted(fresh - set(messages(CATALOG))) == [], (
        "run `make messages` and translate the new strings"
    )
