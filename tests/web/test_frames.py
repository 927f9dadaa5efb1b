"""A staff page's frame (the menu, the footer) is drawn once per user, page and menu and kept
(web/frames.py): what a user would notice must still change at once."""

import datetime
import re

from django.urls import reverse
from django.utils import timezone

from hocvuso.accounts.models import Role, RoleAssignment
from hocvuso.teams.models import TeamMember
from hocvuso.teams.services import teams_for_every_group
from tests import factories

MENU = re.compile(r'<li><a href="(/[^"]*)"')
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def test_a_kept_frame_shows_the_users_new_name_and_menu_at_once(client, world):
    url = reverse("support:caseload")
    client.force_login(world.leader)
    first, again = (client.get(url).content.decode() for _ in range(2))
    assert TOKEN.sub("", first) == TOKEN.sub("", again) and world.leader.full_name in again
    world.leader.full_name = "Tổ trưởng Mới Đổi Tên"
    world.leader.save()
    page = client.get(url).content.decode()
    assert "Tổ trưởng Mới Đổi Tên" in page
    RoleAssignment.objects.create(user=world.leader, role=Role.OFFICER, ward=world.ward)
    menu = set(MENU.findall(client.get(url).content.decode()))
    assert menu > set(MENU.findall(page))


def test_the_frame_holds_each_visitors_own_token(client, world):
    client.force_login(world.leader)
    url = reverse("support:caseload")
    client.get(url)  # the frame is kept
    page = client.get(url + "?page=1&x=%3Cb%3E").content.decode()
    (token,) = TOKEN.findall(page)  # the logout form's
    assert len(token) == 64
    assert "\x00" not in page and "framed" not in page
    # Logging out works with the token put in.
    client.post(reverse("accounts:logout"), {"csrfmiddlewaretoken": token})
    assert client.get(url).status_code == 302


def test_the_language_link_turns_a_framed_page_to_english(client, world):
    client.force_login(world.leader)
    url = reverse("support:caseload")
    assert "Thăm hộ" in client.get(url).content.decode()
    response = client.get(reverse("language", args=["en"]), HTTP_REFERER=f"http://testserver{url}")
    assert response.status_code == 302 and response["Location"] == f"http://testserver{url}"
    assert "Home visits" in client.get(url).content.decode()


def test_a_message_waiting_is_shown_on_a_framed_page(client, world):
    teams_for_every_group(ward=world.ward, actor=world.officer)
    member = TeamMember.objects.create(
        team=world.ward.teams.get(residential_group=world.group11),
        ward=world.ward,
        residential_group=world.group11,
        full_name="Lê Minh Đức",
        joined_on=datetime.date(2025, 8, 1),
    )
    household = factories.household(world.group11, key="TM-011-050")
    client.force_login(world.leader)
    client.get(reverse("support:caseload"))  # the frame is kept
    response = client.post(
        reverse("support:visit_plan", args=[household.pk]),
        {"planned_on": timezone.localdate().isoformat(), "assigned_to": member.pk},
        follow=True,
    )
    assert "Đã lên lịch thăm." in response.content.decode()
    assert "Đã lên lịch thăm." not in client.get(reverse("support:caseload")).content.decode()
