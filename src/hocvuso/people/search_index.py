"""The registry search's index: the residents a search may match, found without scanning
the ward, so a search costs what it finds rather than what the ward holds.

SQLite: an FTS5 table, `people_resident_words`, one row per resident (rowid = its id) with
their words: their name and their household's folded text (address, code, phone), each word
led by the ward (`313x`), and the longer suffixes of both phones led by the ward and `p`.
Triggers note every resident written, whoever writes (the services, the import's bulk
statements, erasure), and a search first indexes those again (`refresh()`).
`install()` runs after every migration too, because SQLite drops a table's triggers when a
migration rebuilds the table.
PostgreSQL: `pg_trgm` GIN indexes on the columns the search's LIKE conditions read.

The index only narrows: `queries.search_condition` keeps its exact conditions on the rows
the index returns, so a search finds exactly what it found by scanning the ward. For that,
`candidates()` must ask for at least every resident the exact conditions match. A word
starting with a term is stored as `<ward>x<word>`, which FTS5 splits into tokens at every
character that is not a letter or digit; `<ward>x<term>`, split the same way, is then a
phrase of those tokens whose last token is a prefix.
"""

# ruff: noqa: S608, S611 - the SQL is built from this module's constants; search text is a parameter.
import re
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager

from django.db import transaction
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import Q
from django.db.models.expressions import RawSQL

TABLE = "people_resident_words"
# A search over more wards than this (a superuser's) scans them instead.
MAX_WARDS = 20
PHONE_LENGTH = 15  # Resident.phone and Household.phone
# Digits typed shorter than this search the phones by scanning the ward.
PHONE_DIGITS_INDEXED = 5
_TOKEN = re.compile(r"[^\W_]+")  # FTS5's unicode61: letters and digits, nothing else


def _phone_words(ward: str, phone: str) -> str:
    """The suffixes of the phone at least `PHONE_DIGITS_INDEXED` long, led by the ward and
    `p`: a phone that contains the digits typed has a suffix that starts with them."""
    starts = range(1, PHONE_LENGTH - PHONE_DIGITS_INDEXED + 2)
    return " || ".join(
        f"CASE WHEN length({phone}) >= {start + PHONE_DIGITS_INDEXED - 1} "
        f"THEN ' ' || {ward} || 'p' || substr({phone}, {start}) ELSE '' END"
        for start in starts
    )


def _words(resident: str, household: str) -> str:
    ward = f"{resident}.ward_id"
    text = f"{resident}.name_folded || ' ' || {household}.search_text"
    own_phone = f"{resident}.phone"
    # Most residents share the household's phone: its suffixes are there once.
    return (
        f"{ward} || 'x' || replace({text}, ' ', ' ' || {ward} || 'x')"
        f" || {_phone_words(ward, f'{household}.phone')}"
        f" || CASE WHEN {own_phone} <> {household}.phone "
        f"THEN {_phone_words(ward, own_phone)} ELSE '' END"
    )


STALE = "people_resident_words_stale"
# Triggers only note which residents changed: FTS5 writes a segment per statement in a
# trigger, which made an import of 70,000 residents eight seconds slower; `refresh()` then
# indexes the noted residents in one statement, a second or two for a whole ward.
_SQLITE_TRIGGERS = {
    "people_resident_words_insert": (
        f"AFTER INSERT ON people_resident BEGIN INSERT OR IGNORE INTO {STALE} VALUES (new.id); END"
    ),
    "people_resident_words_update": (
        "AFTER UPDATE OF name_folded, phone, household_id, ward_id ON people_resident BEGIN "
        f"INSERT OR IGNORE INTO {STALE} VALUES (new.id); END"
    ),
    "people_resident_words_delete": (
        f"AFTER DELETE ON people_resident BEGIN INSERT OR IGNORE INTO {STALE} VALUES (old.id); END"
    ),
    "people_household_words_update": (
        "AFTER UPDATE OF search_text, phone ON people_household BEGIN "
        f"INSERT OR IGNORE INTO {STALE} "
        "SELECT id FROM people_resident WHERE household_id = new.id; END"
    ),
}
_POSTGRES_INDEXES = {
    "resident_name_trgm": "people_resident USING gin (name_folded gin_trgm_ops)",
    "resident_phone_trgm": "people_resident USING gin (phone gin_trgm_ops)",
    "household_search_trgm": "people_household USING gin (search_text gin_trgm_ops)",
    "household_phone_trgm": "people_household USING gin (phone gin_trgm_ops)",
}


def install(connection: BaseDatabaseWrapper) -> None:
    """Create the index where it is missing (all of it again if a trigger went missing)."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
            for name, definition in _POSTGRES_INDEXES.items():
                cursor.execute(f"CREATE INDEX IF NOT EXISTS {name} ON {definition}")
            return
        if connection.vendor != "sqlite":
            return
        cursor.execute(
            "SELECT name FROM sqlite_master WHERE name IN ('people_resident', 'people_household')"
        )
        if len(cursor.fetchall()) < 2:
            return  # migrating backwards, before the registry exists
        cursor.execute("SELECT name FROM sqlite_master WHERE type IN ('table', 'trigger')")
        present = {row[0] for row in cursor.fetchall()}
        if {TABLE, STALE, *_SQLITE_TRIGGERS} <= present:
            return
    uninstall(connection)
    with connection.cursor() as cursor:
        cursor.execute(
            f"CREATE VIRTUAL TABLE {TABLE} USING fts5(words, "
            "tokenize = 'unicode61 remove_diacritics 0')"
        )
        cursor.execute(f"CREATE TABLE {STALE} (resident_id INTEGER PRIMARY KEY)")
        cursor.execute(f"INSERT INTO {STALE} SELECT id FROM people_resident")
        for name, definition in _SQLITE_TRIGGERS.items():
            cursor.execute(f"CREATE TRIGGER {name} {definition}")


def refresh(connection: BaseDatabaseWrapper) -> None:
    """Index again the residents written since the last search (SQLite)."""
    if connection.vendor != "sqlite":
        return
    # Looked at first outside a transaction: the site's transactions take SQLite's write
    # lock as they begin (IMMEDIATE), and most searches find nothing to index.
    if not connection.in_atomic_block:
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT 1 FROM {STALE} LIMIT 1")
            if cursor.fetchone() is None:
                return
    with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
        cursor.execute(f"SELECT 1 FROM {STALE} LIMIT 1")
        if cursor.fetchone() is None:
            return
        cursor.execute(f"DELETE FROM {TABLE} WHERE rowid IN (SELECT resident_id FROM {STALE})")
        cursor.execute(
            f"INSERT INTO {TABLE} (rowid, words) SELECT r.id, {_words('r', 'h')} "
            f"FROM {STALE} s JOIN people_resident r ON r.id = s.resident_id "
            "JOIN people_household h ON h.id = r.household_id"
        )
        cursor.execute(f"DELETE FROM {STALE}")


_INSERT_TRIGGER = "people_resident_words_insert"


@contextmanager
def bulk_inserts(connection: BaseDatabaseWrapper) -> Iterator[None]:
    """Residents inserted inside are noted for the index in one statement at the end, not by
    the insert trigger once per row: for a 100,000-row import the trigger alone cost a second,
    half the writing. The caller holds a transaction, so no other writer sees the trigger
    gone, and a failure rolls the whole of it back."""
    if connection.vendor != "sqlite":
        yield
        return
    if not connection.in_atomic_block:
        raise RuntimeError("bulk_inserts() needs the caller's transaction")
    with connection.cursor() as cursor:
        cursor.execute("SELECT coalesce(max(id), 0) FROM people_resident")
        (before,) = cursor.fetchone()
        cursor.execute(f"DROP TRIGGER IF EXISTS {_INSERT_TRIGGER}")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            # Ids only grow (AUTOINCREMENT), so the new residents are those above `before`.
            cursor.execute(
                f"INSERT OR IGNORE INTO {STALE} SELECT id FROM people_resident WHERE id > %s",
                [before],
            )
            cursor.execute(f"CREATE TRIGGER {_INSERT_TRIGGER} {_SQLITE_TRIGGERS[_INSERT_TRIGGER]}")


def after_bulk_write(connection: BaseDatabaseWrapper) -> None:
    """After many residents were written at once (an import, the demo): index them now, in
    the worker, rather than in the next search, and refresh the planner's statistics so a
    search starts from the index, not from the ward."""
    refresh(connection)
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("ANALYZE")
        elif connection.vendor == "postgresql":
            cursor.execute("ANALYZE people_resident, people_household")


def uninstall(connection: BaseDatabaseWrapper) -> None:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            for name in _POSTGRES_INDEXES:
                cursor.execute(f"DROP INDEX IF EXISTS {name}")
        elif connection.vendor == "sqlite":
            for name in _SQLITE_TRIGGERS:
                cursor.execute(f"DROP TRIGGER IF EXISTS {name}")
            cursor.execute(f"DROP TABLE IF EXISTS {TABLE}")
            cursor.execute(f"DROP TABLE IF EXISTS {STALE}")


def _phrase(text: str) -> str:
    return '"' + " ".join(_TOKEN.findall(text)) + '"*'


def candidates(
    *,
    connection: BaseDatabaseWrapper,
    ward_ids: Iterable[int] | None,
    words: Sequence[str] = (),
    digits: str = "",
) -> Q | None:
    """The residents of `ward_ids` that may match: those with, for every one of `words`, a
    word starting with it; or, given `digits`, a phone containing them or a word starting
    with `words[0]`. None where no index can narrow the search (PostgreSQL's plans use its
    trigram indexes by themselves)."""
    wards = sorted(ward_ids) if ward_ids is not None else []
    if connection.vendor != "sqlite" or not wards or len(wards) > MAX_WARDS:
        return None
    if (not words and not digits) or 0 < len(digits) < PHONE_DIGITS_INDEXED:
        return None
    per_ward = []
    for ward in wards:
        # A term with spaces (a phone typed in groups, as a code) matches across words that
        # are each led by the ward: its first word narrows enough.
        phrases = [_phrase(f"{ward}x{word.split(' ')[0]}") for word in words]
        if digits:
            per_ward.append(" OR ".join([_phrase(f"{ward}p{digits}"), *phrases]))
        else:
            per_ward.append(" AND ".join(phrases))
    match = " OR ".join(f"({expression})" for expression in per_ward)
    refresh(connection)
    return Q(pk__in=RawSQL(f"SELECT rowid FROM {TABLE} WHERE {TABLE} MATCH %s", (match,)))
