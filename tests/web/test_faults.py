"""A task worker killed with SIGKILL mid-task leaves nothing half-written, and its task runs
again once, safely, when a worker starts again (web/recovery.py): an import, a report, a
message. Each test runs the real `manage.py work` in another process and kills it."""

import datetime
import os
import signal
import socket
import subprocess
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from hocvuso.audit.models import AuditEvent
from hocvuso.campaigns import services as campaigns
from hocvuso.campaigns.models import Report
from hocvuso.outreach import messaging
from hocvuso.outreach.models import Channel, ChannelMember, Delivery
from hocvuso.people.importing.batches import confirm_import, read_upload, receive_upload
from hocvuso.people.models import ImportBatch, Resident
from hocvuso.web.recovery import requeue_lost
from tests.outreach.providers import ESMS_OK, FakeHttpProvider, Reply
from tests.people.test_import import GOOD_ROWS, upload, xlsx
from tests.web.other_processes import OtherProcesses

WORKER = str(Path(__file__).with_name("worker_paused.py"))
MANAGE = str(Path(__file__).resolve().parents[2] / "manage.py")

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.timeout(90)]


@pytest.fixture
def others(tmp_path, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    return OtherProcesses(tmp_path)


def kill_mid_task(others: OtherProcesses, pause_at: str) -> None:
    """Start a worker, wait until it reaches `pause_at` inside a task, kill it with SIGKILL."""
    paused = others.data_dir / "paused"
    kill_worker_when(paused.exists, others, WORKER, PAUSE_AT=pause_at, PAUSED_FILE=str(paused))


def kill_worker_when(reached, others: OtherProcesses, script: str = MANAGE, **env: str) -> None:
    others.share()
    worker = others.start(script, *([] if script == WORKER else ["work"]), "--interval", "0.2",
                          HOCVUSO_MEDIA_ROOT=str(settings.MEDIA_ROOT), **env)  # fmt: skip
    deadline = time.monotonic() + 30
    while not reached():
        assert worker.poll() is None, worker.stdout.read()
        assert time.monotonic() < deadline, "the worker never got there"
        time.sleep(0.1)
    os.kill(worker.pid, signal.SIGKILL)
    worker.wait()  # reaped: its pid is free
    worker.stdout.close()
    others.take_back()


def restart_worker(others: OtherProcesses, **env: str) -> None:
    others.share()
    others.run(MANAGE, "work", "--once", HOCVUSO_MEDIA_ROOT=str(settings.MEDIA_ROOT), **env)
    others.take_back()


def test_an_import_killed_mid_write_writes_nothing_then_imports_once(world, others):
    batch = receive_upload(actor=world.officer, ward=world.ward, upload=upload(xlsx(GOOD_ROWS)))
    batch = read_upload(batch.pk)
    assert confirm_import(actor=world.officer, batch=batch)
    residents = Resident.objects.count()

    # Every row is written inside the import's transaction when its audit entry is made.
    kill_mid_task(others, "hocvuso.people.importing.batches:record")

    assert Resident.objects.count() == residents
    assert not Resident.objects.filter(full_name="Vũ Minh Khoa").exists()
    assert ImportBatch.objects.get(pk=batch.pk).status == ImportBatch.Status.RUNNING
    (task,) = DBTaskResult.objects.filter(task_path__endswith="run_import_task")
    assert task.status == "RUNNING"

    restart_worker(others)

    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.DONE
    assert Resident.objects.count() == residents + 3
    assert Resident.objects.filter(full_name="Vũ Minh Khoa").count() == 1
    assert AuditEvent.objects.filter(action="import").count() == 1
    task.refresh_from_db()
    assert task.status == "SUCCESSFUL" and len(task.worker_ids) == 2


def test_a_report_killed_mid_drawing_leaves_no_file_then_is_drawn_once(world, others):
    campaign = campaigns.campaign_create(
        user=world.officer, name="Chiến dịch 45 ngày", wards=[world.ward],
        starts_on=timezone.localdate() - datetime.timedelta(days=10),
        ends_on=timezone.localdate() + datetime.timedelta(days=34),
    )  # fmt: skip
    report = campaigns.report_request(
        user=world.officer, campaign=campaign, ward=world.ward, kind=Report.Kind.WEEKLY,
        as_of=timezone.localdate(),
    )  # fmt: skip
    reports = Path(settings.MEDIA_ROOT) / "reports"

    # The workbook is saved; the PDF is being drawn.
    kill_mid_task(others, "hocvuso.campaigns.reports:report_pdf")

    report.refresh_from_db()
    assert report.status == Report.Status.QUEUED and not report.xlsx and not report.pdf
    # Half the work is on disk, and nothing points at it.
    assert [p.suffix for p in reports.iterdir()] == [".xlsx"]

    restart_worker(others)

    report.refresh_from_db()
    assert report.status == Report.Status.READY
    assert sorted(p.name for p in reports.iterdir()) == sorted(
        Path(f.name).name for f in (report.xlsx, report.pdf)
    )
    assert report.pdf.read().startswith(b"%PDF")


def test_a_message_killed_mid_send_reaches_each_member_once(world, others, settings):
    sms = Channel.objects.create(
        ward=world.ward, residential_group=world.group11, kind=Channel.Kind.SMS, name="SMS tổ 11"
    )
    phones = ["0912000001", "0912000002", "0912000003"]
    for phone in phones:
        ChannelMember.objects.create(channel=sms, address=phone)
    provider = FakeHttpProvider(
        # The first is accepted; the gateway holds the second until the worker is killed, and
        # answers its repeat "124": that request id is accepted already.
        script=[Reply(200, ESMS_OK), Reply(200, ESMS_OK, delay=60),
                Reply(200, {"CodeResult": "124", "SMSID": "sms-2"})],
    ).start()  # fmt: skip
    gateway = {
        "HOCVUSO_ESMS_URL": provider.url, "HOCVUSO_ESMS_API_KEY": "k",
        "HOCVUSO_ESMS_SECRET_KEY": "s", "HOCVUSO_ESMS_BRANDNAME": "PHUONG TM",
    }  # fmt: skip
    settings.ESMS_URL, settings.ESMS_API_KEY = provider.url, "k"
    settings.ESMS_SECRET_KEY, settings.ESMS_BRANDNAME = "s", "PHUONG TM"
    try:
        (message,) = messaging.message_send(
            user=world.officer, groups=[world.group11], kinds={"sms"},
            subject="Lịch hỗ trợ", body="Thứ Bảy có điểm hỗ trợ VNeID.",
        )  # fmt: skip

        kill_worker_when(lambda: len(provider.received) == 2, others, **gateway)

        by_status = dict(message.deliveries.values_list("address", "status"))
        assert by_status == {phones[0]: "sent", phones[1]: "sending", phones[2]: "pending"}

        restart_worker(others, **gateway)
    finally:
        provider.stop()

    assert set(message.deliveries.values_list("status", flat=True)) == {Delivery.Status.SENT}
    assert [r.json["Phone"] for r in provider.received] == [*phones[:2], *phones[1:]]
    request_ids = {}
    for r in provider.received:
        request_ids.setdefault(r.json["Phone"], set()).add(r.json["RequestId"])
    assert all(len(ids) == 1 for ids in request_ids.values())  # so the gateway drops the repeat


def test_a_task_lost_twice_is_given_up_and_its_import_says_so(world, others):
    batch = receive_upload(actor=world.officer, ward=world.ward, upload=upload(xlsx(GOOD_ROWS)))
    assert confirm_import(actor=world.officer, batch=read_upload(batch.pk))
    gone = subprocess.Popen(["true"])
    gone.wait()
    dead = [f"{socket.gethostname()}:{gone.pid}:first", f"{socket.gethostname()}:{gone.pid}:again"]
    ImportBatch.objects.filter(pk=batch.pk).update(status=ImportBatch.Status.RUNNING)
    task = DBTaskResult.objects.get(task_path__endswith="run_import_task")
    alive = f"{socket.gethostname()}:{os.getpid()}:me"
    DBTaskResult.objects.filter(pk=task.pk).update(
        status="RUNNING", started_at=timezone.now(), worker_ids=[alive]
    )
    assert requeue_lost(current_worker_id=alive) == []  # its worker is alive and well

    DBTaskResult.objects.filter(pk=task.pk).update(worker_ids=dead)
    assert requeue_lost(current_worker_id=alive) == [str(task.pk)]

    task.refresh_from_db()
    assert task.status == "FAILED"
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.FAILED
    assert batch.result["reason"] == "Việc nhập bị gián đoạn hai lần; chưa ghi gì vào sổ."


def test_a_list_whose_reading_is_lost_twice_is_refused_with_the_reason(world, others):
    """A file that kills its reader twice (the machine's memory killer, say) is not tried a
    third time: the officer is told, and uploads another."""
    batch = receive_upload(actor=world.officer, ward=world.ward, upload=upload(xlsx(GOOD_ROWS)))
    task = DBTaskResult.objects.get(task_path__endswith="read_import_task")
    gone = subprocess.Popen(["true"])
    gone.wait()
    dead = [f"{socket.gethostname()}:{gone.pid}:first", f"{socket.gethostname()}:{gone.pid}:again"]
    DBTaskResult.objects.filter(pk=task.pk).update(
        status="RUNNING", started_at=timezone.now(), worker_ids=dead[:1]
    )
    assert requeue_lost() == [str(task.pk)]  # lost once: read again, the batch still waits
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.READING

    DBTaskResult.objects.filter(pk=task.pk).update(
        status="RUNNING", started_at=timezone.now(), worker_ids=dead
    )
    assert requeue_lost() == [str(task.pk)]
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.REFUSED
    assert batch.result["reason"] == "Việc đọc tệp bị gián đoạn hai lần; tệp chưa được đọc."
