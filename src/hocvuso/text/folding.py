"""Fold Vietnamese text for matching: what a person types without diacritics must find
what the ward typed with them, whatever Unicode form either side used."""

import re
import unicodedata
from collections.abc import Iterable


def _folding_table() -> dict[int, str | None]:
    """Every letter with diacritics (precomposed, as NFC writes it) maps to its bare lower-case
    letter, and every combining mark (as NFD writes it) to nothing. Đ/đ is a letter of its
    own, not D with a mark, so it is named here."""
    table: dict[int, str | None] = {ord("đ"): "d", ord("Đ"): "d"}
    for start, end in ((0x00C0, 0x024F), (0x1E00, 0x1EFF)):
        for code in range(start, end + 1):
            bare = "".join(
                ch
                for ch in unicodedata.normalize("NFD", chr(code))
                if not unicodedata.combining(ch)
            )
            if bare and bare != chr(code) and bare.isascii():
                table[code] = bare.lower()
    for code in range(0x0300, 0x0370):
        table[code] = None
    return table


# One C-level pass of str.translate: folding runs once per row on 100,000-row imports.
_TABLE = _folding_table()


def fold(text: str | None) -> str:
    """Lower-case `text`, drop its diacritics (đ → d) and collapse white space.

    `fold("  Nguyễn  Văn An")` and `fold("nguyen van an")` are both `"nguyen van an"`,
    whether the input was NFC or NFD.
    """
    if not text:
        return ""
    return " ".join(text.translate(_TABLE).lower().split())


class Folded(dict[str, str]):
    """The fold of each text seen, folded on first sight."""

    def __missing__(self, text: str) -> str:
        folded = self[text] = fold(text)
        return folded


def fold_each(texts: Iterable[str], seen: Folded | None = None) -> list[str]:
    """`fold` of each text, each distinct text folded once (once across calls that share
    `seen`): a ward's list of 100,000 residents holds far fewer distinct names, and a lookup
    costs a tenth of a fold."""
    return list(map((Folded() if seen is None else seen).__getitem__, texts))


# Bidirectional controls (embeddings, overrides, isolates, marks): no Vietnamese text needs
# them, and an override shown on a staff page makes a name or an address read backwards.
# A pattern, not a translate table: str.translate looks each letter of a Vietnamese address
# up in a dict, ten times the cost of a search that nearly always finds nothing.
_BIDI = re.compile("[\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def clean(text: str | None) -> str:
    """Return `text` as NFC with white space collapsed and bidirectional controls dropped:
    the form the registry stores."""
    if not text:
        return ""
    return " ".join(_BIDI.sub("", unicodedata.normalize("NFC", str(text))).split())
