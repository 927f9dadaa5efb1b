"""A metropolis for benchmarks: Hồ Chí Minh City since the 2025 merger, about 14 million
residents in 168 wards, written to PostgreSQL with `COPY`.

The residents are the demo's (`demo_data.generate_rows`), with the folded fields the import
writes (`name_folded`, the household's `search_text`). The registry's secondary indexes are
dropped while the rows are copied and built again once, afterwards; help given (about one
resident in seven), what it achieved and a week of daily snapshots are written by SQL.
"""

import datetime
import functools
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from django.db import connection, transaction
from django.utils import timezone

from hocvuso.people import search_index
from hocvuso.people.demo_data import demo_group_names, generate_rows
from hocvuso.people.services import household_search_text
from hocvuso.places.models import ResidentialGroup, Ward
from hocvuso.places.services import activate_ward, load_official_units
from hocvuso.text.folding import fold

HO_CHI_MINH_CITY = 79
METRO_WARDS = 168
# About 14 million people in 168 wards and communes.
METRO_RESIDENTS_PER_WARD = 83_000
METRO_GROUPS = 80
REGISTRY_TABLES = ("people_household", "people_resident")
HELPED_PERCENT = 15
SNAPSHOT_DAYS = 7

HOUSEHOLD_COLUMNS = (
    "id",
    "ward_id",
    "residential_group_id",
    "key",
    "address",
    "phone",
    "has_smartphone",
    "has_internet",
    "search_text",
    "created_at",
    "updated_at",
)
RESIDENT_COLUMNS = (
    "ward_id",
    "residential_group_id",
    "household_id",
    "full_name",
    "birth_year",
    "gender",
    "relation",
    "is_head",
    "phone",
    "name_folded",
    "created_at",
    "updated_at",
)


class NotPostgres(Exception):
    pass


@dataclass
class MetroResult:
    wards: int = 0
    households: int = 0
    residents: int = 0
    help_records: int = 0
    seconds: float = 0.0


@contextmanager
def _checks_and_indexes_dropped(tables: tuple[str, ...]) -> Iterator[None]:
    """Drop the foreign keys of `tables` and their indexes that back no constraint, and make
    them again after: one build of an index, or one check of a key over the whole table, is
    much cheaper than millions of insertions into it or checks row by row."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT i.indexname, i.indexdef FROM pg_indexes i "
            "WHERE i.schemaname = current_schema() AND i.tablename = ANY(%s) "
            "AND NOT EXISTS (SELECT 1 FROM pg_constraint c "
            "WHERE c.conindid = (quote_ident(i.schemaname) || '.' || "
            "quote_ident(i.indexname))::regclass)",
            [list(tables)],
        )
        indexes = cursor.fetchall()
        cursor.execute(
            "SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid) "
            "FROM pg_constraint WHERE contype = 'f' AND conrelid::regclass::text = ANY(%s)",
            [list(tables)],
        )
        keys = cursor.fetchall()
        quote = connection.ops.quote_name
        for table, name, _definition in keys:
            cursor.execute(f"ALTER TABLE {quote(table)} DROP CONSTRAINT {quote(name)}")
        for name, _definition in indexes:
            cursor.execute(f"DROP INDEX {quote(name)}")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute("SET maintenance_work_mem = '512MB'")
            for _name, definition in indexes:
                cursor.execute(definition)
            for table, name, definition in keys:
                cursor.execute(
                    f"ALTER TABLE {quote(table)} ADD CONSTRAINT {quote(name)} {definition}"
                )


def _reserve_ids(table: str, count: int) -> int:
    """Move `table`'s id sequence on by `count`; returns the first id reserved."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
            f"nextval(pg_get_serial_sequence('{table}', 'id')) + %s - 1)",
            [count],
        )
        last = cursor.fetchone()[0]
    return last - count + 1


def _copy_ward(ward: Ward, residents: int, groups: int, now: datetime.datetime) -> tuple[int, int]:
    """Generate and copy one ward's households and residents; returns their counts."""
    names = demo_group_names(groups)
    activate_ward(ward=ward, group_names=names)
    ward_id = ward.pk
    group_ids = dict(
        ResidentialGroup.objects.filter(ward=ward, closed_at__isnull=True).values_list("name", "pk")
    )
    fold_name = functools.lru_cache(maxsize=200_000)(fold)
    households: list[list] = []
    people: list[tuple] = []
    key = None
    household_index = -1
    for row in generate_rows(
        seed=ward.pk, ward_code=ward.pk, group_names=names, residents=residents
    ):
        group_id = group_ids[row.group]
        if row.household_key != key:
            key = row.household_key
            household_index += 1
            phone = row.household_phone or (row.phone if row.is_head else "")
            households.append(
                [
                    household_index,  # made an id below, once the count is known
                    ward_id,
                    group_id,
                    key,
                    row.address,
                    phone,
                    row.has_smartphone,
                    row.has_internet,
                    household_search_text(key=key, address=row.address, phone=phone),
                    now,
                    now,
                ]
            )
        people.append(
            (
                ward_id,
                group_id,
                household_index,
                row.full_name,
                row.birth_year,
                row.gender,
                row.relation,
                row.is_head,
                row.phone,
                fold_name(row.full_name),
                now,
                now,
            )
        )
    first_id = _reserve_ids("people_household", len(households))
    raw = connection.connection
    with raw.cursor() as cursor:
        with cursor.copy(
            f"COPY people_household ({', '.join(HOUSEHOLD_COLUMNS)}) FROM STDIN"
        ) as copy:
            for household in households:
                household[0] += first_id
                copy.write_row(household)
        with cursor.copy(
            f"COPY people_resident ({', '.join(RESIDENT_COLUMNS)}) FROM STDIN"
        ) as copy:
            for person in people:
                copy.write_row((*person[:2], person[2] + first_id, *person[3:]))
    return len(households), len(people)


def _help_given(ward_ids: list[int], actor_id: int, now: datetime.datetime) -> int:
    """Help given to about one resident in seven over the last 90 days (as the demo ward's
    field work), VNeID installed for those helped with it, and each household's first reach."""
    from hocvuso.support.models import Service

    services = list(
        Service.objects.filter(ward__isnull=True).order_by("pk").values_list("pk", flat=True)
    )
    vneid = Service.objects.get(code="vneid", ward__isnull=True).pk
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO support_helprecord (client_id, ward_id, residential_group_id, "
            "resident_id, walk_in_name, walk_in_phone, place, service_id, task, outcome, "
            "dossier_code, verified, note, helped_by_id, helped_at, created_at) "
            "SELECT gen_random_uuid(), r.ward_id, r.residential_group_id, r.id, '', '', "
            "'point', (%s::bigint[])[1 + (r.id / 100) %% %s], "
            "CASE WHEN r.id %% 2 = 0 THEN 'install' ELSE 'create_account' END, "
            "CASE WHEN (r.id / 7) %% 4 = 3 THEN 'follow_up' ELSE 'done' END, '', false, '', "
            "%s, %s - ((r.id * 13) %% 91) * interval '1 day', %s "
            "FROM people_resident r WHERE r.ward_id = ANY(%s) AND (r.id * 7919) %% 100 < %s",
            [services, len(services), actor_id, now, now, ward_ids, HELPED_PERCENT],
        )
        helped = cursor.rowcount
        cursor.execute(
            "INSERT INTO support_servicestatus (resident_id, service_id, installed, "
            "has_account, level2, updated_at, updated_by_id) "
            "SELECT h.resident_id, h.service_id, true, true, h.resident_id %% 2 = 0, "
            "min(h.helped_at), %s FROM support_helprecord h "
            "WHERE h.ward_id = ANY(%s) AND h.service_id = %s AND h.outcome = 'done' "
            "GROUP BY h.resident_id, h.service_id",
            [actor_id, ward_ids, vneid],
        )
        cursor.execute(
            "UPDATE people_household SET first_reached_at = f.first FROM ("
            "SELECT r.household_id, min(h.helped_at) AS first FROM support_helprecord h "
            "JOIN people_resident r ON r.id = h.resident_id WHERE h.ward_id = ANY(%s) "
            "GROUP BY r.household_id) f WHERE people_household.id = f.household_id",
            [ward_ids],
        )
    return helped


def week_of_snapshots(ward_ids: list[int], days: int = SNAPSHOT_DAYS) -> None:
    """Today's snapshot of `ward_ids`, computed, and the `days` before it derived from it in
    SQL (each day a little lower), so a dashboard has a week's trend to read."""
    from hocvuso.campaigns.snapshots import take_snapshot

    today = timezone.localdate()
    take_snapshot(ward_ids, today)
    with connection.cursor() as cursor:
        for back in range(1, days + 1):
            cursor.execute(
                "DELETE FROM campaigns_snapshot WHERE day = %s AND ward_id = ANY(%s)",
                [today - datetime.timedelta(days=back), ward_ids],
            )
            cursor.execute(
                "INSERT INTO campaigns_snapshot (day, ward_id, residential_group_id, indicator, "
                "numerator, denominator, taken_at) "
                "SELECT %s, ward_id, residential_group_id, indicator, "
                "floor(numerator * %s), denominator, taken_at FROM campaigns_snapshot "
                "WHERE day = %s AND ward_id = ANY(%s)",
                [
                    today - datetime.timedelta(days=back),
                    1 - 0.02 * back,
                    today,
                    ward_ids,
                ],
            )


def generate_metro(
    *,
    wards: int = METRO_WARDS,
    residents_per_ward: int = METRO_RESIDENTS_PER_WARD,
    groups: int = METRO_GROUPS,
    province: int = HO_CHI_MINH_CITY,
    progress: Callable[[str], None] = lambda message: None,
) -> MetroResult:
    """Fill the first `wards` empty wards of `province` (Hồ Chí Minh City) with
    `residents_per_ward` residents each, on PostgreSQL only."""
    from hocvuso.accounts.models import User
    from hocvuso.teams.services import teams_for_every_group

    if connection.vendor != "postgresql":
        raise NotPostgres(connection.vendor)
    started = time.perf_counter()
    load_official_units()
    chosen = [
        ward
        for ward in Ward.objects.filter(province_id=province).order_by("code")[:wards]
        if not ward.residents.exists()
    ]
    result = MetroResult(wards=len(chosen))
    if not chosen:
        return result
    actor = User.objects.filter(is_superuser=True).order_by("pk").first()
    if actor is None:
        actor = User.objects.create_superuser("admin", password=None, full_name="Quản trị")
    now = timezone.now()
    with transaction.atomic():
        with connection.cursor() as cursor:
            # Django's foreign keys are deferred: checked at commit, millions of checks
            # would queue up in memory (and no index may be built while they wait).
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        with _checks_and_indexes_dropped(REGISTRY_TABLES):
            for index, ward in enumerate(chosen, start=1):
                households, residents = _copy_ward(ward, residents_per_ward, groups, now)
                result.households += households
                result.residents += residents
                if index % 10 == 0 or index == len(chosen):
                    progress(
                        f"{index}/{len(chosen)} wards, {result.residents:,} residents, "
                        f"{time.perf_counter() - started:.0f} s"
                    )
            progress(f"indexing, {time.perf_counter() - started:.0f} s")
        ward_ids = [ward.pk for ward in chosen]
        result.help_records = _help_given(ward_ids, actor.pk, now)
        for ward in chosen:
            teams_for_every_group(ward=ward, actor=None)
    search_index.install(connection)
    search_index.after_bulk_write(connection)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    progress(f"help and statistics, {time.perf_counter() - started:.0f} s")
    result.seconds = time.perf_counter() - started
    return result
