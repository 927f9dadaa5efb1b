"""import_xlsx_vs_calamine: importing a 100,000-row .xlsx (read, check, write to the
registry) against python-calamine alone reading the same file. Goal: at most 3×."""

import io
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from harness import paired_medians, report, setup_django

ROWS = 100_000


def build_file(rows) -> bytes:
    import xlsxwriter

    out = io.BytesIO()
    book = xlsxwriter.Workbook(out, {"in_memory": True, "constant_memory": True})
    sheet = book.add_worksheet()
    headers = [
        "Mã hộ",
        "Tổ dân phố",
        "Địa chỉ",
        "Họ và tên",
        "Năm sinh",
        "Giới tính",
        "Quan hệ với chủ hộ",
        "Số điện thoại",
        "Có điện thoại thông minh",
        "Có Internet",
    ]
    for col, header in enumerate(headers):
        sheet.write_string(0, col, header)
    yes_no = {True: "Có", False: "Không", None: ""}
    for index, r in enumerate(rows, start=1):
        values = [
            r.household_key,
            r.group,
            r.address,
            r.full_name,
            r.birth_year or "",
            {"male": "Nam", "female": "Nữ"}.get(r.gender, ""),
            r.relation,
            r.phone,
            yes_no[r.has_smartphone],
            yes_no[r.has_internet],
        ]
        for col, value in enumerate(values):
            sheet.write(index, col, value)
    book.close()
    return out.getvalue()


def main() -> bool:
    workdir = Path(tempfile.mkdtemp(prefix="hocvuso-bench-import-"))
    setup_django(workdir / "import.sqlite3")
    from django.db import transaction
    from python_calamine import CalamineWorkbook

    from hocvuso.people.demo_data import demo_group_names, generate_rows
    from hocvuso.people.importing.batches import list_in_parts, write_parts
    from hocvuso.people.models import Household
    from hocvuso.places.models import Ward
    from hocvuso.places.services import activate_ward, load_official_units

    load_official_units()
    ward = Ward.objects.get(pk=313)
    names = demo_group_names(74)
    activate_ward(ward=ward, group_names=names)
    data = build_file(generate_rows(seed=7, ward_code=313, group_names=names, residents=ROWS))

    def calamine_alone() -> None:
        CalamineWorkbook.from_filelike(io.BytesIO(data)).get_sheet_by_index(0).to_python()

    class Rollback(Exception):
        pass

    def hocvuso_import() -> None:
        try:
            # As the task worker imports a confirmed list (`batches.run_import`).
            with list_in_parts(data, "list.xlsx") as parts, transaction.atomic():
                result = write_parts(parts, ward=ward, default_group=None)
                assert result.residents_created == ROWS, result
                raise Rollback
        except Rollback:
            pass

    calamine, imported = paired_medians(calamine_alone, hocvuso_import, repeat=5)
    assert not Household.objects.exists()
    return report(
        "import_xlsx_vs_calamine",
        imported / calamine,
        "<=",
        3,
        f"import {imported:.2f} s, calamine {calamine:.2f} s, {ROWS} rows, {len(data) // 1024} KB",
    )


if __name__ == "__main__":
    sys.exit(0 if main() else 1)
