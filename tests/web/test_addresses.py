"""The client's address: X-Forwarded-For counts only when one of our own proxies sent it."""

import pytest
from django.test import RequestFactory
from django.urls import reverse

from hocvuso.audit.models import AuditEvent
from hocvuso.support.models import HelpRequest
from hocvuso.web.addresses import client_address
from tests.accounts.test_login import make_user
from tests.support.test_help_requests import FORM

PROXY = "10.0.0.2"


@pytest.fixture
def behind_proxy(settings):
    settings.TRUSTED_PROXIES = ["10.0.0.0/24", "2001:db8:ffff::/48"]


def file_help(client, world, *, peer: str, forwarded: str | None = None, need: str = "VNeID"):
    headers = {"REMOTE_ADDR": peer}
    if forwarded is not None:
        headers["HTTP_X_FORWARDED_FOR"] = forwarded
    return client.post(
        reverse("help_request", args=[world.ward.pk]),
        {**FORM, "group": world.group11.pk, "need": need},
        **headers,
    )


def test_two_residents_behind_the_proxy_are_counted_apart(client, world, behind_proxy):
    for n in range(5):
        file_help(client, world, peer=PROXY, forwarded="203.0.113.7", need=f"Việc {n}")
    refused = file_help(client, world, peer=PROXY, forwarded="203.0.113.7", need="Việc 6")
    assert refused.status_code == 429
    other = file_help(client, world, peer=PROXY, forwarded="198.51.100.9", need="Việc của Hoa")
    assert other.status_code == 200 and "Việc của Hoa" in HelpRequest.objects.latest("pk").need
    assert HelpRequest.objects.count() == 6


def test_a_forged_forwarded_for_from_an_untrusted_peer_does_not_dodge_the_throttle(
    client, world, behind_proxy
):
    for n in range(5):
        file_help(client, world, peer="203.0.113.50", forwarded=f"192.0.2.{n}", need=f"Việc {n}")
    refused = file_help(client, world, peer="203.0.113.50", forwarded="192.0.2.99", need="Việc 6")
    assert refused.status_code == 429
    page = refused.content.decode()
    assert "Có quá nhiều lần thử từ kết nối này" in page
    assert HelpRequest.objects.count() == 5


def test_a_forged_entry_passed_on_by_the_proxy_does_not_dodge_the_throttle(
    client, world, behind_proxy
):
    for n in range(5):
        file_help(client, world, peer=PROXY, forwarded=f"192.0.2.{n}, 203.0.113.7", need=f"V{n}")
    refused = file_help(client, world, peer=PROXY, forwarded="192.0.2.99, 203.0.113.7")
    assert refused.status_code == 429


def test_without_trusted_proxies_the_header_is_ignored(client, world):
    for n in range(5):
        file_help(client, world, peer=PROXY, forwarded=f"192.0.2.{n}", need=f"Việc {n}")
    assert file_help(client, world, peer=PROXY, forwarded="192.0.2.99").status_code == 429


def test_the_audit_log_records_the_residents_address_behind_the_proxy(client, world, behind_proxy):
    client.force_login(world.officer)
    client.get(
        reverse("people:export", args=["csv"]),
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR="203.0.113.7",
    )
    assert AuditEvent.objects.filter(action="export").latest("at").ip_address == "203.0.113.7"
    client.get(
        reverse("people:export", args=["csv"]),
        REMOTE_ADDR="198.51.100.20",
        HTTP_X_FORWARDED_FOR="192.0.2.1",
    )
    assert AuditEvent.objects.filter(action="export").latest("at").ip_address == "198.51.100.20"


def test_the_login_lockout_holds_one_address_behind_the_proxy_not_everyone(
    client, db, behind_proxy
):
    make_user()
    login = reverse("accounts:login")
    for _ in range(5):
        client.post(
            login,
            {"username": "canbo1", "password": "sai"},
            REMOTE_ADDR=PROXY,
            HTTP_X_FORWARDED_FOR="192.0.2.66",
        )
    right = {"username": "canbo1", "password": "mật-khẩu-dài-2026"}
    locked = client.post(login, right, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="192.0.2.66")
    assert locked.status_code == 429 and "15 phút" in locked.content.decode()
    allowed = client.post(login, right, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="203.0.113.7")
    assert allowed.status_code == 302


@pytest.mark.parametrize(
    ("peer", "forwarded", "expected"),
    [
        ("203.0.113.50", "192.0.2.1", "203.0.113.50"),  # not our proxy
        (PROXY, "", PROXY),  # our proxy, asking for itself
        (PROXY, "192.0.2.1, 203.0.113.7, 10.0.0.3", "203.0.113.7"),  # two of our proxies
        (PROXY, "10.0.0.3, 10.0.0.4", "10.0.0.3"),  # nothing but our own hops
        (PROXY, "not-an-address, 10.0.0.3", "10.0.0.3"),  # garbage: keep the hop that saw it
        (PROXY, "203.0.113.7:51234", "203.0.113.7"),
        ("2001:db8:ffff::1", "[2001:db8::7]:443", "2001:db8::7"),
        ("::ffff:10.0.0.2", "203.0.113.7", "203.0.113.7"),
    ],
)
def test_the_address_is_read_from_the_right(behind_proxy, peer, forwarded, expected):
    request = RequestFactory().get("/", REMOTE_ADDR=peer, HTTP_X_FORWARDED_FOR=forwarded)
    assert client_address(request) == expected


def test_a_forged_https_header_is_dropped_unless_our_proxy_sent_it(client, db, settings):
    settings.TRUSTED_PROXIES = ["10.0.0.0/24"]
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    settings.SECURE_SSL_REDIRECT = True
    home = reverse("web:home")
    forged = client.get(home, REMOTE_ADDR="203.0.113.50", HTTP_X_FORWARDED_PROTO="https")
    assert forged.status_code == 301 and forged["Location"].startswith("https://")
    proxied = client.get(home, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_PROTO="https")
    assert proxied.status_code == 200
