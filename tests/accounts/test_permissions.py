"""One rights table (accounts/permissions.py), kept by the views, offered by the pages and the
menu, written in the README; pickers list only what the user may choose."""

import datetime
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.test import Client
from django.urls import reverse

from hocvuso.accounts.models import Role
from hocvuso.accounts.permissions import RIGHTS, Action, Kind, may, rights_table
from hocvuso.support.models import HelpRequest
from hocvuso.teams.models import TeamMember
from hocvuso.teams.pickers import PICKER_LIMIT
from hocvuso.teams.services import teams_for_every_group
from tests import factories

ROOT = Path(__file__).resolve().parents[2]


def test_the_readme_shows_the_rights_table_of_the_code():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert rights_table() in readme, "README.md's rights table differs from rights_table()"


def test_the_ward_decisions_hold_in_the_table():
    officer_only = frozenset({Role.OFFICER})
    assert RIGHTS[Kind.RESIDENTS][Action.EXPORT] == officer_only
    assert RIGHTS[Kind.DATA][Action.EXPORT] == officer_only
    assert Role.VOLUNTEER in RIGHTS[Kind.HELP][Action.RECORD]
    assert RIGHTS[Kind.REQUESTS][Action.EDIT] == {Role.OFFICER, Role.LEADER}
    for kind in Kind:
        if kind != Kind.LEARNING:
            assert not any(Role.COACH in roles for roles in RIGHTS[kind].values()), kind


def test_a_right_holds_only_where_the_role_is_held(world):
    coach = factories.user("coach11", role=Role.COACH, ward_=world.ward, groups=(world.group11,))
    g11, g12 = world.group11.pk, world.group12.pk
    ward = world.ward.pk
    assert may(world.volunteer, "record", "help", ward_id=ward, group_id=g11)
    assert not may(world.volunteer, "record", "help", ward_id=ward, group_id=g12)
    assert not may(world.volunteer, "record", "residents", ward_id=ward, group_id=g11)
    assert may(world.leader, "edit", "requests", ward_id=ward, group_id=g11)
    assert not may(world.leader, "edit", "requests", ward_id=ward, group_id=None)  # unsorted
    assert may(world.officer, "edit", "requests", ward_id=ward, group_id=None)
    assert not may(world.outsider, "see", "residents", ward_id=ward, group_id=g11)
    assert may(world.volunteer, "see", "news", ward_id=ward)  # the ward's as a whole
    assert not may(coach, "see", "messages") and not may(coach, "see", "news")
    assert may(coach, "see", "learning")
    assert not may(world.nobody, "see", "residents")


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_a_volunteer_is_offered_neither_a_new_household_nor_an_export(world):
    client = _client(world.volunteer)
    page = client.get(reverse("people:residents")).content.decode()
    assert "Nguyễn Văn An" in page
    assert "Thêm hộ mới" not in page and "export" not in page
    assert client.get(reverse("people:household_new")).status_code == 403
    assert client.get(reverse("people:export", args=["xlsx"])).status_code == 403
    officer_page = _client(world.officer).get(reverse("people:residents")).content.decode()
    assert "Thêm hộ mới" in officer_page and reverse("people:export", args=["xlsx"]) in officer_page


def test_the_leaders_household_form_lists_only_their_group(world):
    page = _client(world.leader).get(reverse("people:household_new")).content.decode()
    assert "Tổ dân phố số 11" in page and "Tổ dân phố số 12" not in page


def test_the_coach_has_no_broadcasts_messages_or_registry(world):
    coach = factories.user("coach11", role=Role.COACH, ward_=world.ward, groups=(world.group11,))
    client = _client(coach)
    page = client.get(reverse("learning:classes")).content.decode()
    for label in ("Phát thanh", "Tin nhắn", reverse("people:residents")):
        assert label not in page
    for name in ("outreach:broadcasts", "outreach:outbox", "outreach:news", "people:residents"):
        assert client.get(reverse(name)).status_code == 403


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []
        self.menu: list[str] = []
        self._nav = 0

    def handle_starttag(self, tag, attrs):
        found = dict(attrs)
        if tag == "nav":
            self._nav += 1
        if tag == "a" and found.get("href"):
            (self.menu if self._nav else self.links).append(found["href"])

    def handle_endtag(self, tag):
        if tag == "nav" and self._nav:
            self._nav -= 1


def _parse(html: str) -> _Links:
    parser = _Links()
    parser.feed(html)
    return parser


def _ours(href: str) -> bool:
    parts = urlsplit(href)
    return (
        not parts.scheme
        and not parts.netloc
        and parts.path.startswith("/")
        # The language link only leads back to the page (tests/test_i18n.py).
        and not parts.path.startswith(("/static/", "/media/", "/accounts/logout", "/language/"))
    )


@pytest.fixture
def busy_world(world):
    """Something behind every list: a team with members, a request, a visit to plan."""
    teams_for_every_group(ward=world.ward, actor=world.officer)
    team = world.ward.teams.get(residential_group=world.group11)
    TeamMember.objects.create(
        team=team, ward=world.ward, residential_group=world.group11,
        full_name="Lê Minh Đức", joined_on=datetime.date(2025, 8, 1),
    )  # fmt: skip
    HelpRequest.objects.create(
        ward=world.ward, residential_group=world.group11, name="Bà Hoa", phone="0912000111",
        need="Cài VNeID", reference="ABC123",
    )  # fmt: skip
    return world


@pytest.mark.parametrize("role", ["volunteer", "leader", "coach", "officer"])
def test_nothing_offered_from_a_roles_menu_is_refused(busy_world, role):
    """Every page of the role's menu, and every link those pages offer, opens for the role."""
    w = busy_world
    users = {"volunteer": w.volunteer, "leader": w.leader, "officer": w.officer}
    user = users.get(role) or factories.user(
        "coach11", role=Role.COACH, ward_=w.ward, groups=(w.group11,)
    )
    client = _client(user)
    menu = [h for h in _parse(client.get("/").content.decode()).menu if _ours(h)]
    assert menu, "the role has a menu"
    seen: set[str] = set()
    for page_url in dict.fromkeys(menu):
        response = client.get(page_url)
        assert response.status_code == 200, (role, page_url, response.status_code)
        for href in _parse(response.content.decode()).links:
            path = urlsplit(href).path
            if not _ours(href) or path in seen or re.search(r"\.(pdf|xlsx|csv|ics)$", path):
                continue
            seen.add(path)
            answer = client.get(href)
            assert answer.status_code not in (403, 404, 500), (role, page_url, href)


@pytest.fixture
def ward_of_many(world):
    """Group 11's team of 3 and group 12's team of PICKER_LIMIT + 5: a long picker for the
    officer, a short one for group 11's leader."""
    teams_for_every_group(ward=world.ward, actor=world.officer)
    for group, count in ((world.group11, 3), (world.group12, PICKER_LIMIT + 5)):
        team = world.ward.teams.get(residential_group=group)
        TeamMember.objects.bulk_create(
            TeamMember(
                team=team, ward=world.ward, residential_group=group,
                full_name=f"Thành viên {group.name[-2:]} số {i:02d}",
                joined_on=datetime.date(2025, 8, 1),
            )
            for i in range(count)
        )  # fmt: skip
    return world


def test_the_leaders_pickers_list_their_team_once_named(ward_of_many, client):
    w = ward_of_many
    client.force_login(w.leader)
    plan = client.get(reverse("support:visit_plan", args=[w.h11.pk])).content.decode()
    assert plan.count("Thành viên 11 số") == 2 * 3  # visitor and second visitor, 3 each
    assert "Thành viên 12" not in plan
    team_name = w.ward.teams.get(residential_group=w.group11).name
    assert plan.count(team_name) == 2  # one group label in each picker
    request = HelpRequest.objects.create(
        ward=w.ward, residential_group=w.group11, name="Bà Hoa", phone="0912000111",
        need="Cài VNeID", reference="ABC124",
    )  # fmt: skip
    page = client.get(reverse("support:request", args=[request.pk])).content.decode()
    assert page.count("Thành viên 11 số") == 3 and "Thành viên 12" not in page


def test_a_long_picker_is_a_search_within_scope(ward_of_many, client):
    w = ward_of_many
    client.force_login(w.officer)
    plan = client.get(reverse("support:visit_plan", args=[w.h11.pk])).content.decode()
    assert "Thành viên" not in plan  # no list of 38 names
    assert 'list="id_assigned_to-options"' in plan and "data-member-search" in plan
    assert "teams/picker.js" in plan
    search = reverse("teams:member_search")
    found = client.get(search, {"ward": w.ward.pk, "q": "thanh vien 12 so 0"}).json()["results"]
    assert [r["value"].split(" #")[0] for r in found] == [
        f"Thành viên 12 số {i:02d}" for i in range(10)
    ]
    member = TeamMember.objects.get(full_name="Thành viên 12 số 03")
    answer = client.post(
        reverse("support:visit_plan", args=[w.h11.pk]),
        {
            "planned_on": datetime.date.today().isoformat(),
            "assigned_to": f"{member.full_name} #{member.pk}",
        },
    )
    assert answer.status_code == 302
    assert w.h11.visits.get().assigned_to == member
    # Group 11's leader searches only their own team, and another ward's officer nothing here.
    client.force_login(w.leader)
    assert client.get(search, {"ward": w.ward.pk, "q": "12"}).json()["results"] == []
    assert len(client.get(search, {"ward": w.ward.pk, "q": "11"}).json()["results"]) == 3
    client.force_login(w.outsider)
    assert client.get(search, {"ward": w.ward.pk, "q": "thanh"}).json()["results"] == []


def test_a_name_typed_without_the_list_is_looked_up_and_an_unknown_one_refused(
    ward_of_many, client
):
    w = ward_of_many
    client.force_login(w.officer)
    url = reverse("support:visit_plan", args=[w.h11.pk])
    day = datetime.date.today().isoformat()
    refused = client.post(url, {"planned_on": day, "assigned_to": "Không Ai Cả"})
    assert refused.status_code == 200
    assert "Chọn một người trong danh sách" in refused.content.decode()
    client.post(url, {"planned_on": day, "assigned_to": "thanh vien 12 so 07"})
    assert w.h11.visits.get().assigned_to.full_name == "Thành viên 12 số 07"


def test_no_view_raises_permission_error():
    """One refusal: PermissionDenied (the 403 page); no view or service raises or catches
    the built-in PermissionError."""
    source = ROOT / "src" / "hocvuso"
    offenders = [
        str(path.relative_to(source))
        for path in source.rglob("*.py")
        if re.search(r"(raise|except) PermissionError", path.read_text(encoding="utf-8"))
        and path.name != "recovery.py"  # a file the operating system refuses to open
    ]
    assert offenders == []


def test_the_targets_page_reads_the_users_roles_once(world, client):
    """The scope is computed once a request and kept on the user: one read of the roles,
    however many rights the page asks about."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from hocvuso.accounts.scoping import forget_scope
    from hocvuso.campaigns import services

    today = timezone.localdate()
    campaign = services.campaign_create(
        user=world.officer, name="Chiến dịch 45 ngày", wards=[world.ward],
        starts_on=today - datetime.timedelta(days=10), ends_on=today + datetime.timedelta(days=34),
    )  # fmt: skip
    client.force_login(world.officer)
    forget_scope(world.officer)  # not kept from an earlier request: this one builds it
    with CaptureQueriesContext(connection) as queries:
        page = client.get(reverse("campaigns:targets", args=[campaign.pk]), {"ward": world.ward.pk})
    assert page.status_code == 200
    role_reads = [
        q for q in queries.captured_queries if 'FROM "accounts_roleassignment"' in q["sql"]
    ]
    assert len(role_reads) == 1, [q["sql"][:120] for q in role_reads]


def test_public_pages_find_their_ward_one_way(world, client):
    """`places.queries.public_ward`: a ward not served yet is a 404 on every public page."""
    world.ward.is_active = False
    world.ward.save(update_fields=["is_active"])
    for name in ("public_points", "help_request", "news_list"):
        assert client.get(reverse(name, args=[world.ward.pk])).status_code == 404, name
    assert client.get(reverse("public_points", args=[world.other_ward.pk])).status_code == 200


def test_places_imports_no_app_above_it():
    """A group merge tells the apps above through `places.signals.group_merging`; places
    itself reads none of them."""
    above = re.compile(r"hocvuso\.(people|teams|support|learning|campaigns|outreach|assistant)\b")
    places = ROOT / "src" / "hocvuso" / "places"
    offenders = [
        str(path.relative_to(places))
        for path in places.rglob("*.py")
        if "migrations" not in path.parts and above.search(path.read_text(encoding="utf-8"))
    ]
    assert offenders == []


def test_the_demo_is_its_own_app_that_people_does_not_import():
    people = ROOT / "src" / "hocvuso" / "people"
    assert not (people / "demo.py").exists()
    assert not [p for p in people.rglob("*.py") if "hocvuso.demo" in p.read_text(encoding="utf-8")]


def test_people_imports_no_app_above_it():
    """The city generator lives in `demo`, a resident's data rights and the retention periods
    in `privacy`, and support adds its part of the household page (people/household_page.py):
    no module of people imports an app placed after it in INSTALLED_APPS."""
    from django.conf import settings

    ours = [
        app.removeprefix("hocvuso.")
        for app in settings.INSTALLED_APPS
        if app.startswith("hocvuso.")
    ]
    # web's base layout and helpers sit under every page, though the app is listed last.
    above = [app for app in ours[ours.index("people") + 1 :] if app != "web"]
    assert {"teams", "support", "learning", "campaigns", "privacy", "demo"} <= set(above)
    imports = re.compile(rf"^\s*(from|import) hocvuso\.({'|'.join(above)})\b", re.MULTILINE)
    people = ROOT / "src" / "hocvuso" / "people"
    offenders = [
        str(path.relative_to(people))
        for path in people.rglob("*.py")
        if "migrations" not in path.parts and imports.search(path.read_text(encoding="utf-8"))
    ]
    assert offenders == []


def test_staff_pages_find_their_ward_one_way():
    """`places.queries.staff_ward(request)`: every staff page reads `?ward=` through it;
    no view calls the functions under it, or the scope, to pick a ward of its own."""
    source = ROOT / "src" / "hocvuso"
    own_way = re.compile(r"\b(officer_ward|working_ward)\(|seen_ward_ids\)\[0\]")
    offenders = [
        str(path.relative_to(source))
        for path in source.rglob("*.py")
        if path != source / "places" / "queries.py" and own_way.search(path.read_text("utf-8"))
    ]
    assert offenders == []


def test_a_staff_page_refuses_a_ward_not_its_users(world, client):
    """The same refusal on every staff page: a ward not the user's is never replaced by
    their own."""
    client.force_login(world.officer)
    for name in ("outreach:news", "teams:point_new", "campaigns:manual", "places:groups"):
        page = client.get(reverse(name), {"ward": world.other_ward.pk})
        assert page.status_code == 404, name
        assert "Phường này không có, hoặc không phải phường bạn phụ trách." in page.content.decode()
        assert client.get(reverse(name), {"ward": world.ward.pk}).status_code == 200, name
