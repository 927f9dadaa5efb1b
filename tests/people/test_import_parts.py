"""A confirmed list is written part by part while the reader child reads the rest: the
registry must end as it would from the whole list, and a child that fails or is left
behind must not outlive the import."""

import multiprocessing
import time

import pytest
from django.db import transaction

from hocvuso.people.importing import batches
from hocvuso.people.importing.batches import list_in_parts, read_and_check, write_parts
from hocvuso.people.importing.isolation import stream_limited
from hocvuso.people.importing.reading import parse_in_parts, parse_resident_list
from hocvuso.people.importing.rows import ImportFileError
from hocvuso.people.importing.writing import write_rows
from hocvuso.people.models import Household, Resident

from .test_import import xlsx

HEADER = [
    "STT",
    "Mã hộ",
    "Tổ dân phố",
    "Địa chỉ",
    "Họ và tên",
    "Năm sinh",
    "Quan hệ với chủ hộ",
    "Số điện thoại",
    "Có điện thoại thông minh",
    "Có Internet",
]
# With two rows to a part, each household's later rows come in a later part than its first.
ROWS = [
    # The ward knows this household: a new address, and its head a new phone.
    [1, "TM-011-001", "Tổ dân phố số 11", "Số 14, ngõ 168 Trương Định", "Nguyễn Văn An", 1950,
     "Chủ hộ", "0911000222", "", ""],
    # A new household whose first row is a child: no phone, no answer on smartphones.
    [2, "TM-011-200", "Tổ dân phố số 11", "Số 3 Tương Mai", "Lê Minh Châu", 2012, "Con", "", "",
     ""],
    # The ward knows this household: its first row says nothing of the Internet...
    [3, "TM-012-001", "Tổ dân phố số 12", "Số 5, ngách 3/21 Tương Mai", "Trần Đức Thắng", 1990,
     "Chủ hộ", "", "", ""],
    # ... and a row two parts on says it has none.
    [4, "TM-012-001", "", "", "Trần Thị Lan", 1992, "Vợ", "", "", "Không"],
    # The new household's head, a part after its first row: the household's phone and answers.
    [5, "TM-011-200", "Tổ dân phố số 11", "Số 3 Tương Mai", "Lê Văn Dũng", 1980, "Chủ hộ",
     "0912000111", "Có", "Có"],
    # A household whose first row has no group and no address yet: held back until a later
    # row gives them.
    [6, "TM-012-300", "", "", "Phạm Thu Hà", 1975, "Chủ hộ", "", "", ""],
    [7, "TM-012-400", "Tổ dân phố số 12", "Số 20 Giáp Bát", "Đinh Văn Hòa", 1966, "Chủ hộ", "",
     "Không", "Không"],
    [8, "TM-012-300", "TDP số 12", "Số 9 Giáp Bát", "Phạm Văn Nam", 1973, "Chồng", "", "", ""],
]  # fmt: skip


def registry(ward) -> tuple[list, list]:
    """What the ward's registry holds, in the order it was written, without ids or times."""
    households = list(
        Household.objects.filter(ward=ward)
        .order_by("id")
        .values_list(
            "key",
            "residential_group__name",
            "address",
            "phone",
            "has_smartphone",
            "has_internet",
            "search_text",
        )
    )
    residents = list(
        Resident.objects.filter(ward=ward)
        .order_by("id")
        .values_list(
            "household__key",
            "residential_group__name",
            "full_name",
            "name_folded",
            "birth_year",
            "relation",
            "is_head",
            "phone",
        )
    )
    return households, residents


def written_whole(world, data):
    with transaction.atomic():
        checked = read_and_check(data, "danh-sach.xlsx", ward=world.ward, default_group=None)
        assert not checked.parsed.errors, checked.parsed.errors
        result = write_rows(ward=world.ward, rows=checked.parsed.rows, groups=checked.groups)
        state = registry(world.ward)
        transaction.set_rollback(True)
    return result, state


def written_in_parts(world, data, monkeypatch):
    monkeypatch.setattr(batches, "ROWS_PER_PART", 2)
    progress = []
    with list_in_parts(data, "danh-sach.xlsx") as parts, transaction.atomic():
        result = write_parts(
            parts,
            ward=world.ward,
            default_group=None,
            progress=lambda done, total: progress.append((done, total)),
        )
        state = registry(world.ward)
        transaction.set_rollback(True)
    return result, state, progress


def test_a_list_written_in_parts_leaves_the_registry_the_whole_list_leaves(world, monkeypatch):
    data = xlsx(ROWS, HEADER)
    whole_result, whole = written_whole(world, data)
    parts_result, in_parts, progress = written_in_parts(world, data, monkeypatch)

    assert in_parts == whole
    assert parts_result == whole_result
    households = {h[0]: h for h in in_parts[0]}
    # Blanks a later part filled in reached the household, new or known.
    assert households["TM-011-200"][3:6] == ("0912000111", True, True)
    assert households["TM-012-001"][5] is False
    assert households["TM-011-001"][2:4] == ("Số 14, ngõ 168 Trương Định", "0911000222")
    # The held-back household took its group and address from its later row.
    assert households["TM-012-300"][1:3] == ("Tổ dân phố số 12", "Số 9 Giáp Bát")
    assert parts_result.households_created == 3 and parts_result.households_updated == 2
    # The officer sees the rows come in, part after part, up to the whole list.
    assert len(progress) > 2 and progress[-1] == (len(ROWS), len(ROWS))
    assert [done for done, _total in progress] == sorted(done for done, _total in progress)


def test_rows_waiting_for_their_household_go_out_in_the_lists_order():
    data = xlsx(ROWS, HEADER)
    parts = [
        part.unpacked() for part in parse_in_parts(data, "x.xlsx", max_rows=100, rows_per_part=1)
    ]
    whole = parse_resident_list(data, "x.xlsx", max_rows=100)
    assert [row for part in parts for row in part.rows] == whole.rows
    # Rows before the waiting one went out as they were read; it and those after it at the end.
    sizes = [len(part.rows) for part in parts]
    assert sizes[:5] == [1, 1, 1, 1, 1] and sizes[-1] == 3
    held = parts[-1].rows[0]
    assert (held.full_name, held.group, held.address) == (
        "Phạm Thu Hà",
        "TDP số 12",
        "Số 9 Giáp Bát",
    )


def test_a_part_with_a_problem_writes_nothing(world, monkeypatch):
    rows = [*ROWS, [9, "TM-011-001", "Tổ dân phố số 11", "", "Nguyễn Văn An", 1950, "Con", "",
                    "", ""]]  # fmt: skip
    before = registry(world.ward)
    monkeypatch.setattr(batches, "ROWS_PER_PART", 2)
    with (
        pytest.raises(ImportFileError),
        list_in_parts(xlsx(rows, HEADER), "danh-sach.xlsx") as parts,
        transaction.atomic(),
    ):
        write_parts(parts, ward=world.ward, default_group=None)
    assert registry(world.ward) == before
    assert not multiprocessing.active_children()


def _endless(part_seconds: float):
    while True:
        yield "part"
        time.sleep(part_seconds)


def test_a_reader_left_behind_is_stopped_at_once():
    parts = stream_limited(_endless, 0.01, memory=256 << 20, seconds=30)
    assert next(parts) == "part" and next(parts) == "part"
    started = time.monotonic()
    parts.close()
    assert not multiprocessing.active_children()
    assert time.monotonic() - started < 2


def _part_then_too_much(_unused: int):
    yield "first"
    hoard = []
    while True:
        hoard.append(bytearray(64 << 20))


def test_a_reader_that_runs_out_of_memory_after_a_part_refuses_the_list():
    parts = stream_limited(_part_then_too_much, 0, memory=256 << 20, seconds=30)
    assert next(parts) == "first"
    with pytest.raises(ImportFileError, match=r"bộ nhớ|memory"):
        next(parts)
    assert not multiprocessing.active_children()
