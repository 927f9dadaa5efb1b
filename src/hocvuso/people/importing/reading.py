"""Read a ward's resident list (.xlsx or .csv) into checked rows, without touching the database.

The list is the one the ward already keeps: title rows above the header, merged cells for the
household, a row of column numbers under the header, totals and signatures at the bottom.
`parse_resident_list` finds the header, maps its columns to fields, converts every cell and
collects every problem with the spreadsheet's own row number, so the officer can fix the file.

Columns of ID numbers, passwords and health are listed as refused and their cells are never
read: once the header is found, only the columns mapped to a field (and the ordinal column)
are looked at, by any converter, check or message.

Lists reach 100,000 rows, so the work is done by column where it can: one regex decides which
rows hold a resident, each distinct value of a column is converted once (a few hundred years,
groups or relations), and names are folded only when two residents of one household share a
birth year. The cyclic garbage collector is paused while a list is read.
"""

import datetime
import re
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass, fields
from functools import partial
from itertools import islice, repeat
from operator import itemgetter
from typing import Any

from django.utils.translation import gettext as _

from hocvuso.people.importing.archive import too_many_rows
from hocvuso.people.importing.cells import (
    LETTER,
    ODD_NAME,
    Invalid,
    converters,
    is_mark,
    longest,
)
from hocvuso.people.importing.header_rows import Column, Header, cell_text, find_header
from hocvuso.people.importing.headers import (
    FIELDS,
    REQUIRED,
    choice_key,
    header_key,
    words_pattern,
)
from hocvuso.people.importing.memory import paused_collection
from hocvuso.people.importing.rows import ImportFileError, ParsedList, ResidentRow, RowError
from hocvuso.people.importing.sheets import read_sheet
from hocvuso.text.folding import Folded, fold, fold_each

KEY, GROUP, ADDRESS, NAME, BIRTH, GENDER, RELATION, PHONE, HOUSEHOLD_PHONE, SMART, INTERNET = range(
    len(FIELDS)
)
SLOT = {name: slot for slot, name in enumerate(FIELDS)}
_DEFAULTS = ("", "", "", "", None, "", "", "", "", None, None)


def _field_label(field_name: str) -> str:
    return {
        "household_key": _("household code"),
        "full_name": _("full name"),
    }.get(field_name, field_name)


# --- Rows that are not residents --------------------------------------------------------------

_TOTAL = re.compile(r"(tong|cong)( cong| so| hop| ho| nhan khau| \d|$)")
# fmt: off
_SIGNATURES = (
    "nguoi lap", "to truong", "truong thon", "truong khu pho", "truong ban", "truong to",
    "xac nhan", "ky ten", "ky ghi ro", "tm", "t m", "kt", "chu tich", "can bo", "ghi chu",
    "bi thu", "nguoi kiem tra", "nguoi duyet", "thu truong", "dai dien",
)
# fmt: on
_SIGNATURE = words_pattern(_SIGNATURES)  # matched at the start of the cell
_DATE_LINE = re.compile(r"\bngay (\d+ )?thang (\d+ )?nam \d{4}\b")
# First words (lower case, NFC or folded) that make a cell worth a closer look.
# fmt: off
_SUSPECT_FIRST_WORDS = (
    "tổng", "cộng", "người", "tổ", "trưởng", "xác", "ký", "kí", "chủ", "cán", "ghi", "bí",
    "thủ", "đại", "tm", "t/m", "kt", "họ", "tên",
)
# fmt: on
_NFC = partial(unicodedata.normalize, "NFC")
_SUSPECT_WORDS = frozenset(
    word for phrase in _SUSPECT_FIRST_WORDS for word in (phrase, fold(phrase))
)
# A name as most are written: words of letters (precomposed) separated by single spaces, the
# first not one that opens a total or a signature. It needs no more than NFC.
_SUSPECT_ALTERNATIVES = "|".join(
    sorted((re.escape(word) for word in _SUSPECT_WORDS), key=len, reverse=True)
)
_PLAIN_NAME = re.compile(
    r"(?!(?:" + _SUSPECT_ALTERNATIVES + r")(?![^\W\d_]))[^\W\d_]+(?: [^\W\d_]+)*",
    re.IGNORECASE,
)


def _special_row(text: str, header_keys: frozenset[str]) -> str | None:
    """Say "total", "signature" or "header" when a cell shows its row holds no resident.

    `header_keys` are the folded headers of the name, household and ordinal columns: a cell
    repeating one of them is a header repeated on a later page.
    """
    key = header_key(text)
    if not key:
        return None
    if _TOTAL.match(key):
        return "total"
    if _SIGNATURE.match(key) or _DATE_LINE.search(key):
        return "signature"
    if key in header_keys:
        return "header"
    return None


def _is_number_row(cells: tuple) -> bool:
    """The row of column numbers under the header: 1 2 3 ... or (1) (2) (3) ..."""
    last, count = 0, 0
    for value in cells:
        if value == "":
            continue
        if type(value) is float or type(value) is int:
            if not float(value).is_integer():
                return False
            number = int(value)
        elif isinstance(value, str):
            text = value.strip().strip("()[]").strip()
            if not text:
                continue
            if not text.isdigit():
                return False
            number = int(text)
        else:
            return False
        if number <= last:
            return False
        last, count = number, count + 1
    return count >= 2


def _nameless(
    raw: list, cells: tuple, used: list[int], keys_of: dict, header_keys: frozenset[str]
) -> str | None:
    """Why a row without a name is no resident: blank, column numbers, a repeated header, or
    totals and signatures written in another column. None when it is a resident row with a
    problem to report."""
    if all(type(value) is str and not value.strip() for value in cells):
        return "blank"
    if _is_number_row(cells):
        return "numbers"
    repeats = 0
    for c in used:
        value = raw[c]
        if isinstance(value, str) and value.strip():
            if special := _special_row(value, header_keys):
                return special
            repeats += header_key(value) in keys_of[c]
    return "header" if repeats >= 2 else None


# --- The list --------------------------------------------------------------------------------


# ResidentRow's fields, by the slot of the field they come from; rows are built positionally
# in the dataclass's own order.
_ROW_FIELDS = {
    "household_key": "household_key",
    "group": "group",
    "address": "address",
    "full_name": "full_name",
    "birth_year": "birth",
    "gender": "gender",
    "relation": "relation",
    "phone": "phone",
    "household_phone": "household_phone",
    "has_smartphone": "has_smartphone",
    "has_internet": "has_internet",
}
_ROW_ORDER = tuple(f.name for f in fields(ResidentRow))
if set(_ROW_ORDER) != {"row_number", "is_head", *_ROW_FIELDS}:  # pragma: no cover
    raise ImportError("ResidentRow's fields changed: update _ROW_FIELDS in reading.py")

_HEAD_WORDS = frozenset({"chu ho", "ch", "chu ho gia dinh"})


@dataclass
class _Household:
    group: str
    group_row: int
    address: str
    address_row: int
    head_row: int = 0


def _plan(header: Header) -> tuple[dict[str, str], list[str], list[str], list[Column], dict]:
    """Map the header's columns to fields: mapping, ignored, refused, plain and choice columns."""
    mapping: dict[str, str] = {}
    ignored: list[str] = []
    refused: list[str] = []
    plain: list[Column] = []
    choices: dict[str, list[Column]] = {}
    for column in header.columns:
        if column.kind == "blank":
            continue
        if column.kind == "refused":
            refused.append(column.text)
        elif column.kind == "field" and column.field not in mapping:
            mapping[column.field] = column.text
            plain.append(column)
        elif column.kind == "choice":
            choices.setdefault(column.field, []).append(column)
        else:
            ignored.append(column.text)
    for field_name, columns in choices.items():
        joined = ", ".join(column.text for column in columns)
        mapping.setdefault(field_name, joined)
        if any(column.carries_birth for column in columns):
            mapping.setdefault("birth", joined)
    return mapping, ignored, refused, plain, choices


def parse_resident_list(
    data: bytes, filename: str, *, max_rows: int, packed: bool = False
) -> ParsedList:
    """Read a resident list from the bytes of an .xlsx or .csv file and check every row.

    The format is decided from the content, not from `filename`. Raises `ImportFileError`
    (with a message for the officer) when the file as a whole cannot be used: not a
    spreadsheet, no header with a household code and a name, or more than `max_rows` rows.
    Problems of single rows are returned in `ParsedList.errors`; those rows are left out.
    `packed` returns the rows as `ParsedList.columns`, to send to another process.
    """
    with paused_collection():
        parts = list(_parts(data, max_rows, rows_per_part=None, packed=packed))
    whole = parts[0]
    for part in parts[1:]:
        whole.errors.extend(part.errors)
        if whole.columns is not None and part.columns is not None:
            for mine, theirs in zip(whole.columns, part.columns, strict=True):
                mine.extend(theirs)
        else:
            whole.rows.extend(part.rows)
    return whole


def parse_in_parts(
    data: bytes, filename: str, *, max_rows: int, rows_per_part: int
) -> Iterator[ParsedList]:
    """The list `parse_resident_list` reads, given in packed parts of about `rows_per_part`
    rows, in the list's order, so that writing can begin while the rest is read.

    Every part carries the header's facts and its own rows' errors; the first also says how
    many rows were skipped and how many hold residents (`listed`). A row whose group or
    address its household gives later holds back itself and every row after it until the end.
    """
    with paused_collection():
        yield from _parts(data, max_rows, rows_per_part=rows_per_part, packed=True, fold_names=True)


def _parts(
    data: bytes,
    max_rows: int,
    *,
    rows_per_part: int | None,
    packed: bool,
    fold_names: bool = False,
) -> Iterator[ParsedList]:
    """The list's parts; `fold_names` folds each part's names too, which the writer matches
    on: the reader, waiting for the writer, has the time."""
    sheet = read_sheet(data, max_rows=max_rows)
    grid = sheet.grid
    stop = len(grid)
    while stop and all(v == "" or (isinstance(v, str) and v.isspace()) for v in grid[stop - 1]):
        stop -= 1
    if not stop:
        raise ImportFileError(_("The file has no rows."))
    header = find_header(sheet)
    mapping, ignored, refused, plain, choices = _plan(header) if header else ({}, [], [], [], {})
    missing = [name for name in REQUIRED if name not in {c.field for c in plain}]
    if header is None or missing:
        raise ImportFileError(
            _(
                "No column was found for: %(fields)s. The header row of the list must name "
                "them, for example “Mã hộ” and “Họ và tên”."
            )
            % {"fields": ", ".join(_field_label(name) for name in missing or REQUIRED)}
        )
    if stop - header.data_start > max_rows:
        raise too_many_rows(max_rows)
    kept, slow, skipped = _resident_rows(grid, header, plain, choices, stop)
    convert = _Converter(grid, plain, choices)
    check = _Checker(mapping)
    folded = Folded()

    def part(fields: list[list], errors: list[RowError], *, first: bool) -> ParsedList:
        errors.sort(key=lambda error: error.row_number)
        return ParsedList(
            header_row=header.top + 1,
            mapping=mapping,
            # One C-level pass: building 100,000 rows one call at a time costs twice as much.
            rows=[] if packed else list(map(ResidentRow, *fields)),
            errors=errors,
            ignored_columns=ignored,
            refused_columns=refused,
            skipped_rows=skipped if first else 0,
            listed=len(kept) if first else 0,
            columns=fields if packed else None,
            names_folded=fold_each(fields[_NAME_FIELD], folded) if fold_names else None,
        )

    size = rows_per_part or len(kept)
    first = True
    for start in range(0, len(kept), size or 1):
        part_kept = kept[start : start + size]
        columns, problems = convert(part_kept, {p - start for p in slow if 0 <= p - start < size})
        errors: list[RowError] = []
        fields = check(part_kept, columns, problems, errors)
        if fields[0] or errors or first:
            yield part(fields, errors, first=first)
            first = False
    held = check.finish()
    if held[0] or first:
        yield part(held, [], first=first)


def _resident_rows(
    grid: list[list], header: Header, plain: list[Column], choices: dict, stop: int
) -> tuple[list[int], set[int], int]:
    """The 0-based rows below the header that hold residents, the positions among them of
    the names to check closely, and how many rows were skipped: blank rows, column numbers,
    repeated headers, totals and signatures.

    Only the columns mapped to a field (and the ordinal column) are looked at.
    """
    key_col = next(c.index for c in plain if c.field == "household_key")
    name_col = next(c.index for c in plain if c.field == "full_name")
    ordinal_cols = [c.index for c in header.columns if c.kind == "ordinal"]
    used = sorted(
        {c.index for c in plain}
        | {c.index for columns in choices.values() for c in columns}
        | set(ordinal_cols)
    )
    keys_of = {c.index: c.keys for c in header.columns if c.index in used}
    header_keys = frozenset().union(
        *(
            keys_of[c.index]
            for c in header.columns
            if c.kind == "ordinal" or c.index in (key_col, name_col)
        )
    )
    width = used[-1] + 1
    cells_of = itemgetter(*used)
    probes = [c for c in dict.fromkeys([used[0], *ordinal_cols[:1], key_col]) if c != name_col]
    start = header.data_start
    rows = grid[start:stop]
    if rows and min(map(len, rows)) < width:
        for raw in rows:
            if len(raw) < width:  # a short CSV record
                raw.extend([""] * (width - len(raw)))
    # Most rows have a plain name (letters, single spaces, no word that opens a total or a
    # signature): one regex decides them. The others are looked at closely.
    names = list(map(itemgetter(name_col), rows))
    plain_name = _PLAIN_NAME.fullmatch
    suspect_words = _SUSPECT_WORDS
    nfc = unicodedata.normalize
    letter, odd_name = LETTER.search, ODD_NAME.search
    kept: list[int] = []
    slow: set[int] = set()
    skipped = 0
    in_signature = False
    for index, name in zip(range(start, stop), names, strict=True):
        if type(name) is str and plain_name(name) is not None:
            if not in_signature:
                kept.append(index)
                continue
            special = None
            named = True
        else:
            raw = grid[index]
            named = type(name) is str and letter(name) is not None
            special = None
            if not named:
                special = _nameless(raw, cells_of(raw), used, keys_of, header_keys)
            else:
                for value in (name, *(raw[c] for c in probes)):
                    if type(value) is str:
                        words = value.split(None, 1)
                        if (
                            words
                            and nfc("NFC", words[0].lower().strip(":.,-")) in suspect_words
                            and (special := _special_row(value, header_keys))
                        ):
                            break
                if special is None and odd_name(name):
                    special = _special_row(name, header_keys)
            if special is None:
                slow.add(len(kept))
        if special is not None:
            skipped += 1
            in_signature = in_signature or special == "signature"
            continue
        if in_signature:
            # Below a signature line only complete rows are residents: the rest is names of
            # signatories, stamps and notes.
            if not named or not cell_text(grid[index][key_col]):
                skipped += 1
                slow.discard(len(kept))
                continue
            in_signature = False
        kept.append(index)
    return kept, slow, skipped


class _Converter:
    """Converts the cells of kept rows column by column: each distinct value of a column is
    converted once, in whichever part of the list it first appears."""

    def __init__(self, grid: list[list], plain: list[Column], choices: dict) -> None:
        self.grid, self.plain, self.choices = grid, plain, choices
        self.convert = converters(datetime.date.today())
        self.memos = {
            column.index: _Memo(self.convert[column.field], _DEFAULTS[SLOT[column.field]])
            for column in plain
            if column.field not in ("full_name", "phone")
        }

    def __call__(self, kept: list[int], slow: set[int]) -> tuple[list, dict[int, list[RowError]]]:
        """A list of values per field slot for the rows `kept` (a repeat of the default for
        fields the list lacks) and the problems found, by position in `kept`; `slow` are the
        positions of the names to check closely."""
        grid, plain, convert = self.grid, self.plain, self.convert
        columns: list = [repeat(default) for default in _DEFAULTS]
        problems: dict[int, list[RowError]] = {}
        if not kept:
            for column in plain:
                columns[SLOT[column.field]] = []
            return columns, problems
        if kept[-1] - kept[0] + 1 == len(kept):
            rows = grid[kept[0] : kept[-1] + 1]
        else:
            rows = [grid[index] for index in kept]
        # One pass along the rows, in the order the cells lie in memory, turns them into columns.
        transposed = zip(*map(itemgetter(*(c.index for c in plain)), rows), strict=True)
        values: list[Any]  # each cell's value, or the Invalid that says why it has none
        for column, cells in zip(plain, transposed, strict=True):
            slot = SLOT[column.field]
            failed = False
            if column.field == "full_name":
                # Plain names only need NFC; the others go through the whole check.
                if slow:
                    blanked = list(cells)
                    for position in slow:
                        blanked[position] = ""
                    cells = tuple(blanked)
                values = list(map(_NFC, cells))
                most = longest("full_name")
                if values and max(map(len, values)) > most:
                    slow.update(p for p, name in enumerate(values) if len(name) > most)
                for position in slow:
                    name = grid[kept[position]][column.index]
                    if name != "":
                        values[position] = _convert_one(convert["full_name"], name)
                        failed = failed or type(values[position]) is Invalid
            elif column.field == "phone":  # nearly all distinct: no use remembering them
                values = []
                append = values.append
                for value in cells:
                    if (
                        type(value) is str
                        and len(value) == 10
                        and value[0] == "0"
                        and value.isdigit()
                    ):
                        append(value)
                    elif value == "":
                        append("")
                    else:
                        append(_convert_one(convert[column.field], value))
                        failed = failed or type(values[-1]) is Invalid
            else:
                seen = self.memos[column.index]
                values = list(map(seen.__getitem__, cells))
                failed = seen.failed
            if failed:
                for position, value in enumerate(values):
                    if type(value) is Invalid:
                        problems.setdefault(position, []).append(
                            RowError(kept[position] + 1, column.text, value.message)
                        )
                        values[position] = _DEFAULTS[slot]
            columns[slot] = values
        if self.choices:
            _read_choices(grid, kept, self.choices, columns, problems, convert["birth"])
        return columns, problems


class _Memo(dict):
    """The converted value of each distinct cell of a column, converted on first sight: a
    lookup of a known value stays in C, so a column costs one pass."""

    def __init__(self, step: Callable[[Any], object], blank: object) -> None:
        super().__init__({"": blank})
        self.step = step
        self.failed = False

    def __missing__(self, value: object) -> object:
        converted = self[value] = _convert_one(self.step, value)
        if type(converted) is Invalid:
            self.failed = True
        return converted


def _convert_one(step: Callable[[object], object], value: object) -> object:
    """The converted value, or the `Invalid` saying why it cannot be."""
    try:
        return step(value)
    except Invalid as exc:
        return exc


def _read_choices(
    grid: list[list],
    kept: list[int],
    choices: dict[str, list[Column]],
    columns: list,
    problems: dict[int, list[RowError]],
    birth: Callable[[object], object],
) -> None:
    """Fields given by which of several columns is filled ("Nam" | "Nữ", "Có" | "Không").
    A plain column of the same field, when filled, wins."""
    for name, group in choices.items():
        slot = SLOT[name]
        if isinstance(columns[slot], repeat):
            columns[slot] = [_DEFAULTS[slot]] * len(kept)
        if any(c.carries_birth for c in group) and isinstance(columns[BIRTH], repeat):
            columns[BIRTH] = [None] * len(kept)
        values, years = columns[slot], columns[BIRTH]
        for position, index in enumerate(kept):
            raw = grid[index]
            marked = [c for c in group if cell_text(raw[c.index])]
            if not marked:
                continue
            if len(marked) > 1:
                problems.setdefault(position, []).append(
                    RowError(
                        index + 1,
                        marked[1].text,
                        _("Both “%(first)s” and “%(second)s” are filled in: keep one.")
                        % {"first": marked[0].text, "second": marked[1].text},
                    )
                )
                continue
            column = marked[0]
            value = raw[column.index]
            if column.carries_birth and not is_mark(value):
                try:
                    year = birth(value)
                except Invalid as exc:
                    problems.setdefault(position, []).append(
                        RowError(index + 1, column.text, exc.message)
                    )
                else:
                    if years[position] is None:
                        years[position] = year
            if values[position] == "" or values[position] is None:
                values[position] = column.choice


_KEY_FIELD, _GROUP_FIELD, _ADDRESS_FIELD, _NAME_FIELD = (
    _ROW_ORDER.index(name) for name in ("household_key", "group", "address", "full_name")
)


class _Checker:
    """Checks the rows across the list, part after part: a household code and a name on
    each, one group and address per household, no resident listed twice, one head per
    household.

    A blank household code continues the household above (a merged cell saved as CSV keeps
    its value on the first row only); blank group and address take the household's.
    """

    def __init__(self, mapping: dict[str, str]) -> None:
        self.mapping = mapping
        self.households: dict[str, _Household] = {}
        # (household, birth year) -> (row number, name) of the first resident, or a list of
        # (row number, folded name) once several share it: names are folded only then.
        self.same_year: dict[tuple[str, int | None], tuple[int, str] | list] = {}
        self.previous_key = ""
        self.heads = _Memo(lambda relation: choice_key(relation) in _HEAD_WORDS, False)
        self.fill_group = self.fill_address = False
        # Once a row waits for a value its household gives later, it and every row after it
        # are held here until the end, so the rows go out in the list's order.
        self.held: list[list] | None = None

    def __call__(
        self,
        kept: list[int],
        columns: list,
        problems: dict[int, list[RowError]],
        errors: list[RowError],
    ) -> list[list]:
        """Check the rows `kept` (converted into `columns`) and return those ready to write,
        one list per field of ResidentRow; their problems are added to `errors`."""
        mapping = self.mapping
        key_header, name_header = mapping["household_key"], mapping["full_name"]
        group_header = mapping.get("group", "")
        address_header = mapping.get("address", "")
        relation_header = mapping.get("relation", "")
        keys, groups, addresses = columns[KEY], columns[GROUP], columns[ADDRESS]
        names = columns[NAME]
        count = len(kept)
        row_numbers = [index + 1 for index in kept]

        # What each row needs on its own: a household code (or the one above) and a name.
        found: dict[int, list[RowError]] = {p: list(e) for p, e in problems.items()}
        if "" in keys:
            previous_key = self.previous_key
            for position, key in enumerate(keys):
                if key:
                    previous_key = key
                elif previous_key:
                    keys[position] = previous_key
                else:
                    found.setdefault(position, []).append(
                        RowError(
                            row_numbers[position], key_header, _("The household code is missing.")
                        )
                    )
        if keys:
            self.previous_key = keys[-1] or self.previous_key
        if "" in names:
            for position, name in enumerate(names):
                if not name and not any(e.column == name_header for e in found.get(position, ())):
                    found.setdefault(position, []).append(
                        RowError(row_numbers[position], name_header, _("The name is missing."))
                    )
        if "relation" in mapping:
            is_head = list(map(self.heads.__getitem__, columns[RELATION]))
        else:
            is_head = [False] * count  # set below on each household's first row
        rejected = set(found)

        households, same_year = self.households, self.same_year
        unfilled: list[int] = []  # rows whose blank group or address a later row may fill
        no_relation = "relation" not in mapping
        fill_group = self.fill_group = isinstance(groups, list)
        fill_address = self.fill_address = isinstance(addresses, list)
        for position, key, group, address, birth_year, head in zip(
            range(count), keys, groups, addresses, columns[BIRTH], is_head, strict=False
        ):
            if rejected and position in rejected:
                continue
            household = households.get(key)
            row_number = row_numbers[position]
            if household is None:  # a household's first row: nothing to compare with yet
                households[key] = _Household(
                    group,
                    row_number if group else 0,
                    address,
                    row_number if address else 0,
                    row_number if head or no_relation else 0,
                )
                if no_relation:
                    is_head[position] = True
                same_year[(key, birth_year)] = (row_number, names[position])
                if (fill_group and not group) or (fill_address and not address):
                    unfilled.append(position)
                continue
            conflicts = []
            if group != household.group and group:
                if not household.group:
                    household.group, household.group_row = group, row_number
                elif fold(group) != fold(household.group):
                    conflicts.append(
                        RowError(
                            row_number,
                            group_header,
                            _("Household %(key)s is in group “%(group)s” on row %(row)s.")
                            % {"key": key, "group": household.group, "row": household.group_row},
                        )
                    )
            if address != household.address and address:
                if not household.address:
                    household.address, household.address_row = address, row_number
                elif fold(address) != fold(household.address):
                    conflicts.append(
                        RowError(
                            row_number,
                            address_header,
                            _("Household %(key)s has the address “%(address)s” on row %(row)s.")
                            % {
                                "key": key,
                                "address": household.address,
                                "row": household.address_row,
                            },
                        )
                    )
            if head:
                if household.head_row:
                    conflicts.append(
                        RowError(
                            row_number,
                            relation_header,
                            _("Household %(key)s already has a head on row %(row)s.")
                            % {"key": key, "row": household.head_row},
                        )
                    )
                else:
                    household.head_row = row_number
            year_key = (key, birth_year)
            twins = same_year.get(year_key)
            if twins is not None:
                if isinstance(twins, tuple):
                    twins = same_year[year_key] = [(twins[0], fold(twins[1]))]
                folded = fold(names[position])
                for twin_row, twin_name in twins:
                    if twin_name == folded:
                        conflicts.append(
                            RowError(
                                row_number,
                                name_header,
                                _("Same resident as row %(row)s.") % {"row": twin_row},
                            )
                        )
                        break
                else:
                    twins.append((row_number, folded))
            if conflicts:
                # The row is left out; what it set on its household is taken back.
                if household.group_row == row_number:
                    household.group, household.group_row = "", 0
                if household.address_row == row_number:
                    household.address, household.address_row = "", 0
                if household.head_row == row_number:
                    household.head_row = 0
                if twins is not None and twins[-1][0] == row_number:
                    twins.pop()
                errors.extend(conflicts)
                rejected.add(position)
                continue
            if twins is None:
                same_year[year_key] = (row_number, names[position])
            if (fill_group and not group) or (fill_address and not address):
                unfilled.append(position)
        for position_errors in found.values():
            errors.extend(position_errors)

        # A household's group and address, once set, stay: rows that lack them take them
        # now, and the first whose household has none yet waits for a later row.
        waiting = None
        for position in unfilled:
            household = households[keys[position]]
            if fill_group and not groups[position]:
                groups[position] = household.group
            if fill_address and not addresses[position]:
                addresses[position] = household.address
            if waiting is None and (
                (fill_group and not groups[position]) or (fill_address and not addresses[position])
            ):
                waiting = position

        by_field = {
            "row_number": row_numbers,
            "is_head": is_head,
            **{name: columns[SLOT[field_name]] for name, field_name in _ROW_FIELDS.items()},
        }
        ordered = [by_field[name] for name in _ROW_ORDER]
        if rejected:
            keep = [position for position in range(count) if position not in rejected]
            pick = itemgetter(*keep) if len(keep) > 1 else lambda values: [values[p] for p in keep]
            ordered = [
                list(pick(values)) if isinstance(values, list) else values for values in ordered
            ]
            if waiting is not None:
                waiting = keep.index(waiting)
            count = len(keep)
        # A field the list lacks is its default on every row.
        ready = [
            list(islice(values, count)) if isinstance(values, repeat) else values
            for values in ordered
        ]
        if self.held is not None:
            for held, values in zip(self.held, ready, strict=True):
                held.extend(values)
            return [[] for _ in ready]
        if waiting is not None:
            self.held = [values[waiting:] for values in ready]
            return [values[:waiting] for values in ready]
        return ready

    def finish(self) -> list[list]:
        """The rows held back, with their households' groups and addresses filled in."""
        held = self.held or [[] for _ in _ROW_ORDER]
        keys, groups, addresses = held[_KEY_FIELD], held[_GROUP_FIELD], held[_ADDRESS_FIELD]
        for position, key in enumerate(keys):
            household = self.households[key]
            if self.fill_group and not groups[position]:
                groups[position] = household.group
            if self.fill_address and not addresses[position]:
                addresses[position] = household.address
        return held
