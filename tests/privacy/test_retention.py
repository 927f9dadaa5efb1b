"""Personal data past its retention period goes, daily, by `manage.py apply_retention`; a dry
run only counts; what the campaign counts stays, without the person."""

import datetime
import io
import os

from django.core.files.base import ContentFile
from django.core.management import call_command
from django.utils import timezone

from hocvuso.audit.models import AuditEvent
from hocvuso.audit.services import record
from hocvuso.learning.models import Learner
from hocvuso.outreach.models import Channel, Delivery, Message
from hocvuso.people.models import ImportBatch
from hocvuso.privacy.retention import RULES
from hocvuso.support.models import HelpRequest

NOW = timezone.now()


def ago(days: int) -> datetime.datetime:
    return NOW - datetime.timedelta(days=days)


def old_and_new_records(world):
    for reference, resolved in (("OLDREQ01", ago(400)), ("NEWREQ01", ago(10))):
        request = HelpRequest.objects.create(
            reference=reference, ward=world.ward, name="Bà Lan", phone="0911222333",
            address="Ngõ 168", need="Cài VNeID", status="resolved",
        )  # fmt: skip
        HelpRequest.objects.filter(pk=request.pk).update(resolved_at=resolved)
    sms = Channel.objects.create(
        ward=world.ward, residential_group=world.group11, kind="sms", name="SMS tổ 11"
    )
    for days in (100, 5):
        message = Message.objects.create(
            ward=world.ward, residential_group=world.group11, subject=f"Tin {days}", body="…",
            author=world.officer,
        )  # fmt: skip
        Message.objects.filter(pk=message.pk).update(created_at=ago(days))
        Delivery.objects.create(message=message, channel=sms, address="0911222333")
    Learner.objects.create(first_name="Lan", last_seen_at=ago(401))
    Learner.objects.create(first_name="Hoa", last_seen_at=ago(30))
    Learner.objects.create(first_name="Minh", phone="0933444555", last_seen_at=ago(900))
    old_event = record(actor=world.officer, action="export", ward_id=world.ward.pk,
                       object_type="resident", summary="Exported the list")  # fmt: skip
    AuditEvent.objects.filter(pk=old_event.pk).update(at=ago(800))
    batch = ImportBatch.objects.create(
        ward=world.ward, filename="ds.xlsx", status="preview",
        errors=[{"row": 3, "column": "Họ tên", "message": "Nguyễn Văn An"}],
    )  # fmt: skip
    batch.upload.save("ds.xlsx", ContentFile(b"PK fake workbook"))
    batch.errors_file.save("ds-loi.xlsx", ContentFile(b"PK fake errors"))
    ImportBatch.objects.filter(pk=batch.pk).update(created_at=ago(8))
    return batch


def run(*args: str) -> str:
    out = io.StringIO()
    call_command("apply_retention", *args, stdout=out)
    return out.getvalue()


def test_a_dry_run_lists_what_would_go_and_changes_nothing(world):
    old_and_new_records(world)
    events = AuditEvent.objects.count()
    output = run("--dry-run")
    assert "help_requests: 1 would go" in output
    assert "message_deliveries: 1 would go" in output
    assert "learner_devices: 1 would go" in output
    assert "audit_events: 1 would go" in output
    assert "import_uploads: 1 would go" in output
    assert HelpRequest.objects.filter(name="Bà Lan").count() == 2
    assert AuditEvent.objects.count() == events


def test_each_period_is_applied_and_the_counts_keep_their_records(world):
    batch = old_and_new_records(world)
    paths = [batch.upload.path, batch.errors_file.path]
    output = run()
    assert "help_requests: 1 done" in output
    old = HelpRequest.objects.get(reference="OLDREQ01")
    assert (old.name, old.phone, old.need, old.status) == ("(đã xóa)", "", "", "resolved")
    assert HelpRequest.objects.get(reference="NEWREQ01").phone == "0911222333"
    assert sorted(Delivery.objects.values_list("address", flat=True)) == ["", "0911222333"]
    assert Delivery.objects.count() == 2
    assert sorted(Learner.objects.values_list("first_name", flat=True)) == ["", "Hoa", "Minh"]
    assert not AuditEvent.objects.filter(at__lt=ago(730)).exists()
    batch.refresh_from_db()
    assert not batch.upload and not batch.errors_file and batch.errors == []
    assert not any(os.path.exists(path) for path in paths)
    logged = AuditEvent.objects.filter(object_type="retention")
    assert sorted(logged.values_list("changes__rule", flat=True)) == sorted(
        ["help_requests", "message_deliveries", "learner_devices", "audit_events",
         "import_uploads"]
    )  # fmt: skip
    assert "0 done" in run().splitlines()[0]  # the next day finds nothing more


def test_the_privacy_notice_shows_the_retention_table(client, db):
    page = client.get("/privacy/").content.decode()
    assert "Dữ liệu cá nhân của bạn" in page
    for rule in RULES:
        assert f"{rule.days} ngày" in page
    assert "Luật số 91/2025/QH15" in page


def test_the_notice_is_linked_from_every_page_and_the_forms_that_collect_data(client, world):
    for path in ("/", f"/help/{world.ward.code}/", "/learn/account/"):
        page = client.get(path).content.decode()
        assert 'href="/privacy/"' in page, path
    help_form = client.get(f"/help/{world.ward.code}/").content.decode()
    assert "Phường dùng và giữ những gì bạn viết ở đây như thế nào" in help_form
    page = client.get("/privacy/").content.decode()
    assert f'href="/help/{world.ward.code}/"' in page
    assert "Gửi yêu cầu tới Phường Tương Mai" in page
