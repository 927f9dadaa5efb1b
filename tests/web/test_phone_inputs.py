"""Every field that takes a phone number opens the phone's number keypad (`type="tel"`,
`inputmode="tel"`), on the public forms and the staff ones alike. A resident's own number may
be filled in by the browser; a number staff type is someone else's, so it may not."""

import re

import pytest
from django.urls import reverse

from hocvuso.teams.services import teams_for_every_group


def phone_input(page: str, name: str) -> str:
    found = re.search(rf'<input[^>]*\bname="{name}"[^>]*>', page)
    assert found, f"no input named {name}"
    return found.group(0)


def assert_phone_keypad(tag: str, *, own: bool = True) -> None:
    assert 'type="tel"' in tag
    assert 'inputmode="tel"' in tag
    assert f'autocomplete="{"tel" if own else "off"}"' in tag


@pytest.mark.parametrize(
    ("url", "name"),
    [
        (lambda w: reverse("help_request", args=[w.ward.pk]), "phone"),
        (lambda w: reverse("help_status"), "phone"),
    ],
    ids=["help form", "help status"],
)
def test_a_resident_types_a_phone_on_the_number_keypad(client, world, url, name):
    response = client.get(url(world))
    assert response.status_code == 200
    assert_phone_keypad(phone_input(response.content.decode(), name))


def test_a_learner_saves_and_logs_in_with_the_number_keypad(client, db):
    page = client.get(reverse("learning:account")).content.decode()
    inputs = re.findall(r'<input[^>]*\bname="phone"[^>]*>', page)
    assert len(inputs) == 2, "the save form and the log-in form"
    for tag in inputs:
        assert_phone_keypad(tag)


def test_staff_type_phones_on_the_number_keypad(client, world):
    teams_for_every_group(ward=world.ward, actor=world.officer)
    team = world.ward.teams.get(residential_group=world.group11)
    client.force_login(world.officer)
    pages = {
        reverse("people:household_new"): "phone",
        reverse("people:household_edit", args=[world.h11.pk]): "phone",
        reverse("people:resident_new", args=[world.h11.pk]): "phone",
        reverse("support:record") + "?walk_in=1": "walk_in_phone",
        reverse("teams:member_new", args=[team.pk]): "phone",
    }
    for url, name in pages.items():
        response = client.get(url)
        assert response.status_code == 200, url
        assert_phone_keypad(phone_input(response.content.decode(), name), own=False)
