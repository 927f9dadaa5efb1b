"""Write checked resident rows into the registry: insert what is new, update what changed.

Lists reach 100,000 rows, so this speaks SQL through the database cursor (`executemany`)
instead of building a model object per row: the ORM, not the database, would be the cost.
A household is matched by its code within the ward, a resident by household, folded name
and birth year, so writing the same list twice changes nothing.

An import writes the list in parts while its reader reads the rest (`RegistryWriter`); the
registry ends as the whole list written at once would leave it.
"""

import sqlite3
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from itertools import chain, islice
from operator import attrgetter

from django.db import connection
from django.db.models import Field, Max, Model
from django.utils import timezone

from hocvuso.people import search_index
from hocvuso.people.importing.memory import paused_collection
from hocvuso.people.importing.rows import ResidentRow
from hocvuso.people.models import Household, Resident
from hocvuso.people.services import household_search_text
from hocvuso.places.models import ResidentialGroup, Ward
from hocvuso.text.folding import Folded, fold_each

_household_key = attrgetter("household_key")
_full_name = attrgetter("full_name")
# A resident's own values, in RESIDENT_COLUMNS' order after the group.
_row_values = attrgetter("full_name", "birth_year", "gender", "relation", "is_head", "phone")

HOUSEHOLD_COLUMNS = ("residential_group", "address", "phone", "has_smartphone", "has_internet")
RESIDENT_COLUMNS = (
    "residential_group",
    "full_name",
    "birth_year",
    "gender",
    "relation",
    "is_head",
    "phone",
)


@dataclass
class WriteResult:
    households_created: int = 0
    households_updated: int = 0
    residents_created: int = 0
    residents_updated: int = 0
    residents_unchanged: int = 0

    def as_dict(self) -> dict[str, int]:
        return dict(self.__dict__)


def _columns(model: type[Model], names: Sequence[str]) -> list[str]:
    columns = []
    for name in names:
        field = model._meta.get_field(name)
        assert isinstance(field, Field) and field.column, name  # the model's own columns
        columns.append(field.column)
    return columns


# Measured on a 100,000-row list: a statement a row spends a tenth of the insert running and
# resetting statements; tens of thousands of rows to a statement spend more compiling it.
_ROWS_PER_STATEMENT = 500


def _insert(model: type[Model], names: Sequence[str], values: list[tuple]) -> None:
    """Insert `values`, many rows to a statement."""
    if not values:
        return
    quote = connection.ops.quote_name
    columns = ", ".join(quote(c) for c in _columns(model, names))
    with connection.cursor() as cursor:
        per_statement = max(1, min(_parameters_per_statement() // len(names), _ROWS_PER_STATEMENT))
        execute = _sqlite_execute() if connection.vendor == "sqlite" else cursor.execute
        mark = "?" if connection.vendor == "sqlite" else "%s"
        row = f"({', '.join([mark] * len(names))})"
        for start in range(0, len(values), per_statement):
            rows = values[start : start + per_statement]
            sql = (
                f"INSERT INTO {quote(model._meta.db_table)} ({columns}) "  # noqa: S608
                f"VALUES {', '.join([row] * len(rows))}"
            )
            execute(sql, list(chain.from_iterable(rows)))


def _sqlite_execute() -> Callable[[str, list], object]:
    """The SQLite connection's own `execute`, for statements written with `?`.

    Django's SQLite cursor rewrites every `%s` of a statement into `?` with a regular
    expression, on each call: for statements of thousands of parameters that cost a third
    of a 100,000-row insert. Errors still reach the caller as Django's.
    """
    raw = connection.connection
    assert isinstance(raw, sqlite3.Connection)  # the caller's cursor connected it

    def execute(sql: str, params: list) -> object:
        with connection.wrap_database_errors:
            return raw.execute(sql, params)

    return execute


def _parameters_per_statement() -> int:
    if connection.vendor == "sqlite":
        # Builds differ: 999 before SQLite 3.32, 32,766 since, 250,000 in Debian's.
        raw = connection.connection
        assert isinstance(raw, sqlite3.Connection)  # the cursor above connected it
        return raw.getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER)
    return 65_535  # PostgreSQL's protocol counts a statement's parameters in 16 bits


def _update(model: type[Model], names: Sequence[str], values: list[tuple]) -> None:
    """Each value tuple is the new values of `names` followed by the row's id."""
    if not values:
        return
    quote = connection.ops.quote_name
    assignments = ", ".join(f"{quote(c)} = %s" for c in _columns(model, names))
    sql = f"UPDATE {quote(model._meta.db_table)} SET {assignments} WHERE id = %s"  # noqa: S608
    with connection.cursor() as cursor:
        cursor.executemany(sql, values)


@dataclass(slots=True)
class _HouseholdIn:
    key: str
    group_id: int
    address: str
    phone: str
    has_smartphone: bool | None
    has_internet: bool | None


def _household_into(
    households: dict[str, _HouseholdIn], rows: Sequence[ResidentRow], group_ids: dict[str, int]
) -> set[str]:
    """Add the households of `rows` to `households`; returns the keys already there whose
    blanks a row of `rows` filled in."""
    filled: set[str] = set()
    for row in rows:
        found = households.get(row.household_key)
        if found is None:
            households[row.household_key] = _HouseholdIn(
                key=row.household_key,
                group_id=group_ids[row.group],
                address=row.address,
                phone=row.household_phone or (row.phone if row.is_head else ""),
                has_smartphone=row.has_smartphone,
                has_internet=row.has_internet,
            )
            continue
        # Later rows of a household fill in what its first row left blank.
        if not found.phone and (row.household_phone or (row.phone and row.is_head)):
            found.phone = row.household_phone or row.phone
            filled.add(found.key)
        if found.has_smartphone is None and row.has_smartphone is not None:
            found.has_smartphone = row.has_smartphone
            filled.add(found.key)
        if found.has_internet is None and row.has_internet is not None:
            found.has_internet = row.has_internet
            filled.add(found.key)
    return filled


def write_rows(
    *,
    ward: Ward,
    rows: Sequence[ResidentRow],
    groups: dict[str, ResidentialGroup],
) -> WriteResult:
    """Write `rows` (already checked) into `ward`. `groups` maps each row's group text to
    the ward's group. The caller holds the transaction, so the list lands whole or not at all.
    """
    with paused_collection(), registry_writer(ward) as writer:
        writer.add(rows, groups)
    return writer.result


@contextmanager
def registry_writer(ward: Ward) -> Iterator["RegistryWriter"]:
    """A writer for one list into `ward`, part after part as the list is read; the caller
    holds the transaction."""
    writer = RegistryWriter(ward)
    with search_index.bulk_inserts(connection):
        yield writer
        writer.finish()


_HOUSEHOLD_INSERT = (
    "ward",
    "residential_group",
    "key",
    "address",
    "phone",
    "has_smartphone",
    "has_internet",
    "search_text",
    "created_at",
    "updated_at",
)
_RESIDENT_INSERT = (
    "ward",
    "household",
    "name_folded",
    *RESIDENT_COLUMNS,
    "created_at",
    "updated_at",
)


class RegistryWriter:
    """Writes the parts of one list into a ward in the list's order: each household when its
    first row comes, each resident with its household. A household's blanks that a later
    row fills in are written at the end, so the result is the one the whole list gives."""

    def __init__(self, ward: Ward) -> None:
        self.ward_id = ward.pk
        self.result = WriteResult()
        self.now = connection.ops.adapt_datetimefield_value(timezone.now())
        self.incoming: dict[str, _HouseholdIn] = {}
        self.filled: set[str] = set()  # households whose blanks a later part filled in
        self.existing = {
            h["key"]: h
            for h in Household.objects.filter(ward=ward).values(
                "id",
                "key",
                "residential_group_id",
                "address",
                "phone",
                "has_smartphone",
                "has_internet",
            )
        }
        # key -> (id, group id) of each household the list's residents go into
        self.placed = {
            key: (h["id"], h["residential_group_id"]) for key, h in self.existing.items()
        }
        self.written: dict[str, tuple] = {}  # key -> household values as now in the registry
        self.folded = Folded()
        self.known = {
            (r[1], r[2], r[3]): r
            for r in Resident.objects.filter(ward=ward).values_list(
                "id", "household_id", "name_folded", "birth_year", *RESIDENT_COLUMNS
            )
        }

    def _wanted(self, h: _HouseholdIn) -> tuple:
        """The household's values after this list: what it gives over what is stored."""
        old = self.existing.get(h.key)
        if old is None:
            return (h.group_id, h.address, h.phone, h.has_smartphone, h.has_internet)
        return (
            h.group_id,
            h.address or old["address"],
            h.phone or old["phone"],
            old["has_smartphone"] if h.has_smartphone is None else h.has_smartphone,
            old["has_internet"] if h.has_internet is None else h.has_internet,
        )

    def add(
        self,
        rows: Sequence[ResidentRow],
        groups: dict[str, ResidentialGroup],
        names_folded: list[str] | None = None,
    ) -> None:
        """Write the next part of the list: `rows` checked, `groups` their groups by text,
        `names_folded` their names folded when the reader did it."""
        group_ids = {text: group.pk for text, group in groups.items()}
        incoming = self.incoming
        before = len(incoming)
        self.filled |= _household_into(incoming, rows, group_ids)
        self._households([incoming[key] for key in islice(incoming, before, None)])
        self._residents(rows, names_folded)

    def _households(self, arrived: list[_HouseholdIn]) -> None:
        ward_id, now, existing = self.ward_id, self.now, self.existing
        to_insert, to_update = [], []
        for h in arrived:
            wanted = self.written[h.key] = self._wanted(h)
            old = existing.get(h.key)
            search = household_search_text(key=h.key, address=wanted[1], phone=wanted[2])
            if old is None:
                to_insert.append((ward_id, wanted[0], h.key, *wanted[1:], search, now, now))
                continue
            if wanted != self._stored(h.key):
                to_update.append((*wanted, search, now, old["id"]))
                self.placed[h.key] = (old["id"], wanted[0])
        _update(Household, (*HOUSEHOLD_COLUMNS, "search_text", "updated_at"), to_update)
        self.result.households_created += len(to_insert)
        self.result.households_updated += len(to_update)
        if to_insert:
            before = Household.objects.aggregate(last=Max("id"))["last"] or 0
            _insert(Household, _HOUSEHOLD_INSERT, to_insert)
            # Ids only grow, so the households just written are those past `before`.
            self.placed.update(
                (key, (pk, group_id))
                for key, pk, group_id in Household.objects.filter(
                    ward_id=ward_id, id__gt=before
                ).values_list("key", "id", "residential_group_id")
            )

    def _residents(self, rows: Sequence[ResidentRow], names_folded: list[str] | None) -> None:
        ward_id, now, known, result = self.ward_id, self.now, self.known, self.result
        # Column by column, in C where it can: the loop below is for residents the ward knows.
        placed = list(map(self.placed.__getitem__, map(_household_key, rows)))
        if names_folded is None:
            names_folded = fold_each(map(_full_name, rows), self.folded)
        values = [
            (group_id, *own)
            for (_household_id, group_id), own in zip(placed, map(_row_values, rows), strict=True)
        ]
        residents = zip(placed, names_folded, values, strict=True)
        new_residents, changed_residents = [], []
        if not known:  # a ward's first list: every resident is new
            new_residents = [
                (ward_id, household_id, name_folded, *row_values, now, now)
                for (household_id, _group_id), name_folded, row_values in residents
            ]
        else:
            for (household_id, _group_id), name_folded, row_values in residents:
                old = known.get((household_id, name_folded, row_values[2]))
                if old is None:
                    new_residents.append(
                        (ward_id, household_id, name_folded, *row_values, now, now)
                    )
                elif old[4:] != row_values:
                    changed_residents.append((*row_values, now, old[0]))
                else:
                    result.residents_unchanged += 1
        _insert(Resident, _RESIDENT_INSERT, new_residents)
        _update(Resident, (*RESIDENT_COLUMNS, "updated_at"), changed_residents)
        result.residents_created += len(new_residents)
        result.residents_updated += len(changed_residents)

    def finish(self) -> None:
        """Write the blanks of households that rows after their first filled in."""
        to_update = []
        for key in self.filled:
            h = self.incoming[key]
            wanted = self._wanted(h)
            if wanted == self.written[key]:
                continue
            search = household_search_text(key=key, address=wanted[1], phone=wanted[2])
            to_update.append((*wanted, search, self.now, self.placed[key][0]))
            if key in self.existing and self.written[key] == self._stored(key):
                self.result.households_updated += 1
            self.written[key] = wanted
        _update(Household, (*HOUSEHOLD_COLUMNS, "search_text", "updated_at"), to_update)
        self.filled.clear()

    def _stored(self, key: str) -> tuple:
        old = self.existing[key]
        return (
            old["residential_group_id"],
            old["address"],
            old["phone"],
            old["has_smartphone"],
            old["has_internet"],
        )
