"""Vietnamese phone numbers as people write them: with spaces, dots, dashes or +84."""

import re

_SEPARATORS = re.compile(r"[\s.\-()/]")
# Mobile numbers have 10 digits after the 2018 renumbering; landlines 10 or 11 with the
# area code (024 for Hanoi). Anything from 9 to 11 digits after the leading 0 is accepted.
_NATIONAL = re.compile(r"0\d{8,10}")


class InvalidPhone(ValueError):
    """The text is not a phone number that can be dialled in Vietnam."""


def normalize_phone(text: str | None) -> str:
    """Return the national form (`0912345678`) of `text`, or `""` when it is blank.

    Raises `InvalidPhone` when the text is not blank but is not a Vietnamese number.
    """
    if text is None:
        return ""
    raw = _SEPARATORS.sub("", str(text).strip())
    if not raw:
        return ""
    if raw.startswith("+84"):
        raw = "0" + raw[3:]
    elif raw.startswith("0084"):
        raw = "0" + raw[4:]
    elif raw.startswith("84") and len(raw) in (11, 12):
        raw = "0" + raw[2:]
    elif raw.isdigit() and len(raw) == 9 and raw[0] != "0":
        # Excel drops the leading zero of a number typed into a numeric cell.
        raw = "0" + raw
    if not _NATIONAL.fullmatch(raw):
        raise InvalidPhone(text)
    return raw


def phone_digits(text: str) -> str:
    """The digits a person typed into a search box, in national form where it starts +84."""
    stripped = text.strip()
    digits = re.sub(r"\D", "", stripped)
    if stripped.startswith("+84") or (digits.startswith("84") and len(digits) >= 11):
        digits = "0" + digits[2:]
    return digits
