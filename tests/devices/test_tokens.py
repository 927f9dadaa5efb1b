"""Device tokens: stored hashed, shown once, expire, revoked by the ward's officer, and the
officer's page that lists them with what each sent."""

import hashlib
import re

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client

from hocvuso.audit.models import AuditEvent
from hocvuso.devices.models import DeviceToken
from hocvuso.devices.services import authenticate, issue_token, revoke_token


def test_the_plain_token_is_never_stored(world):
    token, plain = issue_token(person=world.volunteer, device_name="Lan", issued_by=world.officer)
    assert re.fullmatch(r"hv1_[A-Za-z0-9_-]{43}", plain)
    assert token.secret_hash == hashlib.sha256(plain.encode()).hexdigest()
    stored = DeviceToken.objects.filter(pk=token.pk).values().get()
    assert all(plain not in str(value) and plain[4:] not in str(value) for value in stored.values())
    assert authenticate(plain).pk == token.pk
    assert token.ward_id == world.ward.pk and token.person == world.volunteer


def test_only_the_persons_own_officer_issues_a_token(world):
    with pytest.raises(PermissionDenied):
        issue_token(person=world.volunteer, device_name="Lan", issued_by=world.outsider)


def test_last_used_is_recorded(world, phone_of):
    phone = phone_of(world.volunteer)
    assert phone.get("/me").status_code == 200
    phone.token.refresh_from_db()
    assert phone.token.last_used_at is not None


def test_a_wrong_or_missing_token_gets_a_clear_401(world):
    for headers in ({"HTTP_AUTHORIZATION": "Bearer hv1_nope"}, {}):
        response = Client(**headers).get("/api/v1/me")
        assert response.status_code == 401
        assert response.json()["code"] == "token_invalid"
        assert response.json()["detail"].startswith("Thiết bị này chưa được ghép nối")


def test_the_session_pairs_a_device_with_the_csrf_header(world):
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.volunteer)
    refused = client.post(
        "/api/v1/devices/pair", {"device_name": "Lan"}, content_type="application/json"
    )
    assert refused.status_code == 403
    client.get("/accounts/login/")
    csrf = client.cookies["csrftoken"].value
    response = client.post(
        "/api/v1/devices/pair",
        {"device_name": "Điện thoại của Lan"},
        content_type="application/json",
        HTTP_X_CSRFTOKEN=csrf,
    )
    assert response.status_code == 200
    plain = response.json()["token"]
    me = Client(HTTP_AUTHORIZATION=f"Bearer {plain}").get("/api/v1/me").json()
    assert me["person"]["id"] == world.volunteer.pk
    assert me["groups"] == [{"id": world.group11.pk, "name": "Tổ dân phố số 11"}]


def test_the_officer_issues_a_token_shown_once_with_its_qr(world):
    client = Client()
    client.force_login(world.officer)
    response = client.post(
        "/devices/", {"person": world.volunteer.pk, "device_name": "Máy của Lan", "days": 30}
    )
    page = response.content.decode()
    assert response.status_code == 200
    plain = re.search(r"#pair=(hv1_[A-Za-z0-9_-]{43})", page).group(1)
    assert 'src="data:image/svg+xml' in page and "Chỉ hiện một lần" in page
    assert authenticate(plain).device_name == "Máy của Lan"
    again = client.get("/devices/").content.decode()
    assert plain not in again and "Máy của Lan" in again


def test_a_lost_phone_is_revoked_and_the_log_shows_what_it_sent(world, phone_of, field):
    phone = phone_of(world.volunteer, device_name="Máy bị mất")
    phone.post(
        "/help-records/batch",
        {"records": [{"client_id": "6f0f9e36-4d4c-4a8f-9f63-2d5c1b3f0a11",
                      "resident_id": world.an.pk, "service": "vneid", "task": "install"}]},
    )  # fmt: skip
    phone.post(f"/visits/{field.visit.pk}/record", {"status": "done", "note": "", "version": 1})
    client = Client()
    client.force_login(world.officer)
    listing = client.get("/devices/").content.decode()
    assert "Máy bị mất" in listing and "2 thay đổi" in listing
    response = client.post(f"/devices/{phone.token.pk}/revoke/")
    assert response.status_code == 302
    assert phone.get("/me").json()["code"] == "token_revoked"
    sent = client.get(f"/devices/{phone.token.pk}/").content.decode()
    assert "Nguyễn Văn An" in sent and "TM-011-001" in sent
    events = AuditEvent.objects.filter(changes__device__id=phone.token.pk)
    assert events.count() == 2
    assert AuditEvent.objects.filter(
        object_type="devicetoken", summary__startswith="Thu hồi mã thiết bị"
    ).exists()


def test_another_wards_officer_cannot_see_or_revoke_a_token(world, phone_of):
    phone = phone_of(world.volunteer, device_name="Máy của chị Hạnh")
    client = Client()
    client.force_login(world.outsider)
    assert "Máy của chị Hạnh" not in client.get("/devices/").content.decode()
    assert client.get(f"/devices/{phone.token.pk}/").status_code == 404
    assert client.post(f"/devices/{phone.token.pk}/revoke/").status_code == 404
    phone.token.refresh_from_db()
    assert phone.token.revoked_at is None


def test_a_volunteer_has_no_token_page(world, phone_of):
    client = Client()
    client.force_login(world.volunteer)
    assert client.get("/devices/").status_code == 403


def test_revoking_twice_logs_once(world, phone_of):
    phone = phone_of(world.volunteer)
    revoke_token(phone.token, by=world.officer)
    revoke_token(phone.token, by=world.officer)
    assert AuditEvent.objects.filter(object_type="devicetoken", action="update").count() == 1
