"""Every string of the UI has its Vietnamese translation."""

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

import hocvuso

SOURCE = Path(hocvuso.__file__).parent
CATALOG = SOURCE / "locale" / "vi" / "LC_MESSAGES" / "django.po"


def messages(path: Path) -> dict[tuple[str | None, str], object]:
    """Entries by (context, msgid): "From" of opening hours is not "From" of the audit log."""
    with path.open("rb") as handle:
        return {
            (m.context, m.id if isinstance(m.id, str) else m.id[0]): m
            for m in read_po(handle)
            if m.id
        }


# Names that read the same in both languages: a translation may leave them as they are.
PROPER_NAMES = {
    "hocvuso", "DigComp", "VNeID", "Zalo", "OA", "iHanoi", "eTax", "Mobile", "PDF", "CSV",
    "OK", "SMS", "Internet", "QR", "OTP", "Atom", "xlsx", "Excel", "email",
}  # fmt: skip
ENGLISH_WORD = re.compile(r"[A-Za-z]{2,}")


def untranslated(message) -> list[str]:
    """The English words of a msgstr left the same as its msgid (plural forms too)."""
    ids = message.id if isinstance(message.id, tuple) else (message.id,)
    strings = message.string if isinstance(message.string, tuple) else (message.string,)
    left = []
    for string in strings:
        if string in ids:
            left += [w for w in ENGLISH_WORD.findall(string) if w not in PROPER_NAMES]
    return left


def test_the_vietnamese_catalogue_has_no_empty_or_fuzzy_entry():
    missing = [
        key
        for key, m in messages(CATALOG).items()
        if m.fuzzy or not (m.string if isinstance(m.string, str) else all(m.string))
    ]
    assert missing == []


def test_no_vietnamese_translation_is_the_english_left_as_it_was():
    left = {key: words for key, m in messages(CATALOG).items() if (words := untranslated(m))}
    assert left == {}


def test_the_check_for_untranslated_entries_finds_english_and_spares_proper_names():
    from babel.messages.catalog import Message

    assert untranslated(Message("Save", "Save")) == ["Save"]
    assert untranslated(Message(("%(n)d file", "%(n)d files"), ("%(n)d files",))) == ["files"]
    assert untranslated(Message("VNeID", "VNeID")) == []
    assert untranslated(Message("Save", "Lưu")) == []


def test_the_from_of_opening_hours_is_not_an_ip_address():
    from django.utils import translation
    from django.utils.translation import pgettext

    with translation.override("vi"):
        assert pgettext("opening hours", "From") == "Từ"
        assert pgettext("opening hours", "To") == "Đến"
        assert pgettext("client address", "From") == "Địa chỉ IP"
        assert pgettext("recipient", "To") == "Người nhận"


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
