"""What a resident list becomes once read: clean rows and the errors found on the way.

The demo generator produces the same rows, so one writer serves both.
"""

from dataclasses import dataclass, field, replace


class ImportFileError(ValueError):
    """The file as a whole cannot be imported; the message is for the officer, in Vietnamese."""


# Not frozen: a frozen dataclass sets each field through object.__setattr__, and building
# 100,000 rows that way cost a tenth of a second of every large import.
@dataclass(slots=True)
class ResidentRow:
    """One resident, as the list gives it, already cleaned (NFC, trimmed, phones national)."""

    row_number: int  # the spreadsheet's own row number (1-based), for error messages
    household_key: str  # the ward's household code; unique within a ward
    group: str  # residential group as written ("Tổ 11", "TDP số 11", "11")
    address: str
    full_name: str
    birth_year: int | None
    gender: str  # "male", "female" or "" when not given
    relation: str  # relation to the head as written ("Chủ hộ", "Vợ", "Con"...)
    is_head: bool
    phone: str = ""  # the resident's own phone, national form
    household_phone: str = ""
    has_smartphone: bool | None = None  # a household fact; None when the list does not say
    has_internet: bool | None = None


@dataclass(frozen=True, slots=True)
class RowError:
    row_number: int
    column: str  # the header as written in the file, or "" for the whole row
    message: str  # Vietnamese, for the officer


@dataclass
class ParsedList:
    """A resident list read and checked, before anything is written."""

    header_row: int  # 1-based row number of the header in the file
    mapping: dict[str, str]  # field name -> the header text it was read from
    rows: list[ResidentRow] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    ignored_columns: list[str] = field(default_factory=list)  # headers not understood
    refused_columns: list[str] = field(default_factory=list)  # ID numbers: never read
    skipped_rows: int = 0  # blank, repeated-header and totals rows
    listed: int = 0  # rows that hold a resident, in the whole list (set on its first part)

    # The rows as one sequence per field of ResidentRow, in its order, while the list crosses
    # a process boundary: eleven lists pickle in a third of the time 100,000 rows take.
    columns: list[list] | None = None
    # The rows' names folded, when the reader folded them for the writer (`parse_in_parts`).
    names_folded: list[str] | None = None

    def unpacked(self) -> "ParsedList":
        """The list with its rows built from `columns`, when it came packed."""
        if self.columns is None:
            return self
        return replace(self, rows=list(map(ResidentRow, *self.columns)), columns=None)
