import csv
import io

from django.urls import reverse
from python_calamine import CalamineWorkbook

from hocvuso.audit.models import AuditEvent
from hocvuso.people.exporting import defuse
from tests import factories


def xlsx_rows(response):
    return (
        CalamineWorkbook.from_filelike(io.BytesIO(b"".join(response.streaming_content)))
        .get_sheet_by_index(0)
        .to_python()
    )


def test_only_the_officer_exports_and_only_their_ward_to_excel(client, world):
    """Personal data leaves the system through the ward's officer alone (README's rights
    table): the volunteer and the team leader are refused, and nothing is logged."""
    for user in (world.volunteer, world.leader):
        client.force_login(user)
        assert client.get(reverse("people:export", args=["xlsx"])).status_code == 403
    assert not AuditEvent.objects.filter(action="export").exists()
    client.force_login(world.officer)
    rows = xlsx_rows(client.get(reverse("people:export", args=["xlsx"])))
    names = {row[3] for row in rows[1:]}
    assert names == {"Nguyễn Văn An", "Đỗ Thị Hường", "Trần Đức Thắng"}
    assert rows[0][3] == "Họ và tên"


def test_the_export_follows_the_filters(client, world):
    client.force_login(world.officer)
    response = client.get(reverse("people:export", args=["csv"]), {"q": "tran duc"})
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert [row[3] for row in rows[1:]] == ["Trần Đức Thắng"]


def test_a_formula_typed_into_a_name_is_exported_as_inert_text(client, world):
    h = factories.household(world.group11, key="=1+1")
    factories.resident(h, '=HYPERLINK("http://x.example","bấm")', is_head=True)
    client.force_login(world.officer)
    text = b"".join(client.get(reverse("people:export", args=["csv"])).streaming_content).decode(
        "utf-8-sig"
    )
    assert "'=HYPERLINK" in text and "'=1+1" in text
    rows = xlsx_rows(client.get(reverse("people:export", args=["xlsx"])))
    cells = [cell for row in rows for cell in row]
    assert '\'=HYPERLINK("http://x.example","bấm")' in cells


def test_defuse_leaves_ordinary_text_alone():
    assert defuse("Nguyễn Văn An") == "Nguyễn Văn An" and defuse("@SUM(A1)") == "'@SUM(A1)"


def test_every_export_is_logged(client, world):
    client.force_login(world.officer)
    client.get(reverse("people:export", args=["xlsx"]))
    event = AuditEvent.objects.get(action="export")
    assert event.actor == world.officer and "3" in event.summary


def test_an_unknown_export_format_is_a_404(client, world):
    client.force_login(world.officer)
    assert client.get(reverse("people:export", args=["pdf"])).status_code == 404


def test_exporting_the_disability_filter_is_logged_as_a_sensitive_read(client, world):
    client.force_login(world.officer)
    client.get(reverse("people:export", args=["csv"]), {"flags": "disability"})
    assert AuditEvent.objects.filter(action="read_sensitive", actor=world.officer).exists()
