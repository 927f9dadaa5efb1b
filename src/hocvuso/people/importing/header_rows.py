"""Finding the header of a resident list: the row (or two rows) whose cells name the most
fields, below whatever titles the ward put above it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from hocvuso.people.importing.headers import (
    FEMALE_WORDS,
    MALE_WORDS,
    NO_WORDS,
    REQUIRED,
    SINGLE_ROW_FEMALE,
    SINGLE_ROW_MALE,
    YES_NO_FIELDS,
    YES_WORDS,
    choice_key,
    header_key,
    meaning_of,
)
from hocvuso.text.folding import clean, fold

if TYPE_CHECKING:
    from hocvuso.people.importing.sheets import Sheet

HEADER_SCAN_ROWS = 30  # the header is looked for in this many rows from the top
# No header is longer; a longer cell (a title, a note, or a hostile file's megabytes) is not
# looked at as one, so the header's patterns only ever run over short texts.
MAX_HEADER_CHARS = 200


@dataclass
class Column:
    """One column of the header and the field it was understood as, if any."""

    index: int
    text: str  # the header as written (two-row headers: "top / sub")
    kind: str  # "field", "choice", "refused", "ordinal", "unknown" or "blank"
    field: str = ""
    choice: object = None  # for "choice": the value the column stands for
    carries_birth: bool = False  # a Nam | Nữ column under "Năm sinh": the year is the cell
    keys: frozenset[str] = frozenset()  # folded header texts, to spot repeated header rows


@dataclass
class Header:
    """Where the header sits and what its columns mean."""

    top: int  # 0-based row of the (first) header row
    data_start: int  # 0-based row of the first data row
    columns: list[Column]
    score: int


def cell_text(value: object) -> str:
    """A cell as the text a person sees in it (numbers without a trailing .0)."""
    if value == "" or value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return clean(str(value))


def _header_text(value: object) -> str:
    if isinstance(value, str) and len(value) > MAX_HEADER_CHARS:
        return ""
    return cell_text(value)


def _from_meaning(index: int, text: str, keys: frozenset[str]) -> Column:
    meaning = meaning_of(text)
    return Column(index, text, meaning.kind, meaning.field, keys=keys)


def _single_row(texts: list[str]) -> list[Column]:
    keys = [choice_key(text) for text in texts]
    paired = any(k in SINGLE_ROW_MALE for k in keys) and any(k in SINGLE_ROW_FEMALE for k in keys)
    columns = []
    for index, text in enumerate(texts):
        both = frozenset({header_key(text)}) if text else frozenset()
        if paired and keys[index] in SINGLE_ROW_MALE:
            columns.append(Column(index, text, "choice", "gender", "male", True, both))
        elif paired and keys[index] in SINGLE_ROW_FEMALE:
            columns.append(Column(index, text, "choice", "gender", "female", True, both))
        else:
            columns.append(_from_meaning(index, text, both))
    return columns


def _spans_of(top: list[str], sub: list[str], merged: dict[int, int]) -> list[int]:
    """For each column, the first column of the merged top cell it sits under, or -1.

    Without merged cells, a top cell followed by blank top cells over filled sub cells
    ("Năm sinh" | "" above "Nam" | "Nữ") counts as merged over them.
    """
    width = len(top)
    spans = [merged.get(c, -1) if sub[c] else -1 for c in range(width)]
    c = 0
    while c < width:
        if spans[c] == -1 and top[c] and sub[c] and c + 1 < width and not top[c + 1] and sub[c + 1]:
            spans[c] = c
            j = c + 1
            while j < width and not top[j] and sub[j] and spans[j] == -1:
                spans[j] = c
                j += 1
            c = j
        else:
            c += 1
    return spans


def _two_rows(
    top_raw: list, sub_raw: list, merged: dict[int, int]
) -> tuple[list[Column], bool] | None:
    """Columns of a header written on two rows, a merged cell above sub-headers, and whether
    the lower row reads as sub-headers only (blank or repeating the top outside the merges)."""
    width = max(len(top_raw), len(sub_raw))  # CSV records differ in length
    top = [_header_text(v) for v in top_raw] + [""] * (width - len(top_raw))
    sub = [_header_text(v) for v in sub_raw] + [""] * (width - len(sub_raw))
    spans = _spans_of(top, sub, merged)
    if all(first == -1 for first in spans):
        return None
    groups: dict[int, list[int]] = {}
    for c, first in enumerate(spans):
        if first != -1:
            groups.setdefault(first, []).append(c)
    columns: list[Column] = []
    only_sub_headers = True
    for c in range(len(top)):
        keys = frozenset(header_key(t) for t in (top[c], sub[c]) if t)
        first = spans[c]
        if first == -1 and sub[c] and fold(sub[c]) != fold(top[c]):
            only_sub_headers = False
        if first == -1 or fold(top[first]) == fold(sub[c]):
            text = top[c] or sub[c]
            column = _from_meaning(c, text, keys)
            if meaning_of(sub[c]).kind == "refused":
                column.kind = "refused"
            columns.append(column)
            continue
        head = top[first]
        text = f"{head} / {sub[c]}"
        over, under = meaning_of(head), meaning_of(sub[c])
        siblings = {choice_key(sub[s]) for s in groups[first]}
        key = choice_key(sub[c])
        column = Column(c, text, "unknown", keys=keys)
        if "refused" in (over.kind, under.kind):
            column.kind = "refused"
        elif (
            over.field in ("birth", "gender")
            and siblings & MALE_WORDS
            and siblings & FEMALE_WORDS
            and key in MALE_WORDS | FEMALE_WORDS
        ):
            column.kind, column.field = "choice", "gender"
            column.choice = "male" if key in MALE_WORDS else "female"
            column.carries_birth = over.field == "birth"
        elif over.field == "birth" and "nam" in siblings:
            # "Ngày sinh" over "Ngày" | "Tháng" | "Năm": the year is all that is kept.
            if key == "nam":
                column.kind, column.field = "field", "birth"
        elif (
            over.field in YES_NO_FIELDS
            and siblings & YES_WORDS
            and siblings & NO_WORDS
            and key in YES_WORDS | NO_WORDS
        ):
            column.kind, column.field, column.choice = "choice", over.field, key in YES_WORDS
        elif under.kind in ("field", "ordinal"):
            column.kind, column.field = under.kind, under.field
        elif len(groups[first]) <= 4:  # not a title merged across the whole table
            both = meaning_of(f"{head} {sub[c]}")
            if both.kind == "field":
                column.kind, column.field = "field", both.field
        columns.append(column)
    return columns, only_sub_headers


def _fields_of(columns: list[Column]) -> set[str]:
    found = set()
    for column in columns:
        if column.kind == "field":
            found.add(column.field)
        elif column.kind == "choice":
            found.add(column.field)
            if column.carries_birth:
                found.add("birth")
    return found


def _score(columns: list[Column]) -> int:
    found = _fields_of(columns)
    return len(found) + sum(2 for name in REQUIRED if name in found)


def find_header(sheet: Sheet) -> Header | None:
    """The header: the row among the first ones naming the most fields, read together with
    the row below or above when the two make a two-row header (merged cells over sub-headers).
    """
    grid = sheet.grid
    scan = min(len(grid), HEADER_SCAN_ROWS)
    best: Header | None = None
    found: dict[int, int] = {}  # row -> number of fields its cells name on their own
    for r in range(scan):
        texts = [_header_text(v) if isinstance(v, str) else "" for v in grid[r]]
        if not any(texts):
            continue
        columns = _single_row(texts)
        found[r] = len(_fields_of(columns))
        score = _score(columns)
        if score and (best is None or score > best.score):
            best = Header(r, r + 1, columns, score)
    if best is None:
        return None
    r = best.top
    for top in (r - 1, r):
        if top < 0 or top + 1 >= len(grid):
            continue
        merged = {c: first for (row, c), first in sheet.spans.items() if row == top}
        pair = _two_rows(grid[top], grid[top + 1], merged)
        if pair is None:
            continue
        columns, only_sub_headers = pair
        score = _score(columns)
        # Two rows read together when they name more fields, or as many when the lower row
        # holds only sub-headers (blank or merged down elsewhere) under a header-like upper
        # row: "Năm sinh" over "Nam" | "Nữ", "Ngày sinh" over "Ngày" | "Tháng" | "Năm". A
        # title above the header names no field, so it is never read with it.
        if score > best.score or (
            score == best.score and only_sub_headers and found.get(top, 0) >= 1
        ):
            best = Header(top, top + 2, columns, score)
    return best
