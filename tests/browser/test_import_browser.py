"""An officer imports a list: reads the preview's errors, uploads a corrected file, commits,
and the real worker writes it while the page shows progress."""

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from hocvuso.people.models import Resident
from tests.browser.conftest import axe_violations, login
from tests.people.test_import import GOOD_ROWS, xlsx

PASSWORD = "mật-khẩu-cán-bộ-2026"


@pytest.fixture
def officer(transactional_db, world, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    world.officer.set_password(PASSWORD)
    world.officer.save()
    return world.officer


def run_worker(page) -> None:
    """Let the task worker do what is queued, then look again (the page also reloads itself)."""
    call_command("db_worker", batch=True, interval=0, startup_delay=False, verbosity=0)
    page.reload()


def test_an_officer_reads_the_errors_then_imports_the_corrected_list(
    page, live_server, world, officer, tmp_path
):
    broken = [row[:] for row in GOOD_ROWS]
    broken[1][5] = "năm ngoái"
    (tmp_path / "loi.xlsx").write_bytes(xlsx(broken))
    (tmp_path / "dung.xlsx").write_bytes(xlsx(GOOD_ROWS))

    login(page, live_server, "officer", PASSWORD)
    page.get_by_role("link", name="Nhập danh sách").first.click()
    assert axe_violations(page) == []
    page.get_by_label("Danh sách nhân khẩu").set_input_files(str(tmp_path / "loi.xlsx"))
    page.get_by_role("button", name="Đọc tệp").click()
    # The worker reads the list; the page says so and updates by itself.
    expect(page.locator("[data-status]")).to_have_attribute("data-status", "reading")
    expect(page.get_by_text("Đang đọc tệp và kiểm tra từng dòng")).to_be_visible()
    assert axe_violations(page) == []
    call_command("db_worker", batch=True, interval=0, startup_delay=False, verbosity=0)

    # No reload by hand: the page notices the worker is done and shows the preview.
    errors = page.get_by_role("table").filter(has_text="năm ngoái")
    expect(errors).to_contain_text("5")  # the spreadsheet's own row number
    expect(errors).to_contain_text("Năm sinh")
    expect(page.get_by_role("button", name="Nhập 3 dòng")).to_have_count(0)
    assert axe_violations(page) == []
    assert not Resident.objects.filter(full_name="Lê Văn Tám").exists()

    page.get_by_role("link", name="Tải lên tệp đã sửa").click()
    page.get_by_label("Danh sách nhân khẩu").set_input_files(str(tmp_path / "dung.xlsx"))
    page.get_by_role("button", name="Đọc tệp").click()
    run_worker(page)
    expect(page.get_by_text("Lê Văn Tám")).to_be_visible()
    page.get_by_role("button", name="Nhập 3 dòng").click()
    expect(page.locator("[data-status]")).to_have_attribute("data-status", "queued")

    run_worker(page)
    expect(page.locator("[data-status]")).to_have_attribute("data-status", "done")
    expect(page.get_by_text("nhân khẩu được thêm")).to_be_visible()
    assert Resident.objects.filter(full_name="Lê Văn Tám", residential_group=world.group11).exists()


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/registry/?q=nguyen&flags=elderly",
        "/ward/groups/",
        "/audit/",
        "/registry/households/new/",
        "/accounts/password/",
        "/teams/",
        "/teams/trainings/new/",
        "/teams/points/",
        "/teams/points/new/",
        "/teams/my-shifts/",
        "/points/313/",
        "/help/313/",
        "/help/status/",
        "/support/requests/",
        "/support/record/?walk_in=1",
        "/support/visits/",
        "/support/caseload/",
        "/support/services/",
    ],
)
def test_the_officers_pages_pass_axe(page, live_server, world, officer, path):
    login(page, live_server, "officer", PASSWORD)
    page.goto(f"{live_server.url}{path}")
    assert axe_violations(page) == []


def test_the_household_forms_pass_axe_and_show_errors_in_vietnamese(
    page, live_server, world, officer
):
    login(page, live_server, "officer", PASSWORD)
    page.goto(f"{live_server.url}/registry/households/{world.h11.pk}/residents/new/")
    page.get_by_label("Năm sinh").fill("1850")
    page.get_by_role("button", name="Lưu").click()
    expect(page.get_by_text("Năm sinh phải từ 1900")).to_be_visible()
    assert axe_violations(page) == []
    page.goto(
        f"{live_server.url}/registry/households/{world.h11.pk}/residents/{world.an.pk}/disability/"
    )
    assert axe_violations(page) == []
