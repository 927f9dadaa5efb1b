"""A resident's rights: the officer of their ward exports everything held on them and erases
it on request; nobody else may, and the campaign's figures stay the same."""

import datetime
import io
import json

import pytest
from django.apps import apps
from django.db import models
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from hocvuso.audit.models import AuditEvent
from hocvuso.audit.services import record
from hocvuso.campaigns.indicators import INDICATORS
from hocvuso.campaigns.models import Snapshot
from hocvuso.campaigns.snapshots import take_snapshot
from hocvuso.learning.models import Certificate, Course, Learner
from hocvuso.outreach.models import Channel, ChannelMember, Delivery, Message
from hocvuso.people.models import Consent, Disability, Household, Resident
from hocvuso.people.services import disability_read, disability_record
from hocvuso.support.models import HelpRecord, HelpRequest
from tests.campaigns.conftest import field  # noqa: F401 (a fixture)

NAME, PHONE = "Nguyễn Văn An", "0987654321"
TODAY = timezone.localdate()


def url(name, resident, suffix=""):
    return reverse(f"privacy:{name}", args=[resident.pk]) + suffix


@pytest.mark.parametrize(
    "name", ["resident_rights", "resident_export_json", "resident_export_pdf", "resident_erase"]
)
def test_only_the_officer_of_the_residents_ward_opens_the_rights_pages(client, world, name):
    for user, status in (
        (world.outsider, 404),
        (world.volunteer, 403),
        (world.leader, 403),
        (world.nobody, 404),
    ):
        client.force_login(user)
        assert client.get(url(name, world.an)).status_code == status, user
    assert client.post(url("resident_erase", world.an), {"reason": "request"}).status_code == 404
    client.force_login(world.officer)
    assert client.get(url(name, world.an)).status_code == 200
    assert not AuditEvent.objects.filter(actor__in=[world.outsider, world.volunteer]).exists()


def test_a_visitor_who_is_not_logged_in_is_sent_to_the_login(client, world):
    response = client.get(url("resident_rights", world.an))
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def _holdings(world):
    """An's household, consent and disability, a help request, a list entry and a learner."""
    disability_record(
        actor=world.officer,
        resident=world.an,
        description="Không nhìn rõ chữ nhỏ",
        given_by=NAME,
        given_on=TODAY,
    )
    HelpRequest.objects.create(
        reference="ANREQ001", ward=world.ward, residential_group=world.group11, name=NAME,
        phone=PHONE, address="Số 12, ngõ 168 Trương Định", need="Cài VNeID cho tôi",
    )  # fmt: skip
    sms = Channel.objects.create(
        ward=world.ward, residential_group=world.group11, kind="sms", name="SMS tổ 11"
    )
    member = ChannelMember.objects.create(channel=sms, address=PHONE, name=NAME)
    message = Message.objects.create(
        ward=world.ward, residential_group=world.group11, subject="Lịch", body="Thứ Bảy",
        author=world.officer,
    )  # fmt: skip
    Delivery.objects.create(message=message, channel=sms, member=member, address=PHONE)
    return Learner.objects.create(
        resident=world.an, first_name="An", full_name=NAME, phone=PHONE,
        ward=world.ward, residential_group=world.group11,
    )  # fmt: skip


def test_the_export_holds_everything_and_is_logged(client, world):
    _holdings(world)
    client.force_login(world.officer)
    response = client.get(url("resident_export_json", world.an))
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    data = json.loads(response.content)
    assert data["resident"]["full_name"] == NAME
    assert data["resident"]["phone"] == PHONE
    assert data["household"]["code"] == "TM-011-001"
    assert data["disability"] == {"what_help_is_needed": "Không nhìn rõ chữ nhỏ"}
    assert data["consents"][0]["given_by"] == NAME
    assert data["help_requests"][0]["need"] == "Cài VNeID cho tôi"
    assert data["message_lists"][0]["list"] == "SMS tổ 11"
    assert data["learning"][0]["phone"] == PHONE
    assert data["messages_sent_to_this_phone"] == 1
    event = AuditEvent.objects.get(action="export", object_id=str(world.an.pk))
    assert event.actor == world.officer
    assert event.summary == f"Đã xuất mọi dữ liệu về nhân khẩu số {world.an.pk} (JSON)"
    assert NAME not in event.summary


def test_the_printed_export_is_a_pdf_in_vietnamese(client, world):
    _holdings(world)
    client.force_login(world.officer)
    response = client.get(url("resident_export_pdf", world.an))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    assert "Dữ liệu cá nhân phường đang giữ" in text
    assert NAME in text
    assert "Không nhìn rõ chữ nhỏ" in text
    assert AuditEvent.objects.filter(action="export", changes__format="pdf").count() == 1


def test_the_rights_page_lists_who_read_and_exported_this_person(client, world):
    disability_record(
        actor=world.leader, resident=world.an, description="Khó nghe", given_by=NAME,
        given_on=TODAY,
    )  # fmt: skip
    disability_read(actor=world.volunteer, resident=world.an)
    thang = world.h12.residents.get()
    disability_read(actor=world.officer, resident=thang)  # about someone else
    client.force_login(world.officer)
    client.get(url("resident_export_json", world.an))
    page = client.get(url("resident_rights", world.an)).content.decode()
    assert "volunteer11" in page
    assert "xem dữ liệu nhạy cảm" in page
    assert "xuất danh sách: Đã xuất mọi dữ liệu" in page
    assert "Trần Đức Thắng" not in page
    assert "ghi lại bộ lọc và số dòng, không ghi những nhân khẩu nào" in page


def _every_text_value():
    """Every text held in every table, decrypted where it is encrypted."""
    for model in apps.get_models():
        text_fields = [
            f.attname
            for f in model._meta.concrete_fields
            if isinstance(f, models.CharField | models.TextField | models.JSONField)
        ]
        if not text_fields:
            continue
        for row in model.objects.values_list(*text_fields):
            for value in row:
                if value:
                    yield model._meta.label, json.dumps(value, ensure_ascii=False)


def _figures(ward_ids, days):
    return {
        (code, day): indicator.compute(ward_ids, day)
        for code, indicator in INDICATORS.items()
        if not indicator.manual
        for day in days
    }


def test_erasure_asks_for_a_reason_then_a_confirmation(client, world):
    client.force_login(world.officer)
    response = client.post(url("resident_erase", world.an), {"reason": ""})
    assert "Trường này là bắt buộc." in response.content.decode()
    response = client.post(url("resident_erase", world.an), {"reason": "request", "note": ""})
    assert "Kiểm tra trước khi xác nhận: không thể hoàn tác." in response.content.decode()
    assert Resident.objects.get(pk=world.an.pk).full_name == NAME  # nothing yet


@pytest.mark.usefixtures("field")  # a ward with field work done (tests/campaigns)
def test_erasure_leaves_no_name_or_phone_anywhere_and_the_figures_unchanged(client, world):
    from hocvuso.learning.curriculum import load_curriculum

    learner = _holdings(world)
    load_curriculum()
    course = Course.objects.order_by("position").first()
    Certificate.objects.create(
        code="ANCERT01", learner=learner, course=course, name=NAME, score=90,
        issued_at=timezone.now() - datetime.timedelta(days=2), ward=world.ward,
        residential_group=world.group11,
    )  # fmt: skip
    record(actor=world.officer, action="export", ward_id=world.ward.pk, object_type="resident",
           summary="Exported the list", changes={"q": "nguyen van an"})  # fmt: skip
    record(actor=world.officer, action="export", ward_id=world.ward.pk, object_type="resident",
           summary="Exported the list", changes={"q": PHONE})  # fmt: skip
    HelpRecord.objects.filter(resident=world.an).update(note=f"{NAME} gọi {PHONE}")
    ward_ids = [world.ward.pk]
    days = [TODAY - datetime.timedelta(days=n) for n in (3, 2, 1)]
    take_snapshot(ward_ids, days[-1])
    snapshots = list(Snapshot.objects.order_by("pk").values())
    before = _figures(ward_ids, days)
    assert any(NAME in text or PHONE in text for _label, text in _every_text_value())

    client.force_login(world.officer)
    form = {"reason": "request", "note": f"Đơn ngày 28/11 của {NAME}"}
    response = client.post(url("resident_erase", world.an), {**form, "confirm": "yes"})
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert "Dữ liệu cá nhân của nhân khẩu đã được xóa." in page

    leaks = [
        (label, text)
        for label, text in _every_text_value()
        if NAME in text or PHONE in text or "nguyen van an" in text
    ]
    assert leaks == []
    assert _figures(ward_ids, days) == before
    assert list(Snapshot.objects.order_by("pk").values()) == snapshots

    an = Resident.objects.get(pk=world.an.pk)
    assert an.erased_at is not None and an.birth_year == 1950
    assert an.household_id == world.h11.pk
    assert not Disability.objects.filter(resident=an).exists()
    assert Consent.objects.get(resident=an).withdrawn_at is not None
    assert HelpRecord.objects.filter(resident__isnull=True, ward=world.ward).count() == 3
    assert not ChannelMember.objects.exists()
    assert Household.objects.get(pk=world.h11.pk).address == "Số 12, ngõ 168 Trương Định"
    event = AuditEvent.objects.get(action="delete", object_id=str(an.pk), object_type="resident")
    assert event.summary == (
        f"Đã xóa dữ liệu cá nhân của nhân khẩu số {an.pk} (hộ TM-011-001): "
        "Người dân yêu cầu xóa dữ liệu của mình"
    )
    assert event.changes["note"] == "Đơn ngày 28/11 của (đã xóa)"
    # A second request changes nothing, and says so.
    assert client.get(url("resident_erase", an)).status_code == 302


def test_the_last_person_of_a_household_takes_its_address_and_phone(client, world):
    thang = world.h12.residents.get()
    client.force_login(world.officer)
    client.post(url("resident_erase", thang), {"reason": "consent", "confirm": "yes"})
    household = Household.objects.get(pk=world.h12.pk)
    assert household.address == "(đã xóa)"
    assert household.key == "TM-012-001"
    assert "tuong mai" not in household.search_text
