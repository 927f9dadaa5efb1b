"""Every page carries a Content-Security-Policy that lets no inline script run, and has none."""

from html.parser import HTMLParser

import pytest
from django.urls import reverse

from hocvuso.learning import services
from tests.campaigns.conftest import field  # noqa: F401 (fixtures)
from tests.campaigns.test_pages import campaign  # noqa: F401
from tests.learning.conftest import course, sample_root  # noqa: F401
from tests.outreach.test_messages import channel, send

PUBLIC = [
    "/",
    "/points/{ward}/",
    "/help/{ward}/",
    "/help/status/",
    "/news/{ward}/",
    "/learn/",
    "/learn/mau/",
    "/learn/mau/bai-mot/",
    "/learn/account/",
    "/learn/household/{household_code}/",
    "/learn/offline/",
    "/learn/self-check/",
    "/app/",
    "/ask/?q=cài+vneid",
    "/c/",
    "/accounts/login/",
    "/api/docs",
]
STAFF = [
    "/registry/",
    "/registry/households/{household}/",
    "/campaigns/{campaign}/",
    "/support/caseload/",
    "/outreach/messages/",
    "/audit/",
    "/api/docs",
    "/app/pair/",
    "/devices/",
    "/api/v1/docs",
]


class InlineCode(HTMLParser):
    """Collects what a CSP without 'unsafe-inline' would block: inline scripts and styles."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        names = dict(attrs)
        if tag == "script" and "src" not in names and names.get("type") != "application/json":
            self.found.append("<script> without src")
        if tag == "style":
            self.found.append("<style>")
        self.found += [f"{tag} {name}=" for name in names if name.startswith("on")]
        if "style" in names:
            self.found.append(f"{tag} style=")
        if names.get("href", "").startswith("javascript:"):
            self.found.append(f"{tag} href=javascript:")


def check(response) -> None:
    assert response.status_code == 200, response.status_code
    header = response["Content-Security-Policy"]
    policy = dict(part.strip().partition(" ")[::2] for part in header.split(";"))
    assert policy["script-src"] == "'self'"
    assert (
        "unsafe-inline" not in policy["style-src"] and "unsafe-inline" not in policy["default-src"]
    )
    assert policy["object-src"] == "'none'" and policy["frame-ancestors"] == "'none'"
    parser = InlineCode()
    parser.feed(response.content.decode())
    assert parser.found == []


@pytest.mark.parametrize("path", PUBLIC)
def test_every_public_page_carries_the_policy_and_no_inline_code(client, world, course, path):  # noqa: F811
    code = services.learning_address(world.h11).code
    check(client.get(path.format(ward=world.ward.pk, household_code=code)))


@pytest.mark.parametrize("path", STAFF)
def test_every_staff_page_carries_the_policy_and_no_inline_code(client, field, campaign, path):  # noqa: F811
    client.force_login(field.officer)
    check(client.get(path.format(household=field.h11.pk, campaign=campaign.pk)))


@pytest.mark.parametrize("docs", ["/api/docs", "/api/v1/docs"])
def test_the_api_docs_come_from_our_own_static_files(client, db, docs):
    page = client.get(docs).content.decode()
    assert "/static/ninja/swagger-ui-bundle.js" in page and "/static/ninja/swagger-ui.css" in page
    assert "cdn" not in page.lower() and "https://" not in page
    assert client.get("/static/ninja/swagger-ui-bundle.js").status_code == 200


def test_the_printed_group_message_and_its_page_have_no_inline_code(client, world):
    channel(world.group11, "zalo_group", "Nhóm Zalo tổ 11")
    message = send(world, kinds=["zalo_group"])[0]
    client.force_login(world.leader)
    check(client.get(reverse("outreach:message", args=[message.pk])))
    printed = client.get(reverse("outreach:message_print", args=[message.pk]))
    check(printed)
    assert "Thứ Bảy này có điểm hỗ trợ VNeID" in printed.content.decode()
    assert "/static/outreach/print.css" in printed.content.decode()


def test_the_check_finds_what_the_policy_would_block():
    parser = InlineCode()
    parser.feed(
        '<button onclick="print()">In</button><script>go()</script><p style="width:3px">'
        '<script type="application/json">{}</script><script src="/static/x.js"></script>'
    )
    assert parser.found == ["button onclick=", "<script> without src", "p style="]
