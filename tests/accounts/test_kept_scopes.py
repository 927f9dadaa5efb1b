"""A user's scope is kept between requests, and every write it is built from reaches the very
next request: a role revoked or moved, a ward taken off the campaign, a group merged."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from hocvuso.accounts import scoping
from hocvuso.accounts.models import RoleAssignment
from hocvuso.places.models import Ward
from hocvuso.places.services import group_merge


def household_page(client, household):
    return client.get(reverse("people:household", args=[household.pk]))


def role_reads(client, household) -> tuple[int, int]:
    """The page's status and how many times it read the user's roles."""
    with CaptureQueriesContext(connection) as queries:
        status = household_page(client, household).status_code
    sql = [q["sql"] for q in queries.captured_queries]
    return status, sum('FROM "accounts_roleassignment"' in q for q in sql)


@pytest.fixture
def volunteer(client, world):
    client.force_login(world.volunteer)
    assert household_page(client, world.h11).status_code == 200
    return client


def test_the_next_request_reads_no_roles(volunteer, world):
    """The roles are read once, then kept until one of them changes."""
    assert role_reads(volunteer, world.h11) == (200, 0)


def test_a_revoked_role_takes_effect_on_the_very_next_request(volunteer, world):
    RoleAssignment.objects.get(user=world.volunteer).delete()
    assert household_page(volunteer, world.h11).status_code == 403  # no role left anywhere


def test_a_role_moved_to_another_group_takes_effect_on_the_very_next_request(volunteer, world):
    RoleAssignment.objects.get(user=world.volunteer).groups.set([world.group12])
    assert household_page(volunteer, world.h11).status_code == 404
    assert household_page(volunteer, world.h12).status_code == 200


def test_a_ward_taken_off_the_campaign_is_closed_on_the_very_next_request(client, world):
    client.force_login(world.officer)
    assert household_page(client, world.h12).status_code == 200
    world.ward.is_active = False
    world.ward.save(update_fields=["is_active"])
    assert household_page(client, world.h12).status_code == 403


def test_a_merged_groups_households_leave_its_volunteer_on_the_very_next_request(volunteer, world):
    group_merge(
        source=world.group11,
        target=world.group12,
        actor=world.officer,
        effective_on=datetime.date.today(),
    )
    assert household_page(volunteer, world.h11).status_code == 404


def test_a_write_in_another_process_reaches_this_one_through_the_shared_cache(volunteer, world):
    # Another process writes the rows (no signal here) and sends the new version round.
    RoleAssignment.objects.filter(user=world.volunteer).update(ward=world.other_ward)
    scoping.roles_changed()
    assert role_reads(volunteer, world.h11) == (404, 1)


def test_a_scope_built_before_a_write_commits_is_not_kept_past_the_commit(
    world, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        world.group12.name = "Tổ dân phố số 12A"
        world.group12.save(update_fields=["name"])
        during = scoping._roles_version()
    assert scoping._roles_version() != during


def test_a_write_past_the_signals_shows_once_the_kept_scope_is_too_old(
    volunteer, world, monkeypatch
):
    Ward.objects.filter(pk=world.ward.pk).update(is_active=False)
    monkeypatch.setattr(scoping, "_KEPT_SECONDS", 0.0)
    assert household_page(volunteer, world.h11).status_code == 403


def test_a_logged_out_session_opens_nothing_again(client, world):
    client.force_login(world.officer)
    cookie = client.cookies["sessionid"].value
    client.post(reverse("accounts:logout"))
    client.cookies["sessionid"] = cookie
    assert household_page(client, world.h11).status_code == 302


def test_a_staff_page_reads_only_who_is_asking_before_its_view(client, world):
    """The session comes from the cache, the scope is kept, the menu's addresses are known:
    a page asking nothing of its own costs one query, for the user."""
    client.force_login(world.officer)
    client.get(reverse("accounts:password_change"))
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("accounts:password_change")).status_code == 200
    sql = [q["sql"] for q in queries.captured_queries]
    assert len(sql) == 1 and 'FROM "accounts_user"' in sql[0], sql
