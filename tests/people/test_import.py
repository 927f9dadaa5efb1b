"""The import workflow: preview with every error, then all or nothing, in the background."""

import io

import pytest
import xlsxwriter
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from python_calamine import CalamineWorkbook

from hocvuso.audit.models import AuditEvent
from hocvuso.people.importing import writing
from hocvuso.people.importing.batches import (
    confirm_import,
    read_upload,
    receive_upload,
    run_import,
)
from hocvuso.people.importing.rows import ImportFileError
from hocvuso.people.importing.template import template_workbook
from hocvuso.people.models import Household, ImportBatch, Resident

HEADER = [
    "STT",
    "Mã hộ",
    "Tổ dân phố",
    "Địa chỉ",
    "Họ và tên",
    "Năm sinh",
    "Giới tính",
    "Quan hệ với chủ hộ",
    "Số điện thoại",
]
GOOD_ROWS = [
    [
        1,
        "TM-011-100",
        "Tổ 11",
        "Số 3 Tương Mai",
        "Lê Văn Tám",
        1948,
        "Nam",
        "Chủ hộ",
        "0912 111 222",
    ],
    [2, "TM-011-100", "Tổ 11", "Số 3 Tương Mai", "Phạm Thị Chín", "12/03/1950", "Nữ", "Vợ", ""],
    [
        3,
        "TM-012-100",
        "TDP số 12",
        "Số 8 Giáp Bát",
        "Vũ Minh Khoa",
        1985,
        "Nam",
        "Chủ hộ",
        "+84 983 000 111",
    ],
]


def xlsx(rows, header=HEADER, title=True) -> bytes:
    out = io.BytesIO()
    book = xlsxwriter.Workbook(out, {"in_memory": True})
    sheet = book.add_worksheet()
    start = 0
    if title:
        sheet.merge_range(0, 0, 0, len(header) - 1, "DANH SÁCH NHÂN KHẨU PHƯỜNG TƯƠNG MAI")
        start = 2
    for col, value in enumerate(header):
        sheet.write(start, col, value)
    for r, row in enumerate(rows, start=start + 1):
        for col, value in enumerate(row):
            sheet.write(r, col, value)
    book.close()
    return out.getvalue()


def upload(data: bytes, name="danh-sach.xlsx") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data)


def preview_import(*, actor, ward, upload, default_group=None) -> ImportBatch:
    """Upload a list and read it as the task worker does; a refusal raises its reason."""
    batch = receive_upload(actor=actor, ward=ward, upload=upload, default_group=default_group)
    batch = read_upload(batch.pk)
    if batch.status == ImportBatch.Status.REFUSED:
        raise ImportFileError(batch.result["reason"])
    return batch


def test_a_clean_list_previews_without_writing_anything(world):
    before = Resident.objects.count()
    batch = preview_import(actor=world.officer, ward=world.ward, upload=upload(xlsx(GOOD_ROWS)))
    assert batch.status == ImportBatch.Status.PREVIEW and batch.can_commit
    assert batch.row_count == 3 and batch.error_count == 0 and batch.header_row == 3
    assert batch.mapping["full_name"] == "Họ và tên"
    assert Resident.objects.count() == before


def test_committing_writes_the_whole_list_and_logs_it(world, django_capture_on_commit_callbacks):
    batch = preview_import(actor=world.officer, ward=world.ward, upload=upload(xlsx(GOOD_ROWS)))
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        assert confirm_import(actor=world.officer, batch=batch)
    assert len(callbacks) == 1
    batch = run_import(batch.pk)
    assert batch.status == ImportBatch.Status.DONE, batch.result
    assert batch.result["residents_created"] == 3 and batch.result["households_created"] == 2
    tam = Resident.objects.get(full_name="Lê Văn Tám")
    assert tam.is_head and tam.phone == "0912111222" and tam.residential_group == world.group11
    assert Resident.objects.get(full_name="Phạm Thị Chín").birth_year == 1950
    assert Household.objects.get(key="TM-012-100").residential_group == world.group12
    assert AuditEvent.objects.filter(action="import", ward=world.ward, actor=world.officer).exists()
    assert not batch.upload, "the uploaded list is deleted once written"


def test_a_list_longer_than_one_statement_is_written_row_for_row(world, monkeypatch):
    # Two rows to a statement: three residents take two statements, the last one short.
    monkeypatch.setattr(writing, "_ROWS_PER_STATEMENT", 2)
    batch = preview_import(actor=world.officer, ward=world.ward, upload=upload(xlsx(GOOD_ROWS)))
    ImportBatch.objects.filter(pk=batch.pk).update(status=ImportBatch.Status.QUEUED)
    batch = run_import(batch.pk)
    assert batch.result["residents_created"] == 3, batch.result
    written = Resident.objects.filter(household__key__in=["TM-011-100", "TM-012-100"]).order_by(
        "id"
    )
    assert [(r.full_name, r.birth_year, r.household.key) for r in written] == [
        ("Lê Văn Tám", 1948, "TM-011-100"),
        ("Phạm Thị Chín", 1950, "TM-011-100"),
        ("Vũ Minh Khoa", 1985, "TM-012-100"),
    ]


def test_importing_the_same_list_twice_creates_no_duplicates(world):
    for _ in range(2):
        batch = preview_import(actor=world.officer, ward=world.ward, upload=upload(xlsx(GOOD_ROWS)))
        ImportBatch.objects.filter(pk=batch.pk).update(status=ImportBatch.Status.QUEUED)
        batch = run_import(batch.pk)
    assert batch.result["residents_created"] == 0 and batch.result["residents_unchanged"] == 3
    assert Resident.objects.filter(full_name="Lê Văn Tám").count() == 1
    assert Household.objects.filter(key="TM-011-100").count() == 1


def test_a_second_import_updates_what_changed(world):
    batch = preview_import(actor=world.officer, ward=world.ward, upload=upload(xlsx(GOOD_ROWS)))
    ImportBatch.objects.filter(pk=batch.pk).update(status=ImportBatch.Status.QUEUED)
    run_import(batch.pk)
    changed = [row[:] for row in GOOD_ROWS]
    changed[0][8] = "0912 999 888"
    batch = preview_import(actor=world.officer, ward=world.ward, upload=upload(xlsx(changed)))
    ImportBatch.objects.filter(pk=batch.pk).update(status=ImportBatch.Status.QUEUED)
    batch = run_import(batch.pk)
    assert batch.result["residents_updated"] == 1
    assert Resident.objects.get(full_name="Lê Văn Tám").phone == "0912999888"


def test_every_row_error_is_shown_with_row_column_and_reason_and_nothing_can_be_committed(world):
    rows = [row[:] for row in GOOD_ROWS]
    rows[0][5] = "năm ngoái"
    rows[1][8] = "12ab"
    rows[2][2] = "Tổ 99"
    batch = preview_import(actor=world.officer, ward=world.ward, upload=upload(xlsx(rows)))
    assert batch.error_count == 3 and not batch.can_commit
    by_row = {e["row"]: e for e in batch.errors}
    assert set(by_row) == {4, 5, 6}
    assert by_row[4]["column"] == "Năm sinh"
    assert by_row[5]["column"] == "Số điện thoại"
    assert "Tổ 99" in by_row[6]["message"]
    assert not confirm_import(actor=world.officer, batch=batch)


def test_a_list_without_group_column_takes_the_group_chosen_on_upload(world):
    header = [h for h in HEADER if h != "Tổ dân phố"]
    rows = [[v for i, v in enumerate(row) if i != 2] for row in GOOD_ROWS]
    batch = preview_import(
        actor=world.officer,
        ward=world.ward,
        upload=upload(xlsx(rows, header)),
        default_group=world.group12,
    )
    assert batch.error_count == 0
    ImportBatch.objects.filter(pk=batch.pk).update(status=ImportBatch.Status.QUEUED)
    run_import(batch.pk)
    assert Resident.objects.get(full_name="Lê Văn Tám").residential_group == world.group12


def test_a_failure_while_writing_leaves_nothing_behind(world, monkeypatch):
    from hocvuso.people.importing import batches

    write_parts = batches.write_parts

    def explode(*args, **kwargs):
        write_parts(*args, **kwargs)
        raise RuntimeError("disk full")

    monkeypatch.setattr(batches, "write_parts", explode)
    before = Resident.objects.count()
    batch = preview_import(actor=world.officer, ward=world.ward, upload=upload(xlsx(GOOD_ROWS)))
    ImportBatch.objects.filter(pk=batch.pk).update(status=ImportBatch.Status.QUEUED)
    batch = run_import(batch.pk)
    assert batch.status == ImportBatch.Status.FAILED and "không" in batch.result["reason"].lower()
    assert Resident.objects.count() == before


@pytest.mark.parametrize(
    ("data", "name"),
    [
        (b"%PDF-1.4 not a list", "list.pdf"),
        (b"PK\x03\x04broken zip", "list.xlsx"),
        (b"", "empty.csv"),
    ],
)
def test_a_file_that_is_not_a_list_is_refused_in_vietnamese(world, data, name):
    with pytest.raises(ImportFileError) as error:
        preview_import(actor=world.officer, ward=world.ward, upload=upload(data, name))
    assert str(error.value) and str(error.value).isascii() is False
    # A refused list keeps no copy of itself: only the reason stays, for the officer.
    assert not ImportBatch.objects.exclude(upload="").exists()


def test_an_oversized_file_is_refused_before_it_is_read(world, settings):
    settings.IMPORT_MAX_BYTES = 1000
    with pytest.raises(ImportFileError, match="MB"):
        preview_import(actor=world.officer, ward=world.ward, upload=upload(b"x" * 2000, "big.csv"))


def test_the_template_imports_as_it_is(world):
    batch = preview_import(
        actor=world.officer,
        ward=world.ward,
        upload=upload(template_workbook().getvalue(), "mau.xlsx"),
    )
    assert batch.error_count == 0, batch.errors
    assert batch.row_count == 1 and batch.notes["sample"][0]["full_name"] == "Nguyễn Văn An"


def test_the_template_explains_every_column(client, world):
    client.force_login(world.officer)
    response = client.get(reverse("people:import_template"))
    book = CalamineWorkbook.from_filelike(io.BytesIO(b"".join(response.streaming_content)))
    assert len(book.sheet_names) == 2
    notes = book.get_sheet_by_index(1).to_python()
    assert any("CCCD" in str(cell) for row in notes for cell in row)


@pytest.mark.django_db(transaction=True)
def test_the_real_worker_runs_a_confirmed_import(world, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    batch = preview_import(actor=world.officer, ward=world.ward, upload=upload(xlsx(GOOD_ROWS)))
    assert confirm_import(actor=world.officer, batch=batch)
    assert ImportBatch.objects.get(pk=batch.pk).status == ImportBatch.Status.QUEUED
    call_command("db_worker", batch=True, interval=0, startup_delay=False, verbosity=0)
    assert ImportBatch.objects.get(pk=batch.pk).status == ImportBatch.Status.DONE
    assert Resident.objects.filter(full_name="Vũ Minh Khoa").exists()


def test_the_import_pages_are_for_the_wards_officer(client, world):
    client.force_login(world.volunteer)
    assert client.get(reverse("people:import")).status_code == 403
    batch = preview_import(actor=world.officer, ward=world.ward, upload=upload(xlsx(GOOD_ROWS)))
    client.force_login(world.outsider)
    assert client.get(reverse("people:import_batch", args=[batch.pk])).status_code == 403
    assert client.post(reverse("people:import_confirm", args=[batch.pk])).status_code == 403


def test_the_preview_page_lists_the_errors_and_offers_no_import_button(
    client, world, settings, django_capture_on_commit_callbacks
):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    rows = [row[:] for row in GOOD_ROWS]
    rows[0][5] = "năm ngoái"
    client.force_login(world.officer)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("people:import"), {"file": upload(xlsx(rows)), "ward": world.ward.pk}
        )
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert "năm ngoái" in page and "Năm sinh" in page
    assert reverse("people:import_confirm", args=[ImportBatch.objects.get().pk]) not in page


def test_a_bad_file_through_the_page_shows_the_reason_and_keeps_nothing(client, world):
    client.force_login(world.officer)
    response = client.post(reverse("people:import"), {"file": upload(b"hello", "list.docx")})
    assert response.status_code == 200
    assert ".xlsx" in response.content.decode()
    assert not ImportBatch.objects.exists()


def test_an_upload_over_the_limit_is_refused_before_it_is_stored(client, world, settings):
    settings.IMPORT_MAX_BYTES = 1000
    client.force_login(world.officer)
    response = client.post(reverse("people:import"), {"file": upload(b"x" * 200_000, "big.csv")})
    assert response.status_code == 200
    assert "MB" in response.content.decode()
    assert not ImportBatch.objects.exists()


def test_every_error_can_be_downloaded_beyond_those_the_page_shows(client, world, monkeypatch):
    from hocvuso.people.importing import batches

    monkeypatch.setattr(batches, "PREVIEW_ERRORS_KEPT", 1)
    rows = [row[:] for row in GOOD_ROWS]
    rows[0][5] = "năm ngoái"
    rows[2][8] = "12ab"
    batch = preview_import(actor=world.officer, ward=world.ward, upload=upload(xlsx(rows)))
    assert len(batch.errors) == 1 and batch.error_count == 2
    client.force_login(world.officer)
    response = client.get(reverse("people:import_errors", args=[batch.pk]))
    sheet = CalamineWorkbook.from_filelike(io.BytesIO(b"".join(response.streaming_content)))
    cells = sheet.get_sheet_by_index(0).to_python()
    assert [row[0] for row in cells[1:]] == [4, 6]
    assert cells[2][1] == "Số điện thoại"
    client.force_login(world.outsider)
    assert client.get(reverse("people:import_errors", args=[batch.pk])).status_code == 403
