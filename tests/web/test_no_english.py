"""No English is left in the Vietnamese interface: each role opens its pages in Vietnamese and
what a person reads there (text, and the alt, title, aria-label and placeholder they hear or
see) holds none of the English words a half-translated page shows. Django's admin is
English-only by design and not checked."""

import datetime
import re
from html.parser import HTMLParser

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from hocvuso.campaigns import services as campaigns
from hocvuso.learning import services as learning
from hocvuso.outreach import messaging, news
from hocvuso.outreach import services as outreach
from hocvuso.outreach.models import Article, Channel
from hocvuso.teams import services as teams
from hocvuso.teams.models import MobilePoint

ENGLISH = (
    "Save", "Cancel", "Search", "Delete", "Edit", "Back", "Next", "Previous", "Submit",
    "Log in", "Log out", "Page", "of", "None", "True", "False", "Yes", "No", "required",
    "This field", "Message", "Channel", "Campaign", "Targets", "Added", "Planned", "saved",
    "Error", "From", "To", "Retention", "Member", "News", "Broadcast", "Indicator",
    "Enrolled", "Revoked", "Opened", "Retried", "deliveries", "households", "people",
)  # fmt: skip
ENGLISH_WORD = re.compile(r"\b(?:" + "|".join(re.escape(w) for w in ENGLISH) + r")\b")
READ_ATTRIBUTES = {"alt", "title", "aria-label", "placeholder"}
# Names of the language switcher, meant to be read by someone who reads no Vietnamese.
SWITCHER = {"English", "Language"}


class VisibleText(HTMLParser):
    """What a person reads or hears on a page: text outside scripts and styles, and the
    attributes that screen readers speak or browsers show."""

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self.hidden = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style"):
            self.hidden += 1
        self.parts += [value for name, value in attrs if name in READ_ATTRIBUTES and value]

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style"):
            self.hidden -= 1

    def handle_data(self, data: str) -> None:
        if not self.hidden:
            self.parts.append(data)


def english_in(html: str) -> list[str]:
    reader = VisibleText()
    reader.feed(html)
    text = " ".join(p for p in reader.parts if p.strip() not in SWITCHER)
    return sorted(set(ENGLISH_WORD.findall(text)))


def test_the_check_finds_english_words_and_ignores_code_and_attributes():
    page = (
        '<p>Lưu</p><button title="Save">Lưu</button><input value="None" name="Search">'
        '<script>var Page = "of";</script><p>No record of it</p>'
    )
    assert english_in(page) == ["No", "Save", "of"]


@pytest.fixture
def busy_ward(world):
    """A ward with something on each page, written as the services write it."""
    officer, ward = world.officer, world.ward
    campaign = campaigns.campaign_create(
        user=officer,
        name="Chiến dịch 45 ngày",
        starts_on=timezone.localdate() - datetime.timedelta(days=5),
        ends_on=timezone.localdate() + datetime.timedelta(days=40),
        wards=[ward],
    )
    campaigns.targets_set(user=officer, campaign=campaign, ward=ward, values={})
    outreach.broadcasts_plan(user=officer, ward=ward, starts_on=timezone.localdate(), weeks=1)
    sms = messaging.channel_save(user=officer, group=world.group11, kind="sms", name="Tổ 11")
    messaging.members_from_registry(user=officer, channel=sms)
    (message,) = messaging.message_send(
        user=officer,
        groups=[world.group11],
        kinds={Channel.Kind.SMS},
        subject="Lịch học",
        body="Thứ Bảy học VNeID",
    )
    team = teams.team_create(actor=officer, ward=ward, name="Tổ công nghệ số 11", group=None)
    point = teams.point_save(
        actor=officer,
        point=MobilePoint(),
        ward=ward,
        data={"name": "Nhà văn hoá tổ 11", "address": "Số 1 Trương Định"},
    )
    teams.hours_add(point=point, weekday=5, starts=datetime.time(8), ends=datetime.time(11))
    article = news.article_save(
        user=officer,
        article=Article(
            ward=ward, title="Ra quân chiến dịch", body_html="<p>Bà con chú ý</p>", author=officer
        ),
    )
    classroom = learning.classroom_create(
        user=officer, ward=ward, group=None, name="Lớp người cao tuổi", organisation="elderly"
    )
    return {
        "campaign": campaign,
        "message": message,
        "channel": sms,
        "team": team,
        "point": point,
        "article": article,
        "classroom": classroom,
    }


def public_pages(world) -> list[str]:
    code = world.ward.pk
    return [
        "/",
        f"/points/{code}/",
        f"/help/{code}/",
        "/help/status/",
        "/privacy/",
        "/learn/",
        "/ask/",
        "/c/",
        f"/news/{code}/",
        reverse("accounts:login"),
        "/khong-co-trang-nay/",
    ]


def staff_pages(world, data) -> list[str]:
    ward = world.ward.pk
    campaign = data["campaign"].pk
    return [
        "/",
        reverse("people:residents"),
        reverse("people:household", args=[world.h11.pk]),
        reverse("people:household_new"),
        reverse("support:record"),
        reverse("support:caseload"),
        reverse("support:priorities"),
        reverse("support:requests"),
        reverse("support:visit_plan", args=[world.h11.pk]),
        reverse("teams:teams"),
        reverse("teams:team", args=[data["team"].pk]),
        reverse("teams:trainings"),
        reverse("teams:points"),
        reverse("teams:point", args=[data["point"].pk]),
        reverse("teams:my_shifts"),
        reverse("learning:classes"),
        reverse("learning:class", args=[data["classroom"].pk]),
        reverse("learning:certificates"),
        reverse("campaigns:list"),
        reverse("campaigns:dashboard", args=[campaign]),
        reverse("campaigns:targets", args=[campaign]) + f"?ward={ward}",
        reverse("outreach:broadcasts"),
        reverse("outreach:news"),
        reverse("outreach:news_edit", args=[data["article"].pk]),
        reverse("outreach:outbox"),
        reverse("outreach:message", args=[data["message"].pk]),
        reverse("outreach:compose"),
        reverse("outreach:channels"),
        reverse("outreach:channel_members", args=[data["channel"].pk]),
        reverse("places:groups"),
        reverse("audit:events"),
    ]


def english_on(client, urls: list[str]) -> dict[str, list[str]]:
    found = {}
    for url in urls:
        response = client.get(url, follow=True)
        assert response["Content-Type"].startswith("text/html"), url
        if words := english_in(response.content.decode()):
            found[url] = words
    return found


def test_the_public_pages_have_no_english_left(client, world):
    with translation.override("vi"):
        assert english_on(client, public_pages(world)) == {}


@pytest.mark.parametrize("role", ["officer", "leader", "volunteer"])
def test_each_roles_pages_have_no_english_left(client, world, busy_ward, role):
    client.force_login(getattr(world, role))
    assert english_on(client, staff_pages(world, busy_ward)) == {}
