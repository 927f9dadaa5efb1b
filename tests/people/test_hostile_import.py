"""A hostile workbook cannot stop the site: it is refused from what it unpacks to, before any
parser builds it, by the task worker, in a child process with a ceiling on memory and time."""

import io

import pytest
import xlsxwriter
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from hocvuso.people.importing import archive, sheets
from hocvuso.people.importing.archive import check_xlsx
from hocvuso.people.importing.isolation import run_limited
from hocvuso.people.importing.reading import parse_resident_list
from hocvuso.people.importing.rows import ImportFileError
from hocvuso.people.models import ImportBatch
from tests.people import hostile_workbooks as hostile

UNPACKS_TOO_BIG = "Tệp Excel khi giải nén lớn hơn 256 MB"


@pytest.fixture(scope="module")
def shared_string_bomb() -> bytes:
    return hostile.shared_string_bomb()


@pytest.fixture(scope="module")
def sheet_bomb() -> bytes:
    return hostile.sheet_bomb()


@pytest.fixture
def no_parser(monkeypatch):
    """Fail the test if the spreadsheet reader is ever asked to open the workbook."""

    class Refused:
        @staticmethod
        def from_filelike(*args, **kwargs):
            raise AssertionError("the reader was called on a hostile workbook")

    monkeypatch.setattr(sheets, "CalamineWorkbook", Refused)


def read(data: bytes, *, max_rows: int = 200_000):
    return run_limited(
        parse_resident_list, data, "danh-sach.xlsx", max_rows=max_rows, memory=1 << 30, seconds=30
    )


def test_the_300_mb_shared_string_is_refused_before_any_parser_sees_it(
    shared_string_bomb, no_parser
):
    assert len(shared_string_bomb) < 1024 * 1024  # 0.3 MB on disk
    with pytest.raises(ImportFileError) as refusal:
        read(shared_string_bomb)
    assert str(refusal.value).startswith(UNPACKS_TOO_BIG)


def test_the_600_mb_sheet_stops_unpacking_at_the_row_limit(sheet_bomb, monkeypatch):
    unpacked = []
    inflate = archive._inflate

    def counted(*args):
        for piece in inflate(*args):
            unpacked.append(len(piece))
            yield piece

    monkeypatch.setattr(archive, "_inflate", counted)
    with pytest.raises(ImportFileError) as refusal:
        check_xlsx(sheet_bomb, max_rows=200_000, scan_rows=31)
    assert str(refusal.value) == "Danh sách có hơn 200.000 dòng. Hãy chia thành nhiều tệp nhỏ hơn."
    # 200,000 rows of this sheet are about 20 MB of its 600 MB: reading stopped there.
    assert sum(unpacked) < 40 * 1024 * 1024


@pytest.mark.parametrize(
    ("build", "message"),
    [
        (hostile.far_cell, "Trang tính có tới 702 cột. Hãy xóa các cột trống ở bên phải."),
        (
            hostile.wide_row_without_references,
            "Trang tính có tới 3000 cột. Hãy xóa các cột trống ở bên phải.",
        ),
    ],
)
def test_a_few_cells_spread_wide_are_refused_before_the_reader_builds_the_rectangle(
    build, message, no_parser
):
    with pytest.raises(ImportFileError) as refusal:
        read(build())
    assert str(refusal.value) == message


@pytest.mark.parametrize(
    "far",
    [
        '<c s="1" r="ZZ3"><v>1</v></c>',  # the reference after another attribute
        '<c\tr="ZZ3"><v>1</v></c>',  # a tab before it
        '<c r="ZZ3"><v>1</v></c>',
        '<c r="A3"><v>1</v></c><c><v>1</v></c>' * 400,  # 800 cells, half without one
        '<c r=""><v>1</v></c>' * 800,  # 800 cells whose reference names no column
    ],
)
def test_a_far_column_is_found_however_its_cell_is_written(far, no_parser):
    with pytest.raises(ImportFileError) as refusal:
        read(
            hostile.workbook(
                f'<row r="2">{hostile.cells(2, ("TM-1", "An"))}</row><row r="3">{far}</row>'
            )
        )
    assert "cột. Hãy xóa các cột trống ở bên phải." in str(refusal.value)


@pytest.mark.parametrize(("last_column", "refused"), [("E", False), ("F", True)])
def test_the_rectangle_is_measured_by_the_widest_column_in_any_part_of_the_sheet(
    last_column, refused, monkeypatch
):
    # 20 rows: 5 columns make 100 cells, within the limit; 6 make 120, past it. The widest
    # cell is on the last row, read in a later piece of the sheet than the first rows.
    monkeypatch.setattr(archive, "MAX_CELLS", 100)
    monkeypatch.setattr(archive, "_CHUNK", 256)
    rows = "".join(f'<row r="{n}">{hostile.cells(n, ("TM-1", "An"))}</row>' for n in range(2, 20))
    rows += f'<row r="20"><c r="{last_column}20"><v>1</v></c></row>'
    data = hostile.workbook(rows)
    if refused:
        with pytest.raises(ImportFileError) as refusal:
            check_xlsx(data, max_rows=200_000, scan_rows=31)
        assert str(refusal.value).startswith("Trang tính quá lớn: 20 dòng và 6 cột.")
    else:
        check_xlsx(data, max_rows=200_000, scan_rows=31)


def test_a_reader_that_runs_out_of_memory_dies_alone_with_a_plain_reason():
    """One shared string of 100,000 letters in 20,000 cells passes every check of the archive
    (it is 8 KB) but needs 2 GB once read: the child dies at its ceiling, the caller does not."""
    with pytest.raises(ImportFileError) as refusal:
        run_limited(
            parse_resident_list,
            hostile.shared_string_in_every_cell(),
            "danh-sach.xlsx",
            max_rows=200_000,
            memory=400 * 1024 * 1024,
            seconds=30,
        )
    assert str(refusal.value).startswith("Tệp cần nhiều bộ nhớ hoặc thời gian")


def test_a_csv_stops_reading_at_the_row_limit():
    rows = "\n".join(f"TM-{n},Nguyễn Văn An" for n in range(500))
    data = ("Mã hộ,Họ và tên\n" + rows).encode()
    with pytest.raises(ImportFileError) as refusal:
        parse_resident_list(data, "danh-sach.csv", max_rows=100)
    assert str(refusal.value) == "Danh sách có hơn 100 dòng. Hãy chia thành nhiều tệp nhỏ hơn."


def _workbook(rows: list[list]) -> bytes:
    out = io.BytesIO()
    book = xlsxwriter.Workbook(out, {"in_memory": True})
    sheet = book.add_worksheet()
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            sheet.write_string(r, c, value)
    book.close()
    return out.getvalue()


def test_a_cell_longer_than_its_field_allows_gets_a_message_on_its_own_row():
    title = "Ghi chú " * 2000  # a 16,000-character note above the header is no header
    data = _workbook(
        [
            [title],
            ["Mã hộ", "Họ và tên", "Địa chỉ", "Số điện thoại"],
            ["TM-1", "Nguyễn Văn An", "Số 3 Tương Mai", "0912345678"],
            ["TM-2", "Lê " * 700, "Số 5 Tương Mai", ""],
            ["TM-3", "Trần Thị Bình", "Ngõ 1 " * 60, ""],
            ["TM-4", "Đỗ Văn Cường", "Số 9", "0" * 5000],
        ]
    )
    parsed = read(data)
    assert [row.full_name for row in parsed.rows] == ["Nguyễn Văn An"]
    found = {(e.row_number, e.column): e.message for e in parsed.errors}
    assert found == {
        (4, "Họ và tên"): "Ô có 2.100 ký tự; tối đa 150 ký tự.",
        (5, "Địa chỉ"): "Ô có 360 ký tự; tối đa 255 ký tự.",
        (6, "Số điện thoại"): "Ô có 5.000 ký tự; tối đa 1.000 ký tự.",
    }


@pytest.mark.django_db(transaction=True)
def test_the_upload_returns_at_once_and_the_worker_refuses_the_bomb(
    client, world, settings, shared_string_bomb
):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    client.force_login(world.officer)
    response = client.post(
        reverse("people:import"),
        {"file": SimpleUploadedFile("danh-sach.xlsx", shared_string_bomb), "ward": world.ward.pk},
    )
    assert response.status_code == 302
    batch = ImportBatch.objects.get()
    # Nothing was read while the request waited: the worker has it.
    assert batch.status == ImportBatch.Status.READING
    page = client.get(response["Location"]).content.decode()
    assert "Đang đọc tệp" in page and "import_progress.js" in page

    call_command("db_worker", batch=True, interval=0, startup_delay=False, verbosity=0)
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.REFUSED and not batch.upload
    page = client.get(response["Location"]).content.decode()
    assert UNPACKS_TOO_BIG in page
    assert reverse("people:import_confirm", args=[batch.pk]) not in page
